package dev.hornbeam.smt;

import dev.hornbeam.policy.eval.Cidrs;
import dev.hornbeam.policy.eval.TypedValues;
import dev.hornbeam.policy.model.ActionElement;
import dev.hornbeam.policy.model.BaseOperator;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.ConditionOperator;
import dev.hornbeam.policy.model.Effect;
import dev.hornbeam.policy.model.OperatorFamily;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.PrincipalElement;
import dev.hornbeam.policy.model.PrincipalType;
import dev.hornbeam.policy.model.Principals;
import dev.hornbeam.policy.model.ResourceElement;
import dev.hornbeam.policy.model.SetQualifier;
import dev.hornbeam.policy.model.Statement;
import dev.hornbeam.policy.universe.PrincipalKind;
import dev.hornbeam.smt.api.BitvectorFormula;
import dev.hornbeam.smt.api.BoolFormula;
import dev.hornbeam.smt.api.NumberFormula;
import dev.hornbeam.smt.api.Problem;
import dev.hornbeam.smt.api.SmtLib;
import dev.hornbeam.smt.api.StringFormula;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Encodes a policy over symbolic request variables: one readable boolean per statement part
 * ({@code st0.principal}, {@code st0.action}, {@code st0.resource}, {@code st0.conditions}, {@code
 * st0.matches}) and {@code allows} = OR(Allow statements) AND NOT OR(Deny statements) (IAM User Guide,
 * "Policy evaluation logic"). Written independently of the reference evaluator, which it is tested
 * against; where it cannot be exact it records a gap, and a question with gaps is not answered.
 */
public final class PolicyEncoder {

  /** The encoded policy: declarations and definitions, plus what is needed to decode a model. */
  public record Encoded(RequestVars vars, List<Problem.Item> items, List<String> gaps, Map<String, KeyFacts> facts) {
    /** Reads models of any question built on this encoding back into requests. */
    public WitnessDecoder decoder() {
      return new WitnessDecoder(List.copyOf(vars.keys()), facts);
    }
  }

  /** What the policy says about one key, for decoding a model into readable values. */
  public record KeyFacts(List<BigDecimal> numbers, List<BigDecimal> dates) {}

  private final List<Policy> policies;
  /** The policy whose statements are being encoded (set by {@link #statements}). */
  private Policy policy;
  private final RequestVars vars = new RequestVars();
  private final Problem.Builder statements = new Problem.Builder();
  private boolean statementsStarted;
  private final List<String> gaps = new ArrayList<>();
  private final Map<String, KeyFacts> facts = new LinkedHashMap<>();

  private final Options options;
  private final Matcher matcher;

  /**
   * Encoding choices. Both default to on; switching one off only exists to measure what it buys
   * (BENCHMARKS.md, "Encoding choices").
   *
   * @param actionPrefix when not null, statements whose Action/NotAction can match no action starting
   *     with this (lowercase) prefix are left out: they can never apply to the question's requests
   * @param shortcuts see {@link Matcher#Matcher(boolean)}
   * @param pruning when false, {@code actionPrefix} is ignored and every statement is encoded (questions
   *     such as {@link PublicAccess} set the prefix themselves; this is how to measure without pruning)
   */
  public record Options(String actionPrefix, boolean shortcuts, boolean pruning) {
    public static final Options DEFAULT = new Options(null, true, true);

    public Options(String actionPrefix, boolean shortcuts) {
      this(actionPrefix, shortcuts, true);
    }

    public Options withActionPrefix(String prefix) {
      return new Options(prefix, shortcuts, pruning);
    }
  }

  private PolicyEncoder(List<Policy> policies, Options options) {
    this.policies = List.copyOf(policies);
    this.options = options;
    this.matcher = new Matcher(options.shortcuts());
  }

  public static Encoded encode(Policy policy, Function<String, KeyShape> shapes) {
    return encode(policy, shapes, Options.DEFAULT);
  }

  /**
   * @param shapes how the question lets each key (lowercased) appear: one value or a bounded set
   */
  public static Encoded encode(Policy policy, Function<String, KeyShape> shapes, Options options) {
    return encode(List.of(policy), List.of(""), shapes, options);
  }

