package dev.hornbeam.service.answer;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An error body, {@code application/problem+json} (RFC 9457). {@code pointer} names the request member
 * at fault when there is one; {@code problems} lists a policy's validation problems.
 */
@Serdeable
public record ApiProblem(String type, String title, int status, String detail, @Nullable String pointer,
    @Nullable List<PolicyProblem> problems) {
  public static final String MEDIA_TYPE = "application/problem+json";
}
