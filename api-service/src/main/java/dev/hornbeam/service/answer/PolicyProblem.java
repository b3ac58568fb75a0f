package dev.hornbeam.service.answer;

import dev.hornbeam.policy.parse.Pointers;
import dev.hornbeam.policy.parse.Problem;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Locale;

/**
 * One validation problem of a policy in a request.
 *
 * @param field the request member that holds the policy ({@code policy}, {@code policyDocument}, …)
 * @param pointer RFC 6901 pointer: into the request body when the policy is a JSON object there
 *     ({@code /policy/Statement/0/Effect}); into the policy document when it is a string
 *     ({@code /Statement/0/Effect} of {@code policyDocument})
 * @param code the stable problem code (see {@code hornbeam validate})
 * @param severity {@code error} or {@code warning}
 */
@Serdeable
public record PolicyProblem(String field, String pointer, String code, String severity, String message) {
  public static PolicyProblem of(String field, boolean embedded, Problem p) {
    String pointer = embedded ? Pointers.child("", field) + p.pointer() : p.pointer();
    return new PolicyProblem(field, pointer, p.code().name(), p.severity().name().toLowerCase(Locale.ROOT), p.message());
  }
}