  /**
   * Several policies over one set of request variables, for questions that relate them ("P1 allows and
   * P2 does not"). Policy i's names carry {@code prefixes.get(i)}: {@code PREFIXst0.matches}, {@code
   * PREFIXallows}. One policy with prefix "" gives exactly the single-policy text.
   */
  public static Encoded encode(List<Policy> policies, List<String> prefixes, Function<String, KeyShape> shapes,
      Options options) {
    if (policies.size() != prefixes.size() || policies.isEmpty()) {
      throw new IllegalArgumentException("one prefix per policy");
    }
    PolicyEncoder e = new PolicyEncoder(policies, options);
    e.collectKeys(shapes);
    for (int i = 0; i < policies.size(); i++) {
      e.statements(policies.get(i), prefixes.get(i));
    }
    // Gap variables are known only once the statements are encoded; they are declared just before them.
    Problem.Builder out = new Problem.Builder().addAll(e.vars.declarations());
    for (int i = 0; i < e.gaps.size(); i++) {
      out.comment("gap" + i + ": " + e.gaps.get(i)).declare(Terms.boolVar("gap" + i));
    }
    out.addAll(e.statements.items());
    return new Encoded(e.vars, out.items(), List.copyOf(e.gaps), Map.copyOf(e.facts));
  }

  // ------------------------------------------------------------------ keys

  private void collectKeys(Function<String, KeyShape> shapes) {
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, Set<View>> views = new LinkedHashMap<>();
    for (Policy p : policies) {
      policy = p;
      collectKeys(names, views);
    }
    int i = 0;
    for (Map.Entry<String, String> e : names.entrySet()) {
      vars.add(new KeyVars(i++, e.getValue(), shapes.apply(e.getKey()), views.get(e.getKey())));
    }
  }

  private void collectKeys(Map<String, String> names, Map<String, Set<View>> views) {
    for (Statement s : policy.statements()) {
      if (s.resource() != null) {
        for (String r : s.resource().patterns()) {
          variableKeys(r, names, views);
        }
      }
      for (Condition c : s.conditions()) {
        String lower = c.key().toLowerCase(Locale.ROOT);
        names.putIfAbsent(lower, c.key());
        Set<View> v = views.computeIfAbsent(lower, k -> EnumSet.noneOf(View.class));
        View view = view(c.operator().base().family());
        if (view != null) {
          v.add(view);
        }
        OperatorFamily f = c.operator().base().family();
        if (f == OperatorFamily.STRING || f == OperatorFamily.ARN) {
          for (String value : c.values()) {
            variableKeys(value, names, views);
          }
        }
        if (f == OperatorFamily.NUMERIC || f == OperatorFamily.DATE) {
          facts.merge(lower, keyFacts(c), (a, b) -> new KeyFacts(plus(a.numbers(), b.numbers()), plus(a.dates(), b.dates())));
        }
      }
    }
  }

