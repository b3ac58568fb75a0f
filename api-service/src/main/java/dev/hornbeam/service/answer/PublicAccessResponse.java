package dev.hornbeam.service.answer;

import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.universe.PrincipalKind;
import dev.hornbeam.portfolio.Grant;
import dev.hornbeam.portfolio.PublicAccessAnswer;
import dev.hornbeam.portfolio.Reason;
import dev.hornbeam.portfolio.Timings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code POST /v1/checks/public-access}, modelled on IAM Access Analyzer's
 * CheckNoPublicAccess: {@code result} PUBLIC / NOT_PUBLIC, {@code reasons} naming the statements that
 * grant public access, plus what Access Analyzer does not give: the witness request, the solver and the
 * timings. {@code reason} is SOLVED, or why the answer failed closed (TIMEOUT, UNKNOWN, ERROR).
 */
@Serdeable
public record PublicAccessResponse(String result, String reason, String message, List<Finding> reasons,
    @Nullable Witness witness, @Nullable String solver, boolean cached, TimingsMillis timings, List<PolicyProblem> warnings) {

  /** A statement that grants the witness. */
  @Serdeable
  public record Finding(int statementIndex, @Nullable String statementId, String description) {}

  /** The request that shows the policy is public: who, what, on which resource, with which context. */
  @Serdeable
  public record Witness(Caller principal, String action, String resource, List<ContextEntry> context, String description) {}

  /**
   * @param type {@code anonymous}, {@code aws}, {@code service}, {@code federated}, {@code canonicalUser} or
   *     {@code cloudFrontOai} (its ARN in {@code arn}, its S3 canonical user id in {@code name})
   */
  @Serdeable
  public record Caller(String type, String kind, @Nullable String accountId, @Nullable String arn,
      @Nullable String principalArn, @Nullable String name) {}

  @Serdeable
  public record ContextEntry(String key, List<String> values, boolean multiValued) {}

  /** Where the time went, in milliseconds (see {@link Timings}). */
  @Serdeable
  public record TimingsMillis(double encode, double queue, double solver, double ipc, double decode, double check, double total) {
    static TimingsMillis of(Timings t) {
      return new TimingsMillis(ms(t.encode()), ms(t.queue()), ms(t.solver()), ms(t.ipc()), ms(t.decode()), ms(t.check()), ms(t.total()));
    }

    private static double ms(long micros) {
      return Math.round(micros / 10.0) / 100.0;
    }
  }

  public static PublicAccessResponse of(PublicAccessAnswer a, List<PolicyProblem> warnings) {
    return new PublicAccessResponse(a.result().name(), a.reason().name(), message(a), findings(a.grants()),
        a.witness().map(w -> witness(w, a.witnessText())).orElse(null), a.solver().map(s -> s.key()).orElse(null),
        a.cached(), TimingsMillis.of(a.timings()), warnings);
  }

  /** The answer in one sentence. */
  static String message(PublicAccessAnswer a) {
    if (a.reason() == Reason.SOLVED) {
      return a.isPublic() ? "The policy grants public access: " + a.witnessText() + "."
          : "The policy grants no public access (proved).";
    }
    return "Treated as public because " + why(a.reason(), a.detail()) + ".";
  }

  /** Why an answer failed closed, in words, with its detail when there is one. */
  static String why(Reason reason, String detail) {
    String why = switch (reason) {
      case TIMEOUT -> "no solver answered by the deadline";
      case UNKNOWN -> "the question could not be decided";
      case OVERLOADED -> "the solvers are saturated";
      case INVALID_INPUT -> "the input does not fit the question";
      case ERROR -> "an internal error occurred";
      case SOLVED -> "solved";
    };
    return why + (detail.isEmpty() ? "" : " (" + detail + ")");
  }

  /** The statements that grant a witness. */
  static List<Finding> findings(List<Grant> grants) {
    List<Finding> findings = new ArrayList<>();
    for (Grant g : grants) {
      findings.add(new Finding(g.statementIndex(), g.statementId(), g.description()));
    }
    return findings;
  }

  public static Witness witness(Request r, String text) {
    List<ContextEntry> context = new ArrayList<>();
    for (Map.Entry<String, ContextValue> e : r.context().entrySet()) {
      context.add(new ContextEntry(e.getKey(), e.getValue().values(), e.getValue().multiValued()));
    }
    return new Witness(caller(r.principal()), r.action(), r.resource(), context, text);
  }

  static Caller caller(RequestPrincipal p) {
    String kind = PrincipalKind.of(p).map(Enum::name).orElse("UNKNOWN");
    if (p instanceof RequestPrincipal.Aws a) {
      return new Caller("aws", kind, a.accountId(), a.arn(), a.principalArn(), a.federatedProvider());
    } else if (p instanceof RequestPrincipal.Service s) {
      return new Caller("service", kind, null, null, null, s.name());
    } else if (p instanceof RequestPrincipal.Federated f) {
      return new Caller("federated", kind, null, null, null, f.provider());
    } else if (p instanceof RequestPrincipal.CanonicalUser c) {
      return new Caller("canonicalUser", kind, null, null, null, c.id());
    } else if (p instanceof RequestPrincipal.CloudFrontOai o) {
      return new Caller("cloudFrontOai", kind, null, o.arn(), null, o.canonicalUserId());
    }
    return new Caller("anonymous", kind, null, null, null, null);
  }
}
