package dev.hornbeam.policy.parse;

import dev.hornbeam.policy.catalog.Action;
import dev.hornbeam.policy.catalog.Catalog;
import dev.hornbeam.policy.eval.Cidrs;
import dev.hornbeam.policy.eval.TypedValues;
import dev.hornbeam.policy.model.ActionElement;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.ConditionOperator;
import dev.hornbeam.policy.model.Effect;
import dev.hornbeam.policy.model.OperatorFamily;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.PrincipalElement;
import dev.hornbeam.policy.model.PrincipalType;
import dev.hornbeam.policy.model.Principals;
import dev.hornbeam.policy.model.ResourceElement;
import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.policy.model.SetQualifier;
import dev.hornbeam.policy.model.Statement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and validates a policy document in one pass. Every problem is collected (never only the
 * first), each with a JSON pointer; the model is returned only when there is no ERROR. Nothing thrown
 * from here is a validation outcome: bad input always comes back as problems.
 */
public final class PolicyParser {
  /** API Gateway's shorthand for the API a resource policy is attached to (see the Resource element). */
  static final String EXECUTE_API_SHORTHAND = "execute-api:/";

  private static final Set<String> TOP_KEYS = Set.of("Version", "Id", "Statement");
  private static final Set<String> STATEMENT_KEYS =
      Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource",
          "NotResource", "Condition");

  /** {@code service:action-pattern} (IAM User Guide, "IAM JSON policy elements: Action"). */
  private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9-]+:[A-Za-z0-9*?_.-]+");
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  /** Principal ARNs AWS accepts in a policy (IAM User Guide, "AWS JSON policy elements: Principal"). */
  private static final Pattern PRINCIPAL_ARN =
      Pattern.compile(
          "arn:[a-z-]+:(iam::\\d{12}:(root|user/.+|role/.+)|sts::\\d{12}:(assumed-role/[^/]+/.+|federated-user/.+))");
  /**
   * A CloudFront origin access identity, which S3 bucket policies name as an AWS principal (Amazon
   * CloudFront Developer Guide, "Restricting access to an Amazon S3 origin", legacy OAI: {@code
   * arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity EH1HDMB1FH2TC}). Public so that the
   * model of who can call names the same set ({@code dev.hornbeam.policy.universe}).
   */
  public static final Pattern CLOUDFRONT_OAI =
      Pattern.compile("arn:aws(-cn|-us-gov)?:iam::cloudfront:user/CloudFront Origin Access Identity [A-Z0-9]{1,64}");
  /** IAM unique ids that AWS shows in place of a deleted principal (AIDA…, AROA…). */
  private static final Pattern UNIQUE_ID = Pattern.compile("A[A-Z0-9]{3}[A-Z0-9]{12,}");

  private final PolicyKind kind;
  private final Limits limits;
  private final List<Problem> problems = new ArrayList<>();
  /** How many of {@link #problems} are errors, kept as they are added (counting each time is quadratic). */
  private int errors;
  private boolean variablesEnabled;
  private final CatalogChecks catalog;

  /** What the policy is attached to, or null when unknown. */
  private final ResourceScope scope;
  /** Whether some statement's actions may apply to the scope's type. */
  private boolean actionApplies;

  private PolicyParser(PolicyKind kind, Limits limits, ResourceScope scope) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.scope = scope;
    this.catalog = new CatalogChecks(Catalog.aws(), this::warning);
  }

  public static ParseResult parse(String json, PolicyKind kind, Limits limits) {
    return parse(json.getBytes(StandardCharsets.UTF_8), kind, limits);
  }

  public static ParseResult parse(String json, PolicyKind kind) {
    return parse(json, kind, Limits.DEFAULT);
  }

  public static ParseResult parse(byte[] utf8, PolicyKind kind, Limits limits) {
    return run(utf8, new PolicyParser(kind, limits, null));
  }

  /**
   * A resource policy attached to what {@code scope} names, within its type's quota: besides every other
   * rule, each Resource entry must be able to match the resource, and some action must be of its type
   * ({@link ResourceScope}).
   */
  public static ParseResult parse(byte[] utf8, ResourceScope scope) {
    return run(utf8, new PolicyParser(PolicyKind.RESOURCE, scope.type().limits(), scope));
  }

  public static ParseResult parse(String json, ResourceScope scope) {
    return parse(json.getBytes(StandardCharsets.UTF_8), scope);
  }

  private static ParseResult run(byte[] utf8, PolicyParser parser) {
    Policy policy = parser.document(utf8);
    if (parser.scope != null && parser.errors == 0 && !parser.actionApplies) {
      parser.error("/Statement", ProblemCode.NO_ACTION_FOR_RESOURCE_TYPE, parser.scope.noActionProblem());
    }
    return new ParseResult(parser.errors > 0 ? null : policy, parser.problems);
  }

  // ---------------------------------------------------------------- document

  private Policy document(byte[] utf8) {
    if (utf8.length > limits.maxDocumentBytes()) {
      error("", ProblemCode.DOCUMENT_TOO_LARGE,
          "the document is " + utf8.length + " bytes; the limit is " + limits.maxDocumentBytes());
    }
    Json root = JsonReader.read(utf8, this::report);
    if (root == null) {
      return null;
    }
    if (!(root instanceof Json.JObject obj)) {
      wrongType("", "the policy document", "an object", root);
      return null;
    }
    unknownKeys(obj, "", TOP_KEYS, "policy");
    String version = optionalString(obj, "", "Version");
    if (!obj.members().containsKey("Version")) {
      // IAM User Guide, "IAM JSON policy elements: Version": without it AWS uses 2008-10-17, under
      // which policy variables are literal text and newer features may not work.
      warning("", ProblemCode.MISSING_VERSION,
          "the policy has no Version element, so AWS reads it as \"2008-10-17\": policy variables such as"
              + " ${aws:username} are then literal text; add \"Version\": \"2012-10-17\"");
    }
    if (version != null && !version.equals(Policy.VERSION_2012) && !version.equals(Policy.VERSION_2008)) {
      error("/Version", ProblemCode.INVALID_VERSION,
          "Version must be \"2012-10-17\" or \"2008-10-17\", not \"" + version + "\"");
    }
    variablesEnabled = Policy.VERSION_2012.equals(version);
    String id = optionalString(obj, "", "Id");
    Json st = obj.members().get("Statement");
    List<Statement> statements = new ArrayList<>();
    if (st == null) {
      error("", ProblemCode.MISSING_STATEMENT, "the policy has no Statement element");
    } else if (st instanceof Json.JObject) {
      // A single statement may be given as an object instead of an array (IAM User Guide,
      // "Grammar of the IAM JSON policy language": <statement_block> = [...] or a single statement).
      statements.add(statement(st, "/Statement"));
    } else if (st instanceof Json.JArray arr) {
      if (arr.items().isEmpty()) {
        error("/Statement", ProblemCode.EMPTY_VALUE, "the Statement array is empty");
      }
      if (arr.items().size() > limits.maxStatements()) {
        error("/Statement", ProblemCode.TOO_MANY_STATEMENTS,
            "the policy has " + arr.items().size() + " statements; the limit is " + limits.maxStatements());
      }
      for (int i = 0; i < arr.items().size(); i++) {
        statements.add(statement(arr.items().get(i), "/Statement/" + i));
      }
    } else {
      wrongType("/Statement", "Statement", "an object or an array of objects", st);
    }
    duplicateSids(statements, st instanceof Json.JArray);
    if (statements.contains(null)) {
      return null;
    }
    return new Policy(version, id, statements);
  }

  private void duplicateSids(List<Statement> statements, boolean array) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < statements.size(); i++) {
      Statement s = statements.get(i);
      if (s == null || s.sid() == null || s.sid().isEmpty()) {
        continue;
      }
      Integer first = seen.putIfAbsent(s.sid(), i);
      if (first != null) {
        warning((array ? "/Statement/" + i : "/Statement") + "/Sid", ProblemCode.DUPLICATE_SID,
            "Sid \"" + s.sid() + "\" is also used by statement " + first + "; Sids should be unique");
      }
    }
  }

  // ---------------------------------------------------------------- statement

  /** The statement, or {@code null} when it has an error. */
  private Statement statement(Json json, String at) {
    int before = errorCount();
    if (!(json instanceof Json.JObject obj)) {
      wrongType(at, "a statement", "an object", json);
      return null;
    }
    unknownKeys(obj, at, STATEMENT_KEYS, "statement");
    String sid = optionalString(obj, at, "Sid");
    Effect effect = effect(obj, at);

    PrincipalElement principal = null;
    Json p = obj.members().get("Principal");
    Json np = obj.members().get("NotPrincipal");
    if (p != null && np != null) {
      error(at, ProblemCode.CONFLICTING_ELEMENTS, "a statement cannot have both Principal and NotPrincipal");
    }
    if (kind == PolicyKind.IDENTITY) {
      for (String name : List.of("Principal", "NotPrincipal")) {
        if (obj.members().containsKey(name)) {
          error(Pointers.child(at, name), ProblemCode.PRINCIPAL_NOT_ALLOWED,
              name + " is not allowed in an identity-based policy or SCP: the principal is whoever the policy is attached to");
        }
      }
    } else if (p == null && np == null) {
      error(at, ProblemCode.MISSING_PRINCIPAL,
          "a resource-based policy statement must have Principal or NotPrincipal");
    } else {
      boolean negated = p == null;
      Principals principals = principals(negated ? np : p, Pointers.child(at, negated ? "NotPrincipal" : "Principal"));
      if (principals != null) {
        principal = new PrincipalElement(negated, principals);
        if (negated && effect == Effect.ALLOW) {
          warning(Pointers.child(at, "NotPrincipal"), ProblemCode.ALLOW_WITH_NOT_PRINCIPAL,
              "Allow with NotPrincipal grants access to every principal not listed, anonymous callers included");
        }
      }
    }

    ActionElement action = null;
    // the catalogued actions each Action pattern matches, or null when one is not wholly catalogued
    List<List<Action>> catalogued = null;
    Json a = obj.members().get("Action");
    Json na = obj.members().get("NotAction");
    if (a != null && na != null) {
      error(at, ProblemCode.CONFLICTING_ELEMENTS, "a statement cannot have both Action and NotAction");
    } else if (a == null && na == null) {
      error(at, ProblemCode.MISSING_ACTION, "a statement must have Action or NotAction");
    } else {
      boolean negated = a == null;
      String where = Pointers.child(at, negated ? "NotAction" : "Action");
      List<String> patterns = stringList(negated ? na : a, where, negated ? "NotAction" : "Action");
      if (patterns != null) {
        catalogued = negated ? null : new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
          String ap = patterns.get(i);
          String place = item(where, negated ? na : a, i);
          List<Action> matched = null;
          if (!ap.equals("*") && !ACTION.matcher(ap).matches()) {
            error(place, ProblemCode.INVALID_ACTION,
                "\"" + ap + "\" is not an action: write service:ActionName (wildcards * and ? allowed) or *");
          } else {
            matched = catalog.action(ap, place);
            if (scope != null && !negated && !scope.actionApplies(ap)) {
              warning(place, ProblemCode.ACTION_OF_OTHER_SERVICE, "\"" + ap + "\" is no action of " + scope.type().service()
                  + ", so it never applies to an " + scope.type().cloudFormationName());
            }
          }
          if (matched == null) {
            catalogued = null;
          } else if (catalogued != null) {
            catalogued.add(matched);
          }
        }
        action = new ActionElement(negated, patterns);
        actionApplies |= negated || scope == null || patterns.stream().anyMatch(scope::actionApplies);
      }
    }

    ResourceElement resource = null;
    Json r = obj.members().get("Resource");
    Json nr = obj.members().get("NotResource");
    if (r != null && nr != null) {
      error(at, ProblemCode.CONFLICTING_ELEMENTS, "a statement cannot have both Resource and NotResource");
    } else if (r == null && nr == null) {
      if (kind == PolicyKind.IDENTITY) {
        error(at, ProblemCode.MISSING_RESOURCE, "an identity-based policy statement must have Resource or NotResource");
      }
    } else {
      boolean negated = r == null;
      String where = Pointers.child(at, negated ? "NotResource" : "Resource");
      List<String> patterns = stringList(negated ? nr : r, where, negated ? "NotResource" : "Resource");
      if (patterns != null) {
        List<String> places = new ArrayList<>();
        boolean wellFormed = true;
        for (int i = 0; i < patterns.size(); i++) {
          String rp = patterns.get(i);
          String place = item(where, negated ? nr : r, i);
          places.add(place);
          if (rp.startsWith(EXECUTE_API_SHORTHAND)) {
            // API Gateway Developer Guide, "API Gateway resource policy examples": execute-api:/STAGE/METHOD/PATH
            // is shorthand for arn:PARTITION:execute-api:REGION:ACCOUNT:API-ID/STAGE/METHOD/PATH of the API the
            // policy is attached to (API Gateway converts it when the policy is saved). Expanded only where
            // that API is known; elsewhere it is refused, never read as text that matches no request.
            if (scope != null && scope.type() == dev.hornbeam.policy.resource.ResourceType.API_GATEWAY_REST_API
                && scope.arn() != null) {
              rp = scope.arn() + rp.substring(EXECUTE_API_SHORTHAND.length() - 1);
              patterns.set(i, rp);
            } else {
              error(place, ProblemCode.INVALID_RESOURCE, "\"" + rp + "\" is API Gateway's shorthand for the ARN of the API the"
                  + " policy is attached to (arn:PARTITION:execute-api:REGION:ACCOUNT:API-ID/...): check it as --type apigateway"
                  + " with the API's ARN (--arn, resourceArn), or write the ARN");
              wellFormed = false;
              continue;
            }
          }
          if (!rp.equals("*") && !(rp.startsWith("arn:") && rp.split(":", 6).length == 6)) {
            error(place, ProblemCode.INVALID_RESOURCE,
                "\"" + rp + "\" is not a resource: write an ARN (arn:partition:service:region:account:resource) or *");
            wellFormed = false;
          }
          variables(rp, place);
          if (scope != null && !negated && wellFormed) {
            Optional<String> outside = scope.resourceProblem(rp, variablesEnabled);
            if (outside.isPresent()) {
              error(place, ProblemCode.RESOURCE_MISMATCH, outside.get());
              wellFormed = false;
            }
          }
        }
        if (!negated && wellFormed && catalogued != null) {
          catalog.resources(catalogued, patterns, places);
        }
        resource = new ResourceElement(negated, patterns);
      }
    }

    List<Condition> conditions = List.of();
    Json c = obj.members().get("Condition");
    if (c != null) {
      conditions = conditions(c, Pointers.child(at, "Condition"));
    }
    if (errorCount() > before) {
      return null;
    }
    return new Statement(sid, effect, principal, action, resource, conditions);
  }

  private Effect effect(Json.JObject obj, String at) {
    Json e = obj.members().get("Effect");
    String where = Pointers.child(at, "Effect");
    if (e == null) {
      error(at, ProblemCode.MISSING_EFFECT, "the statement has no Effect; write \"Allow\" or \"Deny\"");
      return null;
    }
    if (!(e instanceof Json.JString s)) {
      wrongType(where, "Effect", "the string \"Allow\" or \"Deny\"", e);
      return null;
    }
    for (Effect candidate : Effect.values()) {
      if (candidate.json().equals(s.value())) {
        return candidate;
      }
    }
    String hint = "";
    for (Effect candidate : Effect.values()) {
      if (candidate.json().equalsIgnoreCase(s.value())) {
        hint = " (Effect is case-sensitive: write \"" + candidate.json() + "\")";
      }
    }
    error(where, ProblemCode.INVALID_EFFECT, "Effect must be \"Allow\" or \"Deny\", not \"" + s.value() + "\"" + hint);
    return null;
  }

  // ---------------------------------------------------------------- principals

  private Principals principals(Json json, String at) {
    if (json instanceof Json.JString s) {
      if (s.value().equals("*")) {
        return new Principals.Anyone();
      }
      error(at, ProblemCode.INVALID_PRINCIPAL,
          "a principal given as a plain string must be \"*\"; name others in a map such as {\"AWS\": \"" + s.value() + "\"}");
      return null;
    }
    if (!(json instanceof Json.JObject obj)) {
      wrongType(at, "a principal", "\"*\" or an object such as {\"AWS\": [...]}", json);
      return null;
    }
    if (obj.members().isEmpty()) {
      error(at, ProblemCode.EMPTY_VALUE, "the principal map is empty");
      return null;
    }
    Map<PrincipalType, List<String>> byType = new EnumMap<>(PrincipalType.class);
    boolean ok = true;
    for (Map.Entry<String, Json> m : obj.members().entrySet()) {
      String where = Pointers.child(at, m.getKey());
      PrincipalType type = PrincipalType.fromJson(m.getKey()).orElse(null);
      if (type == null) {
        error(where, ProblemCode.UNKNOWN_PRINCIPAL_TYPE,
            "\"" + m.getKey() + "\" is not a principal type; use AWS, Service, Federated or CanonicalUser");
        ok = false;
        continue;
      }
      List<String> values = stringList(m.getValue(), where, m.getKey());
      if (values == null) {
        ok = false;
        continue;
      }
      for (int i = 0; i < values.size(); i++) {
        ok &= principalValue(type, values.get(i), item(where, m.getValue(), i));
        if (scope != null) {
          Optional<String> unsupported = scope.principalProblem(type, values.get(i));
          if (unsupported.isPresent()) {
            error(item(where, m.getValue(), i), ProblemCode.UNSUPPORTED_PRINCIPAL, unsupported.get());
            ok = false;
          }
        }
      }
      byType.put(type, values);
    }
    return ok ? new Principals.Listed(byType) : null;
  }

  private boolean principalValue(PrincipalType type, String v, String at) {
    if (type == PrincipalType.AWS) {
      if (v.equals("*") || ACCOUNT_ID.matcher(v).matches() || PRINCIPAL_ARN.matcher(v).matches() && !v.contains("*")
          || CLOUDFRONT_OAI.matcher(v).matches()) {
        return true;
      }
      if (v.contains("*")) {
        // IAM User Guide, "AWS JSON policy elements: Principal": "You cannot use a wildcard to match
        // part of a principal name or ARN."
        error(at, ProblemCode.PARTIAL_WILDCARD_PRINCIPAL,
            "\"" + v + "\": a wildcard may only stand alone (\"*\"); AWS rejects partial wildcards in principals"
                + " (use a condition on aws:PrincipalArn instead)");
        return false;
      }
      if (UNIQUE_ID.matcher(v).matches()) {
        warning(at, ProblemCode.PRINCIPAL_UNIQUE_ID,
            "\"" + v + "\" is an IAM unique id: AWS shows one when the principal was deleted; it matches no current principal");
        return true;
      }
      error(at, ProblemCode.INVALID_PRINCIPAL,
          "\"" + v + "\" is not an AWS principal: use a 12-digit account id, an account, user, role or"
              + " assumed-role ARN, or \"*\"");
      return false;
    }
    if (v.isEmpty()) {
      error(at, ProblemCode.INVALID_PRINCIPAL, "an empty string is not a principal");
      return false;
    }
    if (v.contains("*")) {
      error(at, v.equals("*") ? ProblemCode.INVALID_PRINCIPAL : ProblemCode.PARTIAL_WILDCARD_PRINCIPAL,
          "\"" + v + "\": wildcards are not allowed in " + type.json() + " principals (only {\"AWS\": \"*\"} or \"*\")");
      return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- conditions

  private List<Condition> conditions(Json json, String at) {
    if (!(json instanceof Json.JObject obj)) {
      wrongType(at, "Condition", "an object of operators", json);
      return List.of();
    }
    List<Condition> out = new ArrayList<>();
    Map<ConditionOperator, String> spellings = new HashMap<>();
    for (Map.Entry<String, Json> opEntry : obj.members().entrySet()) {
      String opName = opEntry.getKey();
      String opAt = Pointers.child(at, opName);
      ConditionOperator op = ConditionOperator.parse(opName).orElse(null);
      if (op == null) {
        error(opAt, ProblemCode.UNKNOWN_OPERATOR, "\"" + opName + "\" is not a condition operator");
        continue;
      }
      String earlier = spellings.putIfAbsent(op, opName);
      if (earlier != null) {
        // Operator names are read ignoring case, so "StringEquals" and "stringequals" name one
        // operator twice, like a repeated JSON key. Accepting it would give a model the printer cannot
        // write back: it groups conditions under one spelling per operator, so the same key would
        // appear twice in one object (or the conditions would come back reordered).
        error(opAt, ProblemCode.DUPLICATE_KEY,
            "the operator \"" + opName + "\" is also written as \"" + earlier + "\" in this Condition block;"
                + " operator names ignore case, so this is the same key twice");
        continue;
      }
      if (!op.json().equals(opName)) {
        warning(opAt, ProblemCode.NONCANONICAL_OPERATOR, "operator \"" + opName + "\" is read as \"" + op.json() + "\"");
      }
      if (op.base().family() == OperatorFamily.NULL && (op.ifExists() || op.qualifier() != SetQualifier.NONE)) {
        warning(opAt, ProblemCode.QUALIFIER_IGNORED,
            "Null tests only whether the key is present; the set qualifier or IfExists has no effect");
      }
      if (!(opEntry.getValue() instanceof Json.JObject keys)) {
        wrongType(opAt, "the operator's value", "an object of condition keys", opEntry.getValue());
        continue;
      }
      if (keys.members().isEmpty()) {
        error(opAt, ProblemCode.EMPTY_VALUE, "the operator has no condition keys");
      }
      for (Map.Entry<String, Json> keyEntry : keys.members().entrySet()) {
        String keyAt = Pointers.child(opAt, keyEntry.getKey());
        if (keyEntry.getKey().isBlank()) {
          error(keyAt, ProblemCode.EMPTY_VALUE, "a condition key name is empty");
          continue;
        }
        catalog.conditionKey(op, keyEntry.getKey(), keyAt);
        List<String> values = conditionValues(keyEntry.getValue(), keyAt);
        if (values == null) {
          continue;
        }
        for (int i = 0; i < values.size(); i++) {
          conditionValue(op, values.get(i), item(keyAt, keyEntry.getValue(), i));
        }
        out.add(new Condition(op, keyEntry.getKey(), values));
      }
    }
    return out;
  }

  /** Condition values may be strings, numbers or booleans, alone or in an array. */
  private List<String> conditionValues(Json json, String at) {
    List<Json> items = json instanceof Json.JArray arr ? arr.items() : List.of(json);
    if (items.isEmpty()) {
      error(at, ProblemCode.EMPTY_VALUE, "the condition key has no values");
      return null;
    }
    if (items.size() > limits.maxValuesPerKey()) {
      error(at, ProblemCode.TOO_MANY_VALUES,
          "the key has " + items.size() + " values; the limit is " + limits.maxValuesPerKey());
    }
    List<String> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < items.size(); i++) {
      Json v = items.get(i);
      String where = json instanceof Json.JArray ? at + "/" + i : at;
      if (v instanceof Json.JString s) {
        out.add(s.value());
      } else if (v instanceof Json.JNumber n) {
        out.add(n.text());
      } else if (v instanceof Json.JBool b) {
        out.add(Boolean.toString(b.value()));
      } else {
        wrongType(where, "a condition value", "a string, number or boolean", v);
        ok = false;
      }
    }
    return ok ? out : null;
  }

  private void conditionValue(ConditionOperator op, String v, String at) {
    switch (op.base().family()) {
      case STRING, ARN -> variables(v, at);
      case NUMERIC -> {
        if (TypedValues.parseDecimal(v).isEmpty()) {
          error(at, ProblemCode.INVALID_NUMBER, "\"" + v + "\" is not a number (write e.g. 10 or 1.2)");
        }
      }
      case DATE -> {
        if (TypedValues.parseDate(v).isEmpty()) {
          error(at, ProblemCode.INVALID_DATE,
              "\"" + v + "\" is not a date: write ISO 8601 (2024-01-31T12:00:00Z) or epoch seconds");
        }
      }
      case BOOL, NULL -> {
        if (TypedValues.parseBool(v).isEmpty()) {
          error(at, ProblemCode.INVALID_BOOL, "\"" + v + "\" is not a boolean: write true or false");
        }
      }
      case BINARY -> {
        if (TypedValues.decodeBase64(v).isEmpty()) {
          error(at, ProblemCode.INVALID_BINARY, "\"" + v + "\" is not base64-encoded binary");
        }
      }
      case IP_ADDRESS -> {
        Cidrs.Cidr cidr = Cidrs.parseCidr(v).orElse(null);
        if (cidr == null) {
          error(at, ProblemCode.INVALID_CIDR,
              "\"" + v + "\" is not an IP address or CIDR block (e.g. 203.0.113.0/24 or 2001:db8::/32)");
        } else if (hostBitsSet(cidr)) {
          warning(at, ProblemCode.CIDR_HOST_BITS,
              "\"" + v + "\" has bits set after the /" + cidr.prefixLength() + " prefix; they are ignored");
        }
      }
    }
  }

  private static boolean hostBitsSet(Cidrs.Cidr cidr) {
    byte[] a = cidr.address();
    for (int bit = cidr.prefixLength(); bit < a.length * 8; bit++) {
      if (((a[bit / 8] >> (7 - bit % 8)) & 1) != 0) {
        return true;
      }
    }
    return false;
  }

  /** Policy-variable checks for a value where variables may appear (Resource, String/Arn conditions). */
  private void variables(String v, String at) {
    int start = v.indexOf("${");
    if (start < 0) {
      return;
    }
    if (!variablesEnabled) {
      warning(at, ProblemCode.VARIABLE_IS_LITERAL,
          "\"" + v + "\" looks like a policy variable, but variables need \"Version\": \"2012-10-17\";"
              + " here it is literal text");
      return;
    }
    for (int i = start; i >= 0; i = v.indexOf("${", i + 2)) {
      int end = v.indexOf('}', i);
      if (end < 0) {
        warning(at, ProblemCode.INVALID_VARIABLE, "\"" + v + "\": \"${\" without a closing \"}\" is literal text");
        return;
      }
      String body = v.substring(i + 2, end).trim();
      if (body.isEmpty()) {
        warning(at, ProblemCode.INVALID_VARIABLE, "\"" + v + "\": the policy variable \"${}\" names no key");
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private List<String> stringList(Json json, String at, String what) {
    List<Json> items = json instanceof Json.JArray arr ? arr.items() : List.of(json);
    if (items.isEmpty()) {
      error(at, ProblemCode.EMPTY_VALUE, what + " is an empty array");
      return null;
    }
    List<String> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) instanceof Json.JString s) {
        out.add(s.value());
      } else {
        wrongType(json instanceof Json.JArray ? at + "/" + i : at, what, "a string or an array of strings", items.get(i));
        ok = false;
      }
    }
    return ok ? out : null;
  }

  /** The pointer of item {@code i} of a value that may be a bare string or an array. */
  private static String item(String at, Json json, int i) {
    return json instanceof Json.JArray ? at + "/" + i : at;
  }

  private String optionalString(Json.JObject obj, String at, String key) {
    Json v = obj.members().get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Json.JString s) {
      return s.value();
    }
    wrongType(Pointers.child(at, key), key, "a string", v);
    return null;
  }

  private void unknownKeys(Json.JObject obj, String at, Set<String> known, String where) {
    for (String key : obj.members().keySet()) {
      if (!known.contains(key)) {
        String hint = known.stream().filter(k -> k.equalsIgnoreCase(key) || (k + "s").equals(key)).findFirst()
            .map(k -> " (did you mean \"" + k + "\"? element names are case-sensitive)").orElse("");
        error(Pointers.child(at, key), ProblemCode.UNKNOWN_KEY,
            "\"" + key + "\" is not a " + where + " element; allowed: " + String.join(", ", sorted(known)) + hint);
      }
    }
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }

  private void wrongType(String at, String what, String expected, Json actual) {
    error(at, ProblemCode.WRONG_TYPE, what + " must be " + expected + ", not " + Json.describe(actual));
  }

  private int errorCount() {
    return errors;
  }

  private void error(String at, ProblemCode code, String message) {
    report(new Problem(at, Severity.ERROR, code, message));
  }

  private void report(Problem p) {
    problems.add(p);
    if (p.isError()) {
      errors++;
    }
  }

  private void warning(String at, ProblemCode code, String message) {
    report(new Problem(at, Severity.WARNING, code, message));
  }
}
