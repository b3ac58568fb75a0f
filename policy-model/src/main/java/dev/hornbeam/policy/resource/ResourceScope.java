package dev.hornbeam.policy.resource;

import dev.hornbeam.policy.eval.Arns;
import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.Statement;
import java.util.Objects;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a resource policy is attached to: a resource type and, when known, the resource's ARN. A policy
 * that does not fit it is refused, never answered: the question would be about another resource than
 * the one the caller stores the policy on, and its answer could say NOT_PUBLIC for a policy that is
 * public where it really lives.
 *
 * <ul>
 *   <li>Every {@code Resource} entry must be able to match the resource or, for a bucket, one of its
 *       objects. S3 refuses a bucket policy whose Resource is another bucket ("MalformedPolicy: Policy has
 *       invalid resource", Amazon S3 API Reference, PutBucketPolicy); we hold every type to that rule.
 *       {@code NotResource} entries may name anything.
 *   <li>Some statement's actions must be able to apply to the type (an {@code Action} entry of its
 *       service, or {@code NotAction}); a policy all of whose actions are of other services was written
 *       for another type ({@code check public --type kms} on a bucket policy). Single entries of other
 *       services are warnings.
 * </ul>
 *
 * @param arn the resource's ARN, valid for the type ({@link ResourceType#arnProblem}), or {@code null}
 *     for any resource of the type
 */
public record ResourceScope(ResourceType type, String arn) {
  public ResourceScope {
    Objects.requireNonNull(type, "type");
    if (arn != null && type.arnProblem(arn).isPresent()) {
      throw new IllegalArgumentException(type.arnProblem(arn).get());
    }
  }

  /** Any resource of {@code type}. */
  public static ResourceScope of(ResourceType type) {
    return new ResourceScope(type, null);
  }

  /** Why the {@code Resource} entry {@code pattern} cannot name this resource, or empty when it can. */
  public Optional<String> resourceProblem(String pattern, boolean variablesEnabled) {
    if (arn == null || Arns.mayMatch(pattern, variablesEnabled, arn, type.childPrefix(arn).orElse(null))) {
      return Optional.empty();
    }
    return Optional.of("\"" + shorten(pattern) + "\" cannot match " + arn + (type.childPrefix(arn).isPresent() ? " or its objects" : "")
        + ", the resource this policy is for: a policy naming another resource is refused (S3: \"Policy has invalid resource\")");
  }

  /** Whether the {@code Action} entry {@code pattern} may match an action of the type's service. */
  public boolean actionApplies(String pattern) {
    return Evaluator.mayMatchActionOf(pattern, type.service());
  }

  /** Why no statement's actions can apply to the type. */
  public String noActionProblem() {
    return "no statement has an action of " + type.service() + ", so this is not a policy of an " + type.cloudFormationName()
        + ": check it as the type it was written for";
  }

  /**
   * The first way {@code policy} does not fit (statement index and rule), or empty: the facade's check
   * of what the readers of requests check with JSON pointers ({@code PolicyParser.parse(…, scope)}).
   */
  public Optional<String> problem(Policy policy) {
    boolean applies = false;
    for (int i = 0; i < policy.statements().size(); i++) {
      Statement s = policy.statements().get(i);
      if (s.principal() != null && s.principal().principals() instanceof dev.hornbeam.policy.model.Principals.Listed l) {
        for (Map.Entry<dev.hornbeam.policy.model.PrincipalType, List<String>> e : l.byType().entrySet()) {
          for (String v : e.getValue()) {
            Optional<String> p = principalProblem(e.getKey(), v);
            if (p.isPresent()) {
              return Optional.of("statement " + i + ": " + p.get());
            }
          }
        }
      }
      applies |= s.action().negated() || s.action().patterns().stream().anyMatch(this::actionApplies);
      if (s.resource() != null && !s.resource().negated()) {
        for (String pattern : s.resource().patterns()) {
          Optional<String> p = resourceProblem(pattern, policy.variablesEnabled());
          if (p.isPresent()) {
            return Optional.of("statement " + i + ": " + p.get());
          }
        }
      }
    }
    return applies ? Optional.empty() : Optional.of(noActionProblem());
  }

  /**
   * Why a principal cannot be decided for this type, or empty. In a role trust policy a {@code Federated}
   * value must be a provider AWS has (IAM User Guide, "AWS JSON policy elements: Principal", "Federated
   * user principals" / "OIDC session principals"): a well-known web-identity provider ({@code
   * accounts.google.com}, {@code graph.facebook.com}, {@code www.amazon.com}, {@code
   * cognito-identity.amazonaws.com}) or the ARN of an OIDC or SAML provider ({@code
   * arn:aws:iam::ACCOUNT:oidc-provider/HOST}, {@code arn:aws:iam::ACCOUNT:saml-provider/NAME}). Anything
   * else is refused, never read as a fixed value (which would answer NOT_PUBLIC for what we do not know).
   */
  public Optional<String> principalProblem(dev.hornbeam.policy.model.PrincipalType kind, String value) {
    if (type == ResourceType.IAM_ROLE_TRUST && kind == dev.hornbeam.policy.model.PrincipalType.FEDERATED
        && dev.hornbeam.policy.universe.IdentityProviders.kind(value).isEmpty()) {
      return Optional.of("\"" + shorten(value) + "\" is no identity provider AWS has: a trust policy's Federated principal is"
          + " accounts.google.com, graph.facebook.com, www.amazon.com, cognito-identity.amazonaws.com, or an"
          + " arn:aws:iam::ACCOUNT:oidc-provider/HOST or arn:aws:iam::ACCOUNT:saml-provider/NAME ARN");
    }
    return Optional.empty();
  }

  private static String shorten(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }
}