  private static <T> List<T> plus(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static KeyFacts keyFacts(Condition c) {
    List<BigDecimal> numbers = new ArrayList<>();
    List<BigDecimal> dates = new ArrayList<>();
    for (String v : c.values()) {
      if (c.operator().base().family() == OperatorFamily.NUMERIC) {
        TypedValues.parseDecimal(v).ifPresent(numbers::add);
      } else {
        TypedValues.parseDate(v).map(PolicyEncoder::seconds).ifPresent(dates::add);
      }
    }
    return new KeyFacts(numbers, dates);
  }

  private void variableKeys(String value, Map<String, String> names, Map<String, Set<View>> views) {
    if (!policy.variablesEnabled()) {
      return;
    }
    for (Piece p : Piece.parse(value, true, true)) {
      if (p instanceof Piece.Var v) {
        String lower = v.key().toLowerCase(Locale.ROOT);
        names.putIfAbsent(lower, v.key());
        views.computeIfAbsent(lower, k -> EnumSet.noneOf(View.class)).add(View.STR);
      }
    }
  }

  private static View view(OperatorFamily f) {
    return switch (f) {
      case STRING, ARN -> View.STR;
      case NUMERIC -> View.NUM;
      case DATE -> View.DATE;
      case BOOL -> View.BOOL;
      case BINARY -> View.BIN;
      case IP_ADDRESS -> View.IP;
      case NULL -> null;
    };
  }

  // ------------------------------------------------------------------ statements

  private void statements(Policy p, String prefix) {
    policy = p;
    if (!statementsStarted) {
      statements.comment("statements");
      statementsStarted = true;
    }
    if (!prefix.isEmpty()) {
      statements.comment("policy " + prefix);
    }
    List<BoolFormula> allowNames = new ArrayList<>();
    List<BoolFormula> denyNames = new ArrayList<>();
    for (int i = 0; i < policy.statements().size(); i++) {
      Statement s = policy.statements().get(i);
      String st = prefix + "st" + i;
      statements.comment(st + ": " + s.effect().json() + (s.sid() == null ? "" : " Sid " + SmtLib.string(s.sid())));
      if (options.pruning() && options.actionPrefix() != null && !ActionPrefix.canMatch(s.action(), options.actionPrefix())) {
        statements.comment(st + " matches no action starting with " + SmtLib.string(options.actionPrefix()));
        define(st + ".matches", BoolFormula.FALSE);
        continue;
      }
      BoolFormula matches = BoolFormula.and(define(st + ".principal", principal(s.principal())),
          define(st + ".action", action(s.action())), define(st + ".resource", resource(s.resource())),
          define(st + ".conditions", BoolFormula.and(conditions(s.conditions()))));
      (s.effect() == Effect.ALLOW ? allowNames : denyNames).add(define(st + ".matches", matches));
    }
    BoolFormula allowed = define(prefix + "allowed_by_some", BoolFormula.or(allowNames));
    BoolFormula denied = define(prefix + "denied_by_some", BoolFormula.or(denyNames));
    // IAM User Guide, "Policy evaluation logic": an explicit deny overrides any allow.
    define(prefix + "allows", BoolFormula.and(allowed, BoolFormula.not(denied)));
  }

  /** Names {@code body} for readable queries; returns the name. */
  private BoolFormula.Var define(String name, BoolFormula body) {
    BoolFormula.Var v = Terms.boolVar(name);
    statements.define(v, body);
    return v;
  }

  private BoolFormula gap(String why) {
    gaps.add(why);
    return Terms.boolVar("gap" + (gaps.size() - 1));
  }

  // ------------------------------------------------------------------ principal

  private BoolFormula principal(PrincipalElement element) {
    if (element == null) {
      return BoolFormula.TRUE; // identity policies: the principal is whoever the policy is attached to
    }
    BoolFormula listed;
    if (element.principals() instanceof Principals.Listed l) {
      List<BoolFormula> any = new ArrayList<>();
      for (Map.Entry<PrincipalType, List<String>> e : l.byType().entrySet()) {
        for (String v : e.getValue()) {
          any.add(principalEntry(e.getKey(), v));
        }
      }
      listed = BoolFormula.or(any);
    } else {
      listed = BoolFormula.TRUE; // "Principal": "*" — everyone, anonymous included
    }
    // IAM User Guide, "AWS JSON policy elements: NotPrincipal": every principal except the listed ones.
    return element.negated() ? BoolFormula.not(listed) : listed;
  }

  private BoolFormula principalEntry(PrincipalType type, String v) {
    BoolFormula kind = switch (type) {
      case AWS -> RequestVars.kind(RequestVars.AWS);
      case SERVICE -> RequestVars.kind(RequestVars.SERVICE);
      case FEDERATED -> RequestVars.kind(RequestVars.FEDERATED);
      case CANONICAL_USER -> RequestVars.kind(RequestVars.CANONICAL_USER);
    };
    if (!SmtLib.representable(v)) {
      return gap("a principal with characters beyond the SMT-LIB alphabet");
    }
    if (type == PrincipalType.CANONICAL_USER) {
      // a canonical user, or a CloudFront origin access identity named by its S3 canonical user id
      return BoolFormula.and(BoolFormula.or(kind, RequestVars.kind(RequestVars.CLOUDFRONT_OAI)), Terms.eq(RequestVars.NAME_VAR, v));
    }
    if (type != PrincipalType.AWS) {
      return BoolFormula.and(kind, Terms.eq(RequestVars.NAME_VAR, v));
    }
    return awsEntry(v);
  }

  /**
   * One {@code "AWS"} Principal value (IAM User Guide, "AWS JSON policy elements: Principal") against the
   * caller variables; text beyond the SMT-LIB alphabet names no caller a witness can be.
   */
  static BoolFormula awsEntry(String v) {
    if (!SmtLib.representable(v)) {
      return BoolFormula.FALSE;
    }
    BoolFormula kind = RequestVars.kind(RequestVars.AWS);
    if (v.equals("*")) {
      return BoolFormula.TRUE; // {"AWS": "*"} is "*": everyone, anonymous included
    }
    if (v.length() == 12 && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // "AWS account principals": an account id stands for every identity of the account.
      return BoolFormula.and(kind, Terms.eq(RequestVars.ACCOUNT_VAR, v));
    }
    if (PrincipalKind.CLOUDFRONT_OAI_ARN.matcher(v).matches()) {
      // Amazon CloudFront Developer Guide, "Restricting access to an Amazon S3 origin": exactly that OAI
      return BoolFormula.and(RequestVars.kind(RequestVars.CLOUDFRONT_OAI), Terms.eq(RequestVars.ARN_VAR, v));
    }
    List<String> f = fields(v);
    if (f == null || !f.get(0).equals("arn") || !f.get(3).isEmpty()) {
      return BoolFormula.FALSE; // unique ids and other text name no principal
    }
    String service = f.get(2);
    String resource = f.get(5);
    if (service.equals("iam") && resource.equals("root")) {
      return BoolFormula.and(kind, Terms.eq(RequestVars.ACCOUNT_VAR, f.get(4)));
    }
    if (service.equals("iam") && resource.startsWith("user/")) {
      return BoolFormula.and(kind, Terms.eq(RequestVars.ARN_VAR, v));
    }
    if (service.equals("iam") && resource.startsWith("role/")) {
      // "IAM role principals" / "Role session principals": a role names its sessions,
      // arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE-NAME/SESSION (roles never call themselves).
      String role = resource.substring(resource.lastIndexOf('/') + 1);
      String session = "arn:" + f.get(1) + ":sts::" + f.get(4) + ":assumed-role/" + role + "/";
      return BoolFormula.and(kind, BoolFormula.or(Terms.eq(RequestVars.ARN_VAR, v), Terms.prefixOf(session, RequestVars.ARN_VAR)));
    }
    if (service.equals("sts") && (resource.startsWith("assumed-role/") || resource.startsWith("federated-user/"))) {
      return BoolFormula.and(kind, Terms.eq(RequestVars.ARN_VAR, v));
    }
    return BoolFormula.FALSE;
  }

  /** The six ARN fields (split on the first five ':'), or null. */
  static List<String> fields(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < 5; i++) {
      int colon = text.indexOf(':', start);
      if (colon < 0) {
        return null;
      }
      out.add(text.substring(start, colon));
      start = colon + 1;
    }
    out.add(text.substring(start));
    return out;
  }

