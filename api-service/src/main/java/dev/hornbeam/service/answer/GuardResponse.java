package dev.hornbeam.service.answer;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The attach guard's decision. {@code decision} is ALLOW or DENY; {@code reason} is NOT_PUBLIC (the
 * only ALLOW), PUBLIC_ACCESS, NEW_ACCESS (with {@code blockNewAccess}: the policy grants what the current
 * one does not, or that question stayed open), INVALID_POLICY, or why the public question stayed open —
 * TIMEOUT, UNKNOWN, ERROR, OVERLOADED — all DENY: the guard fails closed.
 *
 * @param findings the statements that grant the witness (PUBLIC_ACCESS, NEW_ACCESS)
 * @param witness a request from a stranger the policy would allow (PUBLIC_ACCESS), or one the current
 *     policy does not allow (NEW_ACCESS)
 * @param newAccess the no-new-access answer when {@code blockNewAccess} asked for it (its {@code reason}
 *     says why a NEW_ACCESS denial failed closed)
 * @param problems the policy's validation problems (errors for INVALID_POLICY; warnings otherwise)
 * @param policySha256 SHA-256 of the policy as sent (the audit log's key; the text is never logged)
 */
@Serdeable
public record GuardResponse(String decision, String reason, String message, List<PublicAccessResponse.Finding> findings,
    @Nullable PublicAccessResponse.Witness witness, List<PolicyProblem> problems, @Nullable String solver,
    @Nullable CheckResponse newAccess, String policySha256, double latencyMillis) {}
