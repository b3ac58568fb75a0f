package dev.hornbeam.policy.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.model.ActionElement;
import dev.hornbeam.policy.model.BaseOperator;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.ConditionOperator;
import dev.hornbeam.policy.model.Effect;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.PrincipalElement;
import dev.hornbeam.policy.model.PrincipalType;
import dev.hornbeam.policy.model.Principals;
import dev.hornbeam.policy.model.ResourceElement;
import dev.hornbeam.policy.model.SetQualifier;
import dev.hornbeam.policy.model.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties over generated inputs: the evaluator never throws on any model objects, the wildcard
 * matcher agrees with a regular-expression oracle, and negation and set-of-one behave as documented.
 */
class TotalityPropertiesTest {

  /** Fragments chosen to hit every parser's edge: wildcards, variables, ARNs, numbers, dates, IPs. */
  private static final List<String> FRAGMENTS =
      List.of(
          "", "a", "B", "*", "?", ":", "/", ".", ",", "'", " ", "$", "{", "}", "${", "${*}",
          "${k}", "${k, 'd'}", "${aws:username}", "arn:aws:s3:::", "arn:aws:iam::123456789012:",
          "role/r", "assumed-role/r/s", "root", "123456789012", "1", "0", "-", "+", "1.2", "e5",
          "2020-01-01", "T00:00:00Z", "+02:00", "1577836800", "true", "FALSE", "QQ==", "=", "10.0.0.1",
          "/24", "::", "ffff", "::ffff:1.2.3.4", "%", "\uD83D\uDE00", "\uD800", "\uDC00", "\u212A");

  private static Arbitrary<String> text() {
    return Arbitraries.of(FRAGMENTS).list().ofMaxSize(6).map(parts -> String.join("", parts));
  }

  private static Arbitrary<List<String>> texts() {
    return text().list().ofMaxSize(3);
  }

  private static Arbitrary<ConditionOperator> operators() {
    return Combinators.combine(
            Arbitraries.of(SetQualifier.class),
            Arbitraries.of(BaseOperator.class),
            Arbitraries.of(true, false))
        .as(ConditionOperator::new);
  }

  private static final List<String> KEYS = List.of("k", "K", "aws:username", "j");

  private static Arbitrary<Condition> conditions() {
    return Combinators.combine(operators(), Arbitraries.of(KEYS), texts()).as(Condition::new);
  }

  private static Arbitrary<PrincipalElement> principals() {
    Arbitrary<Principals> listed =
        Combinators.combine(Arbitraries.of(PrincipalType.class), texts())
            .as((t, vs) -> new Principals.Listed(Map.of(t, vs)));
    Arbitrary<Principals> any = Arbitraries.just(new Principals.Anyone());
    Arbitrary<PrincipalElement> element =
        Combinators.combine(Arbitraries.of(true, false), Arbitraries.oneOf(listed, any))
            .as(PrincipalElement::new);
    return Arbitraries.oneOf(element, Arbitraries.just(null));
  }

  private static Arbitrary<ResourceElement> resourceElements() {
    Arbitrary<ResourceElement> element =
        Combinators.combine(Arbitraries.of(true, false), texts()).as(ResourceElement::new);
    return Arbitraries.oneOf(element, Arbitraries.just(null));
  }

  private static Arbitrary<Statement> statements() {
    return Combinators.combine(
            Arbitraries.of(Effect.class),
            principals(),
            Combinators.combine(Arbitraries.of(true, false), texts()).as(ActionElement::new),
            resourceElements(),
            conditions().list().ofMaxSize(3))
        .as((e, p, a, r, cs) -> new Statement(null, e, p, a, r, cs));
  }

  @Provide
  Arbitrary<Policy> policies() {
    return Combinators.combine(
            Arbitraries.of(Policy.VERSION_2012, Policy.VERSION_2008, "2012-10-17 "),
            statements().list().ofMaxSize(4))
        .as((v, ss) -> new Policy(v, null, ss));
  }

  @Provide
  Arbitrary<Request> requests() {
    Arbitrary<RequestPrincipal> principal =
        Arbitraries.oneOf(
            Arbitraries.just(new RequestPrincipal.Anonymous()),
            Combinators.combine(text(), text()).as(RequestPrincipal.Aws::new),
            text().map(RequestPrincipal.Service::new),
            text().map(RequestPrincipal.Federated::new),
            text().map(RequestPrincipal.CanonicalUser::new));
    Arbitrary<ContextValue> value =
        Arbitraries.oneOf(text().map(ContextValue::single), texts().map(ContextValue::multi));
    Arbitrary<Map<String, ContextValue>> context =
        Arbitraries.maps(Arbitraries.of("k", "aws:username", "j"), value).ofMaxSize(3);
    return Combinators.combine(principal, text(), text(), context).as(Request::new);
  }