  // ------------------------------------------------------------------ action and resource

  private BoolFormula action(ActionElement element) {
    List<BoolFormula> any = new ArrayList<>();
    for (String pattern : element.patterns()) {
      if (!SmtLib.representable(pattern)) {
        any.add(gap("an action with characters beyond the SMT-LIB alphabet"));
        continue;
      }
      // Lowercased pattern against the lowercased action variable (see RequestVars.ACTION).
      List<Piece> pieces = Piece.parse(asciiLower(pattern), true, false);
      any.add(matcher.matches(RequestVars.ACTION_VAR, pieces, false, v -> null, this::gap));
    }
    BoolFormula listed = BoolFormula.or(any);
    return element.negated() ? BoolFormula.not(listed) : listed;
  }

  private BoolFormula resource(ResourceElement element) {
    if (element == null) {
      return BoolFormula.TRUE;
    }
    List<BoolFormula> any = new ArrayList<>();
    for (String pattern : element.patterns()) {
      if (!SmtLib.representable(pattern)) {
        any.add(gap("a resource with characters beyond the SMT-LIB alphabet"));
        continue;
      }
      List<Piece> pieces = Piece.parse(pattern, true, policy.variablesEnabled());
      any.add(matcher.matchesArn(RequestVars.RESOURCE_VAR, pieces, this::resolve, this::gap));
    }
    BoolFormula listed = BoolFormula.or(any);
    return element.negated() ? BoolFormula.not(listed) : listed;
  }

