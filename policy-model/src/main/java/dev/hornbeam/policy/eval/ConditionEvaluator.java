package dev.hornbeam.policy.eval;

import dev.hornbeam.policy.eval.Wildcard.Segment;
import dev.hornbeam.policy.model.BaseOperator;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.ConditionOperator;
import dev.hornbeam.policy.model.OperatorFamily;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One (operator, key, values) entry of a Condition block against a request (IAM User Guide, "IAM JSON
 * policy elements: Condition", "IAM JSON policy elements: Condition operators", "Creating a condition
 * with multiple context keys or values", "Single-valued vs. multivalued context keys").
 */
final class ConditionEvaluator {
  private ConditionEvaluator() {}

  /** Whether the condition entry holds for the request. */
  static boolean holds(Condition condition, Request request, boolean variablesEnabled) {
    ConditionOperator operator = condition.operator();
    BaseOperator base = operator.base();
    // "IAM JSON policy elements: Condition": condition key names are not case-sensitive
    // (Request.lookup ignores case).
    ContextValue context = request.lookup(condition.key());
    // Our reading of "missing context keys or context keys with empty values" (multivalued context key
    // examples): an empty multivalued set is treated exactly like an absent key.
    List<String> requestValues = context == null ? List.of() : context.values();
    boolean present = !requestValues.isEmpty();

    // "Condition operator to check existence of condition keys": Null. Set qualifiers and IfExists are
    // ignored on it.
    if (base == BaseOperator.NULL) {
      return nullHolds(condition.values(), present);
    }

    if (!present) {
      // "...IfExists condition operators": if the key is not present, the condition is true.
      if (operator.ifExists()) {
        return true;
      }
      switch (operator.qualifier()) {
        case FOR_ALL_VALUES:
          return true; // "Single-valued vs. multivalued": ForAllValues is true when the key is missing
        case FOR_ANY_VALUE:
          return false; // ForAnyValue needs at least one request value
        default:
          // "Condition operators": a negated matching operator (StringNotEquals, ...) is true for a
          // missing key; a positive one is false.
          return base.negated();
      }
    }

    // An IfExists suffix on a present key changes nothing.
    switch (operator.qualifier()) {
      case FOR_ALL_VALUES:
        // every request value must satisfy the operator
        return requestValues.stream().allMatch(v -> holdsFor(condition, v, request, variablesEnabled));
      case FOR_ANY_VALUE:
        // at least one request value must satisfy the operator
        return requestValues.stream().anyMatch(v -> holdsFor(condition, v, request, variablesEnabled));
      default:
        // No set qualifier. A single-valued key has one value, so "all" and "any" agree. For a
        // multivalued key (our reading, see docs/semantics.md): a positive operator needs some request
        // value to match some policy value; a negated one needs every request value to match none.
        return base.negated()
            ? requestValues.stream().allMatch(v -> holdsFor(condition, v, request, variablesEnabled))
            : requestValues.stream().anyMatch(v -> holdsFor(condition, v, request, variablesEnabled));
    }
  }

  /**
   * The operator applied to one request value: whether the value matches some policy value (the policy
   * values are ORed), negated for a negated operator (so that is the NOR: matches none of them). A
   * request value of the wrong type (e.g. "abc" for a Numeric operator) makes the result false, for
   * negated operators too (our reading: a type mismatch fails the condition).
   */
  static boolean holdsFor(Condition condition, String requestValue, Request request, boolean vars) {
    BaseOperator base = condition.operator().base();
    if (!wellTyped(base.family(), requestValue)) {
      return false;
    }
    boolean matchesSome = false;
    for (String policyValue : condition.values()) {
      if (matchesPolicyValue(base, policyValue, requestValue, request, vars)) {
        matchesSome = true;
      }
    }
    return base.negated() ? !matchesSome : matchesSome;
  }

  /** Whether a request value can be compared by operators of this family at all. */
  private static boolean wellTyped(OperatorFamily family, String requestValue) {
    switch (family) {
      case NUMERIC:
        return TypedValues.parseDecimal(requestValue).isPresent();
      case DATE:
        return TypedValues.parseDate(requestValue).isPresent();
      case BOOL:
        return TypedValues.parseBool(requestValue).isPresent();
      case BINARY:
        return TypedValues.decodeBase64(requestValue).isPresent();
      case IP_ADDRESS:
        return Cidrs.parseAddress(requestValue).isPresent();
      case ARN:
        return Arns.isArn(requestValue);
      default:
        return true; // STRING: any text is a string
    }
  }

  /**
   * Whether one request value matches one policy value under the positive form of the operator (for a
   * negated operator, its positive counterpart: StringNotLike uses StringLike, and so on). A policy value
   * that does not parse, or holds an unresolvable policy variable, matches nothing.
   */
  private static boolean matchesPolicyValue(
      BaseOperator base, String policyValue, String requestValue, Request request, boolean vars) {
    switch (base) {
      // "String condition operators": StringEquals is exact and case-sensitive, no wildcards ...
      case STRING_EQUALS:
      case STRING_NOT_EQUALS:
        return stringMatches(policyValue, requestValue, false, false, request, vars);
      // ... StringEqualsIgnoreCase ignores case (ASCII letters only, our reading) ...
      case STRING_EQUALS_IGNORE_CASE:
      case STRING_NOT_EQUALS_IGNORE_CASE:
        return stringMatches(policyValue, requestValue, false, true, request, vars);
      // ... StringLike is case-sensitive with * and ? wildcards.
      case STRING_LIKE:
      case STRING_NOT_LIKE:
        return stringMatches(policyValue, requestValue, true, false, request, vars);

      // "Numeric condition operators": the request value compared with the policy value.
      case NUMERIC_EQUALS:
      case NUMERIC_NOT_EQUALS:
        return compareNumbers(requestValue, policyValue).map(c -> c == 0).orElse(false);
      case NUMERIC_LESS_THAN:
        return compareNumbers(requestValue, policyValue).map(c -> c < 0).orElse(false);
      case NUMERIC_LESS_THAN_EQUALS:
        return compareNumbers(requestValue, policyValue).map(c -> c <= 0).orElse(false);
      case NUMERIC_GREATER_THAN:
        return compareNumbers(requestValue, policyValue).map(c -> c > 0).orElse(false);
      case NUMERIC_GREATER_THAN_EQUALS:
        return compareNumbers(requestValue, policyValue).map(c -> c >= 0).orElse(false);

      // "Date condition operators": the request time compared with the policy time.
      case DATE_EQUALS:
      case DATE_NOT_EQUALS:
        return compareDates(requestValue, policyValue).map(c -> c == 0).orElse(false);
      case DATE_LESS_THAN:
        return compareDates(requestValue, policyValue).map(c -> c < 0).orElse(false);
      case DATE_LESS_THAN_EQUALS:
        return compareDates(requestValue, policyValue).map(c -> c <= 0).orElse(false);
      case DATE_GREATER_THAN:
        return compareDates(requestValue, policyValue).map(c -> c > 0).orElse(false);
      case DATE_GREATER_THAN_EQUALS:
        return compareDates(requestValue, policyValue).map(c -> c >= 0).orElse(false);

      // "Boolean condition operators": true/false, ignoring case.
      case BOOL: {
        Optional<Boolean> policy = TypedValues.parseBool(policyValue);
        return policy.isPresent() && policy.equals(TypedValues.parseBool(requestValue));
      }

      // "Binary condition operators": base64 values compared as bytes.
      case BINARY_EQUALS: {
        Optional<byte[]> policy = TypedValues.decodeBase64(policyValue);
        Optional<byte[]> actual = TypedValues.decodeBase64(requestValue);
        return policy.isPresent() && actual.isPresent() && Arrays.equals(policy.get(), actual.get());
      }

      // "IP address condition operators": the request address lies in the policy CIDR block.
      case IP_ADDRESS:
      case NOT_IP_ADDRESS: {
        Optional<Cidrs.Cidr> block = Cidrs.parseCidr(policyValue);
        Optional<byte[]> address = Cidrs.parseAddress(requestValue);
        return block.isPresent() && address.isPresent() && Cidrs.contains(block.get(), address.get());
      }

      // "Amazon Resource Name (ARN) condition operators": ArnEquals and ArnLike behave the same, with
      // wildcards, field by field, case-sensitive.
      case ARN_EQUALS:
      case ARN_LIKE:
      case ARN_NOT_EQUALS:
      case ARN_NOT_LIKE: {
        Optional<List<Segment>> pattern =
            PolicyVariables.substitute(policyValue, true, vars, request);
        return pattern.isPresent() && Arns.matches(pattern.get(), requestValue);
      }

      default:
        return false; // NULL is handled before; nothing else exists
    }
  }

  /** String operators; policy variables apply to their values ("Variables and tags"). */
  private static boolean stringMatches(
      String policyValue,
      String requestValue,
      boolean wildcards,
      boolean ignoreAsciiCase,
      Request request,
      boolean vars) {
    Optional<List<Segment>> pattern =
        PolicyVariables.substitute(policyValue, wildcards, vars, request);
    return pattern.isPresent() && Wildcard.matches(pattern.get(), requestValue, ignoreAsciiCase);
  }

  /** Sign of (request - policy), or empty when either is not a number. */
  private static Optional<Integer> compareNumbers(String requestValue, String policyValue) {
    Optional<BigDecimal> actual = TypedValues.parseDecimal(requestValue);
    Optional<BigDecimal> policy = TypedValues.parseDecimal(policyValue);
    if (actual.isEmpty() || policy.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(actual.get().compareTo(policy.get()));
  }

  /** Sign of (request - policy) as instants, or empty when either is not a date. */
  private static Optional<Integer> compareDates(String requestValue, String policyValue) {
    Optional<Instant> actual = TypedValues.parseDate(requestValue);
    Optional<Instant> policy = TypedValues.parseDate(policyValue);
    if (actual.isEmpty() || policy.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(actual.get().compareTo(policy.get()));
  }

  /**
   * Null: {@code "true"} holds when the key is absent (or an empty set), {@code "false"} when it is
   * present; several values are ORed; any other value matches nothing.
   */
  private static boolean nullHolds(List<String> policyValues, boolean present) {
    for (String value : policyValues) {
      Optional<Boolean> expectAbsent = TypedValues.parseBool(value);
      if (expectAbsent.isPresent() && expectAbsent.get() == !present) {
        return true;
      }
    }
    return false;
  }
}