  @Property(tries = 1500)
  void evaluatorIsTotalAndDecisionIsConsistent(
      @ForAll("policies") Policy policy, @ForAll("requests") Request request) {
    Decision d = Evaluator.evaluate(policy, request);
    Outcome expected =
        !d.matchedDenies().isEmpty()
            ? Outcome.EXPLICIT_DENY
            : !d.matchedAllows().isEmpty() ? Outcome.ALLOW : Outcome.IMPLICIT_DENY;
    assertEquals(expected, d.outcome());
    List<Integer> all = new ArrayList<>(d.matchedAllows());
    all.addAll(d.matchedDenies());
    for (int i : all) {
      assertTrue(i >= 0 && i < policy.statements().size());
    }
  }

  // ---- wildcard oracle ----

  @Provide
  Arbitrary<String> globPatterns() {
    return Arbitraries.of("a", "b", "*", "?", "\uD83D\uDE00").list().ofMaxSize(8)
        .map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<String> globTexts() {
    return Arbitraries.of("a", "b", "A", "\uD83D\uDE00").list().ofMaxSize(10)
        .map(parts -> String.join("", parts));
  }

  @Property(tries = 2000)
  void wildcardAgreesWithRegexOracle(
      @ForAll("globPatterns") String pattern, @ForAll("globTexts") String text) {
    StringBuilder regex = new StringBuilder();
    pattern.codePoints().forEach(cp -> regex.append(
        cp == '*' ? ".*" : cp == '?' ? "." : Pattern.quote(new String(Character.toChars(cp)))));
    boolean expected = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(text).matches();
    assertEquals(expected, Wildcard.matches(pattern, text, false));
  }

  // ---- negation and set-of-one ----

  @Provide
  Arbitrary<String> plainValues() {
    return Arbitraries.of("a", "b", "*", "?", "ab", "1", "1.0", "10.0.0.1", "::1", "true",
        "arn:aws:s3:::a", "arn:aws:s3:::*", "2020-01-01", "QQ==", "10.0.0.0/8", "x").list()
        .ofMinSize(1).ofMaxSize(2).map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<BaseOperator> negatedOperators() {
    return Arbitraries.of(BaseOperator.class).filter(BaseOperator::negated);
  }

  @Property(tries = 1500)
  void negatedOperatorIsTheExactComplementOnWellTypedValues(
      @ForAll("negatedOperators") BaseOperator negated,
      @ForAll("plainValues") String requestValue,
      @ForAll("plainValues") String policyValue) {
    BaseOperator positive = positiveOf(negated);
    Request r = Fixtures.request().single("k", requestValue).build();
    Condition neg = new Condition(ConditionOperator.of(negated), "k", List.of(policyValue));
    Condition pos = new Condition(ConditionOperator.of(positive), "k", List.of(policyValue));
    boolean n = ConditionEvaluator.holds(neg, r, true);
    boolean p = ConditionEvaluator.holds(pos, r, true);
    if (isWellTyped(negated, requestValue)) {
      assertEquals(!p, n);
    } else {
      assertTrue(!n && !p); // type mismatch: both false
    }
  }

  @Property(tries = 1500)
  void setOfOneBehavesLikeASingleValue(
      @ForAll("conditionsOnK") Condition condition, @ForAll("plainValues") String value) {
    Request single = Fixtures.request().single("k", value).build();
    Request setOfOne = Fixtures.request().multi("k", value).build();
    assertEquals(
        ConditionEvaluator.holds(condition, single, true),
        ConditionEvaluator.holds(condition, setOfOne, true));
  }

  @Provide
  Arbitrary<Condition> conditionsOnK() {
    return Combinators.combine(operators(), plainValues().list().ofMaxSize(3))
        .as((op, vs) -> new Condition(op, "k", vs));
  }

  private static BaseOperator positiveOf(BaseOperator negated) {
    switch (negated) {
      case STRING_NOT_EQUALS: return BaseOperator.STRING_EQUALS;
      case STRING_NOT_EQUALS_IGNORE_CASE: return BaseOperator.STRING_EQUALS_IGNORE_CASE;
      case STRING_NOT_LIKE: return BaseOperator.STRING_LIKE;
      case NUMERIC_NOT_EQUALS: return BaseOperator.NUMERIC_EQUALS;
      case DATE_NOT_EQUALS: return BaseOperator.DATE_EQUALS;
      case NOT_IP_ADDRESS: return BaseOperator.IP_ADDRESS;
      case ARN_NOT_EQUALS: return BaseOperator.ARN_EQUALS;
      case ARN_NOT_LIKE: return BaseOperator.ARN_LIKE;
      default: throw new IllegalArgumentException(negated.toString());
    }
  }

  private static boolean isWellTyped(BaseOperator op, String value) {
    switch (op.family()) {
      case NUMERIC: return TypedValues.parseDecimal(value).isPresent();
      case DATE: return TypedValues.parseDate(value).isPresent();
      case IP_ADDRESS: return Cidrs.parseAddress(value).isPresent();
      case ARN: return Arns.isArn(value);
      default: return true;
    }
  }
}