  static String asciiLower(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> b.appendCodePoint(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
    return b.toString();
  }

  /** A policy variable: the single value of its key, else its default, else no match. */
  private Matcher.Resolved resolve(Piece.Var var) {
    KeyVars k = vars.key(var.key());
    String dflt = var.defaultValue();
    if (dflt != null && !SmtLib.representable(dflt)) {
      return new Matcher.Resolved(Terms.str(""), gap("a variable default beyond the SMT-LIB alphabet"));
    }
    if (k == null || k.multi()) {
      // "You can't use multivalued context keys as policy variables": the default, or no match.
      return dflt == null ? null : new Matcher.Resolved(Terms.str(dflt), BoolFormula.TRUE);
    }
    if (dflt == null) {
      return new Matcher.Resolved(k.strVar(0), k.present());
    }
    return new Matcher.Resolved(new StringFormula.Ite(k.present(), k.strVar(0), Terms.str(dflt)), BoolFormula.TRUE);
  }

  // ------------------------------------------------------------------ conditions

  private List<BoolFormula> conditions(List<Condition> conditions) {
    List<BoolFormula> all = new ArrayList<>();
    for (Condition c : conditions) {
      all.add(condition(c)); // all entries of a Condition block are ANDed
    }
    return all;
  }

  /** One (operator, key, values) entry, mirroring AWS's rules for absent keys and set qualifiers. */
  private BoolFormula condition(Condition c) {
    KeyVars k = vars.key(c.key());
    ConditionOperator op = c.operator();
    BaseOperator base = op.base();
    if (base == BaseOperator.NULL) {
      // "Condition operator to check existence of condition keys": true → absent, false → present.
      List<BoolFormula> any = new ArrayList<>();
      for (String v : c.values()) {
        Optional<Boolean> b = TypedValues.parseBool(v);
        if (b.isPresent()) {
          any.add(b.get() ? BoolFormula.not(k.present()) : k.present());
        }
      }
      return BoolFormula.or(any);
    }
    BoolFormula absent;
    if (op.ifExists()) {
      absent = BoolFormula.TRUE; // "...IfExists": true when the key is absent
    } else if (op.qualifier() == SetQualifier.FOR_ALL_VALUES) {
      absent = BoolFormula.TRUE; // ForAllValues is vacuously true on an absent (or empty) key
    } else if (op.qualifier() == SetQualifier.FOR_ANY_VALUE) {
      absent = BoolFormula.FALSE;
    } else {
      absent = BoolFormula.of(base.negated()); // negated operators hold on an absent key
    }
    BoolFormula present;
    if (!k.multi()) {
      present = holdsFor(c, k, 0);
    } else {
      boolean all = op.qualifier() == SetQualifier.FOR_ALL_VALUES
          || (op.qualifier() == SetQualifier.NONE && base.negated());
      List<BoolFormula> parts = new ArrayList<>();
      for (int e = 0; e < k.elements(); e++) {
        BoolFormula h = holdsFor(c, k, e);
        parts.add(all ? BoolFormula.implies(k.active(e), h) : BoolFormula.and(k.active(e), h));
      }
      present = all ? BoolFormula.and(parts) : BoolFormula.or(parts);
    }
    return ite(k.present(), present, absent);
  }

  /** {@code if c then a else b} over booleans, folded where a branch is constant. */
  static BoolFormula ite(BoolFormula c, BoolFormula a, BoolFormula b) {
    if (a.equals(b)) {
      return a;
    }
    if (b.equals(BoolFormula.FALSE)) {
      return BoolFormula.and(c, a);
    }
    if (b.equals(BoolFormula.TRUE)) {
      return BoolFormula.implies(c, a);
    }
    if (a.equals(BoolFormula.TRUE)) {
      return BoolFormula.or(c, b);
    }
    if (a.equals(BoolFormula.FALSE)) {
      return BoolFormula.and(BoolFormula.not(c), b);
    }
    return BoolFormula.and(BoolFormula.implies(c, a), BoolFormula.implies(BoolFormula.not(c), b));
  }

  /**
   * The operator on one request value: well-typed, and matching some policy value (negated operators:
   * none). A value of the wrong type fails every operator of the family, negated ones included.
   */
  private BoolFormula holdsFor(Condition c, KeyVars k, int e) {
    BaseOperator base = c.operator().base();
    List<BoolFormula> any = new ArrayList<>();
    for (String v : c.values()) {
      any.add(matchValue(base, v, k, e));
    }
    BoolFormula m = BoolFormula.or(any);
    return BoolFormula.and(wellTyped(base.family(), k, e), base.negated() ? BoolFormula.not(m) : m);
  }

  /** An ARN has six fields: at least five ':'. */
  static BoolFormula isArn(StringFormula term) {
    return Terms.in(term, Terms.seq(Terms.ALL, Terms.lit(":"), Terms.ALL, Terms.lit(":"), Terms.ALL, Terms.lit(":"), Terms.ALL,
        Terms.lit(":"), Terms.ALL, Terms.lit(":"), Terms.ALL));
  }

  private BoolFormula wellTyped(OperatorFamily f, KeyVars k, int e) {
    return switch (f) {
      case STRING -> BoolFormula.TRUE;
      case ARN -> isArn(k.strVar(e));
      case NUMERIC -> k.numOkVar(e);
      case DATE -> k.dateOkVar(e);
      case BOOL -> k.boolOkVar(e);
      case BINARY -> k.binOkVar(e);
      case IP_ADDRESS -> BoolFormula.not(Terms.eq(k.ipFamilyVar(e), 0));
      case NULL -> BoolFormula.TRUE;
    };
  }

  /** One policy value against one request value, positive form of the operator. */
  private BoolFormula matchValue(BaseOperator base, String v, KeyVars k, int e) {
    if (!SmtLib.representable(v)) {
      return gap("a condition value with characters beyond the SMT-LIB alphabet");
    }
    switch (base.family()) {
      case STRING: {
        boolean wildcards = base == BaseOperator.STRING_LIKE || base == BaseOperator.STRING_NOT_LIKE;
        boolean ignoreCase = base == BaseOperator.STRING_EQUALS_IGNORE_CASE
            || base == BaseOperator.STRING_NOT_EQUALS_IGNORE_CASE;
        List<Piece> pieces = Piece.parse(v, wildcards, policy.variablesEnabled());
        return matcher.matches(k.strVar(e), pieces, ignoreCase, this::resolve, this::gap);
      }
      case ARN: {
        // "ARN condition operators": ArnEquals and ArnLike both take wildcards, field by field.
        List<Piece> pieces = Piece.parse(v, true, policy.variablesEnabled());
        return matcher.matchesArn(k.strVar(e), pieces, this::resolve, this::gap);
      }
      case NUMERIC: {
        Optional<BigDecimal> d = TypedValues.parseDecimal(v);
        return d.isEmpty() ? BoolFormula.FALSE : compare(base, k.numVar(e), Terms.real(d.get()));
      }
      case DATE: {
        Optional<Instant> t = TypedValues.parseDate(v);
        return t.isEmpty() ? BoolFormula.FALSE : compare(base, k.dateVar(e), Terms.real(seconds(t.get())));
      }
      case BOOL: {
        Optional<Boolean> b = TypedValues.parseBool(v);
        return b.isEmpty() ? BoolFormula.FALSE : b.get() ? k.boolVar(e) : BoolFormula.not(k.boolVar(e));
      }
      case BINARY: {
        Optional<byte[]> bytes = TypedValues.decodeBase64(v);
        return bytes.isEmpty() ? BoolFormula.FALSE : Terms.eq(k.binVar(e), Base64.getEncoder().encodeToString(bytes.get()));
      }
      case IP_ADDRESS: {
        Optional<Cidrs.Cidr> cidr = Cidrs.parseCidr(v);
        return cidr.isEmpty() ? BoolFormula.FALSE : inCidr(cidr.get(), k, e);
      }
      default:
        return BoolFormula.FALSE;
    }
  }

  /** Seconds since the epoch, exactly (nanosecond precision kept as decimals). */
  static BigDecimal seconds(Instant t) {
    return BigDecimal.valueOf(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano(), 9)).stripTrailingZeros();
  }

  private static BoolFormula compare(BaseOperator base, NumberFormula x, NumberFormula c) {
    NumberFormula.Op op = switch (base) {
      case NUMERIC_EQUALS, NUMERIC_NOT_EQUALS, DATE_EQUALS, DATE_NOT_EQUALS -> NumberFormula.Op.EQ;
      case NUMERIC_LESS_THAN, DATE_LESS_THAN -> NumberFormula.Op.LT;
      case NUMERIC_LESS_THAN_EQUALS, DATE_LESS_THAN_EQUALS -> NumberFormula.Op.LE;
      case NUMERIC_GREATER_THAN, DATE_GREATER_THAN -> NumberFormula.Op.GT;
      case NUMERIC_GREATER_THAN_EQUALS, DATE_GREATER_THAN_EQUALS -> NumberFormula.Op.GE;
      default -> throw new IllegalArgumentException(base.toString());
    };
    return Terms.compare(op, x, c);
  }

  /** A CIDR block as a masked compare: the first {@code prefix} bits of the address are the block's. */
  static BoolFormula inCidr(Cidrs.Cidr cidr, KeyVars k, int e) {
    byte[] a = cidr.address();
    int bits = a.length * 8;
    BoolFormula family = Terms.eq(k.ipFamilyVar(e), bits == 32 ? 4 : 6);
    return BoolFormula.and(family, BitvectorFormula.inBlock(bits == 32 ? k.ip4Var(e) : k.ip6Var(e),
        new java.math.BigInteger(1, a), cidr.prefixLength()));
  }
}
