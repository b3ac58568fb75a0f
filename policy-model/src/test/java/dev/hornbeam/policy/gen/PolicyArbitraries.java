package dev.hornbeam.policy.gen;

import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
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
import dev.hornbeam.policy.parse.PolicyKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * jqwik generators for <em>valid</em> policy models and for requests correlated with a policy.
 *
 * <p>They are built to find bugs, not to look realistic: every vocabulary is tiny (two accounts, three
 * buckets, three services with a few actions each, a dozen condition keys), so that patterns in one
 * statement, patterns in another and the literals of a request collide often. Wildcards ({@code *},
 * {@code ?}), policy variables, every operator family with negated, {@code IfExists} and set-qualified
 * variants, every principal shape, Not-elements, non-ASCII text, IPv4/IPv6 blocks, decimals in
 * several spellings and dates in ISO and epoch form all appear.
 *
 * <p>Every generated policy round-trips: {@code PolicyParser.parse(PolicyPrinter.print(p), kindOf(p))}
 * is valid and gives back {@code p}. To that end conditions are grouped by operator (all conditions of
 * one {@link ConditionOperator#json()} adjacent, in first-appearance order) with no repeated (operator,
 * key) pair, every list is non-empty, principal maps are non-empty, and Sids are unique or null.
 *
 * <p>In every weighted choice the most useful alternative comes first: jqwik mixes edge cases in at
 * every level, and they lean towards the first alternative (and shrinking goes there too).
 *
 * <p>{@link #requestsFor(Policy)} draws requests mostly from a policy's own literals (wildcards and
 * variables instantiated, numbers, dates and addresses at and around the policy's boundaries), so
 * that a good share of requests match statements and a good share almost match.
 */
public final class PolicyArbitraries {
  /** Statements per generated policy unless a size is given. */
  public static final int DEFAULT_MAX_STATEMENTS = 6;

  // ================================================================ vocabulary

  public static final List<String> ACCOUNTS = List.of("111111111111", "222222222222");
  public static final List<String> BUCKETS = List.of("a", "b", "ab");
  public static final List<String> OBJECT_KEYS = List.of("k", "home/alice/f", "home/é/😀", "x/y");
  public static final List<String> REGIONS = List.of("us-east-1", "eu-west-1");
  public static final List<String> KMS_KEYS = List.of("key/k1", "key/k2", "alias/x");
  public static final List<String> QUEUES = List.of("q1", "q2");
  /** Services and their action names. */
  public static final Map<String, List<String>> ACTIONS = actionsVocabulary();
  public static final List<String> USERS = List.of("alice", "bob", "é");
  public static final List<String> ROLES = List.of("r1", "Admin");
  public static final List<String> SESSIONS = List.of("alice", "s1");
  public static final List<String> TEAMS = List.of("red", "blue", "x");
  public static final List<String> SERVICE_PRINCIPALS =
      List.of("s3.amazonaws.com", "cloudtrail.amazonaws.com", "lambda.amazonaws.com");
  public static final List<String> FEDERATED_PROVIDERS =
      List.of("cognito-identity.amazonaws.com", "accounts.google.com", "arn:aws:iam::111111111111:saml-provider/idp",
          PolicyArbitraries.GITHUB, "arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
          "arn:aws:iam::111111111111:oidc-provider/auth.example.com");
  /** GitHub Actions' OIDC provider in an account (a public CI issuer: IdentityProviders.PUBLIC_ISSUERS). */
  public static final String GITHUB = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
  public static final List<String> CANONICAL_USERS =
      List.of("79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be", "c0ffee");
  /**
   * CloudFront origin access identities (Amazon CloudFront Developer Guide, "Restricting access to an
   * Amazon S3 origin"); as callers they carry one of {@link #CANONICAL_USERS} as their canonical user id.
   */
  public static final List<String> CLOUDFRONT_OAIS = List.of("arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E1",
      "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2");
  /** An IAM unique id (parses with a PRINCIPAL_UNIQUE_ID warning; matches no current principal). */
  public static final String UNIQUE_ID = "AIDAAAAAAAAAAAAAAAAA";

  public static final List<String> NUMBERS =
      List.of("0", "1", "1.2", "1.20", "-3", "10", "100", "0.5", "+2", "-0", "1000");
  /** 2024-01-31T12:00:00Z in several spellings, and neighbours. */
  public static final List<String> DATES =
      List.of("2024-01-31T12:00:00Z", "2024-01-31", "2024-01-31T12:00:00", "2024-01-31T14:00:00+02:00",
          "1706702400", "0", "-1", "2030-01-01T00:00:00Z", "2024-01-31T12:00:00.500Z");
  public static final List<String> BOOLS = List.of("true", "false", "True", "FALSE");
  public static final List<String> BINARIES = List.of("QUJD", "QUJDRA==", "", "AA==");
  public static final List<String> CIDRS =
      List.of("10.0.0.0/8", "10.1.2.3", "10.1.2.0/24", "192.168.0.0/16", "0.0.0.0/0", "203.0.113.7/32",
          "10.1.2.3/8", "2001:db8::/32", "::1", "2001:db8::1/128", "::ffff:10.1.2.3", "::/0",
          "2001:DB8:0:0:0:0:0:1", "2001:db8:a::/48");
  public static final List<String> VARIABLE_VALUES =
      List.of("${aws:username}", "home/${aws:username}/*", "${aws:PrincipalTag/team, 'x'}", "${*}", "${?}",
          "${$}", "a${aws:username}b", "${aws:userid}");
  public static final List<String> ODD_STRINGS = List.of("", "*", "?", "é", "😀", "a b", "x", "A");

  /**
   * A condition key of the vocabulary.
   *
   * @param family the family its values naturally have
   * @param multiValued whether requests carry it as a set
   * @param values concrete values (also used, with variants, as policy values)
   */
  public record KeySpec(String name, OperatorFamily family, boolean multiValued, List<String> values) {}

  public static final List<String> RESOURCE_ARNS = resourceVocabulary();
  public static final List<String> PRINCIPAL_ARNS = principalArnVocabulary();

  public static final List<KeySpec> KEYS =
      List.of(
          new KeySpec("aws:SourceIp", OperatorFamily.IP_ADDRESS, false, CIDRS),
          new KeySpec("aws:SourceVpce", OperatorFamily.STRING, false, List.of("vpce-1", "vpce-2", "vpce-1a")),
          new KeySpec("aws:PrincipalOrgID", OperatorFamily.STRING, false, List.of("o-aaa", "o-bbb")),
          new KeySpec("aws:userid", OperatorFamily.STRING, false,
              List.of(UNIQUE_ID, "AROAAAAAAAAAAAAAAAAA:alice", "AROAAAAAAAAAAAAAAAAA:s1")),
          new KeySpec("aws:username", OperatorFamily.STRING, false, USERS),
          new KeySpec("s3:prefix", OperatorFamily.STRING, false, List.of("", "home/", "home/alice/", "home/é/")),
          new KeySpec("aws:TagKeys", OperatorFamily.STRING, true, List.of("team", "env", "Team")),
          new KeySpec("aws:CalledVia", OperatorFamily.STRING, true,
              List.of("cloudformation.amazonaws.com", "athena.amazonaws.com")),
          new KeySpec("aws:CurrentTime", OperatorFamily.DATE, false, DATES),
          new KeySpec("aws:EpochTime", OperatorFamily.DATE, false, List.of("1706702400", "0", "1706702401")),
          new KeySpec("aws:SecureTransport", OperatorFamily.BOOL, false, BOOLS),
          new KeySpec("aws:MultiFactorAuthPresent", OperatorFamily.BOOL, false, BOOLS),
          new KeySpec("s3:max-keys", OperatorFamily.NUMERIC, false, NUMBERS),
          new KeySpec("s3:TlsVersion", OperatorFamily.NUMERIC, false, List.of("1.2", "1.20", "1.3")),
          new KeySpec("aws:MultiFactorAuthAge", OperatorFamily.NUMERIC, false, List.of("3600", "0", "-3")),
          new KeySpec("aws:PrincipalTag/team", OperatorFamily.STRING, false, TEAMS),
          new KeySpec("aws:SourceArn", OperatorFamily.ARN, false, RESOURCE_ARNS),
          new KeySpec("aws:PrincipalArn", OperatorFamily.ARN, false, principalArnValues()),
          new KeySpec("aws:SourceAccount", OperatorFamily.STRING, false, ACCOUNTS),
          // The keys AWS derives from the caller (issue 13): every one, with values of every kind of caller.
          new KeySpec("aws:PrincipalType", OperatorFamily.STRING, false,
              List.of("Account", "User", "AssumedRole", "FederatedUser", "Anonymous")),
          // "cloudfront": the account field of an OAI's ARN, a value its aws:PrincipalAccount may have
          new KeySpec("aws:PrincipalAccount", OperatorFamily.STRING, false, List.of(ACCOUNTS.get(0), ACCOUNTS.get(1), "cloudfront")),
          new KeySpec("kms:CallerAccount", OperatorFamily.STRING, false, ACCOUNTS),
          new KeySpec("aws:PrincipalIsAWSService", OperatorFamily.BOOL, false, List.of("true", "false")),
          new KeySpec("aws:PrincipalServiceName", OperatorFamily.STRING, false, SERVICE_PRINCIPALS),
          new KeySpec("aws:FederatedProvider", OperatorFamily.STRING, false, FEDERATED_PROVIDERS),
          new KeySpec("ex:Blob", OperatorFamily.BINARY, false, BINARIES));

  private PolicyArbitraries() {}

  private static List<String> principalArnValues() {
    List<String> out = new ArrayList<>(principalArnVocabulary());
    out.add(CLOUDFRONT_OAIS.get(0));
    // ARN patterns over every account: root users, federated users, roles (issue 13's policies)
    out.addAll(List.of("arn:aws:iam::*:root", "arn:aws:sts::*:federated-user/*", "arn:aws:iam::*:role/*",
        "arn:aws:iam::*:user/*", "arn:aws:iam::111111111111:*"));
    return List.copyOf(out);
  }

  private static Map<String, List<String>> actionsVocabulary() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("s3", List.of("GetObject", "PutObject", "ListBucket", "GetObjectAcl", "DeleteObject"));
    m.put("kms", List.of("Decrypt", "Encrypt", "GenerateDataKey", "DescribeKey"));
    m.put("sqs", List.of("SendMessage", "ReceiveMessage", "DeleteMessage"));
    return java.util.Collections.unmodifiableMap(m);
  }

  /** Every concrete resource ARN of the vocabulary. */
  private static List<String> resourceVocabulary() {
    List<String> out = new ArrayList<>();
    for (String b : BUCKETS) {
      out.add("arn:aws:s3:::" + b);
      for (String k : OBJECT_KEYS) {
        out.add("arn:aws:s3:::" + b + "/" + k);
      }
    }
    for (String r : REGIONS) {
      for (String a : ACCOUNTS) {
        for (String k : KMS_KEYS) {
          out.add("arn:aws:kms:" + r + ":" + a + ":" + k);
        }
        for (String q : QUEUES) {
          out.add("arn:aws:sqs:" + r + ":" + a + ":" + q);
        }
      }
    }
    return List.copyOf(out);
  }

  /** Every concrete principal ARN of the vocabulary (the shapes a request principal can have). */
  private static List<String> principalArnVocabulary() {
    List<String> out = new ArrayList<>();
    for (String a : ACCOUNTS) {
      out.addAll(awsArnsIn(a));
    }
    return List.copyOf(out);
  }

  private static List<String> awsArnsIn(String account) {
    String iam = "arn:aws:iam::" + account + ":";
    String sts = "arn:aws:sts::" + account + ":";
    return List.of(iam + "root", iam + "user/alice", iam + "user/dev/bob", iam + "user/é", iam + "role/r1",
        iam + "role/path/Admin", sts + "assumed-role/r1/alice", sts + "assumed-role/Admin/s1",
        sts + "federated-user/bob");
  }

  // ================================================================ policies

  /** The kind a generated policy is parsed as: RESOURCE when its statements name principals. */
  public static PolicyKind kindOf(Policy p) {
    return p.statements().stream().anyMatch(s -> s.principal() != null) ? PolicyKind.RESOURCE : PolicyKind.IDENTITY;
  }

  /** Resource-based and identity-based policies, 1–6 statements. */
  public static Arbitrary<Policy> policies() {
    return policies(DEFAULT_MAX_STATEMENTS);
  }

  public static Arbitrary<Policy> policies(int maxStatements) {
    return Arbitraries.oneOf(resourcePolicies(maxStatements), identityPolicies(maxStatements));
  }

  /** Every statement has Principal or NotPrincipal; Resource is sometimes absent. */
  public static Arbitrary<Policy> resourcePolicies() {
    return resourcePolicies(DEFAULT_MAX_STATEMENTS);
  }

  public static Arbitrary<Policy> resourcePolicies(int maxStatements) {
    return policy(statements(true), maxStatements);
  }

  /** No statement names a principal; every statement has Resource or NotResource. */
  public static Arbitrary<Policy> identityPolicies() {
    return identityPolicies(DEFAULT_MAX_STATEMENTS);
  }

  public static Arbitrary<Policy> identityPolicies(int maxStatements) {
    return policy(statements(false), maxStatements);
  }

  private static Arbitrary<Policy> policy(Arbitrary<Statement> statement, int maxStatements) {
    if (maxStatements < 1) {
      throw new IllegalArgumentException("maxStatements must be positive");
    }
    return Combinators.combine(versions(), ids(), statement.list().ofMinSize(1).ofMaxSize(maxStatements))
        .as((v, id, sts) -> new Policy(v, id, uniqueSids(sts)));
  }

  /** Later statements whose Sid repeats an earlier one lose their Sid. */
  private static List<Statement> uniqueSids(List<Statement> sts) {
    Set<String> seen = new HashSet<>();
    List<Statement> out = new ArrayList<>();
    for (Statement s : sts) {
      if (s.sid() != null && !seen.add(s.sid())) {
        s = new Statement(null, s.effect(), s.principal(), s.action(), s.resource(), s.conditions());
      }
      out.add(s);
    }
    return out;
  }

  /** 2012-10-17 mostly; 2008-10-17 and absent (variables are literal text there). */
  public static Arbitrary<String> versions() {
    return Arbitraries.frequency(
        Tuple.of(6, Policy.VERSION_2012), Tuple.of(2, Policy.VERSION_2008), Tuple.of(2, (String) null));
  }

  private static Arbitrary<String> ids() {
    return Arbitraries.frequency(Tuple.of(4, (String) null), Tuple.of(1, "p1"), Tuple.of(1, "é-😀"));
  }

  private static Arbitrary<String> sids() {
    return new Choices<String>()
        .add(4, Arbitraries.just(null))
        .add(4, Arbitraries.integers().between(0, 5).map(i -> "S" + i))
        .add(1, Arbitraries.of("", "Allow é 😀", "a/b~c \"q\" \\", "tab\there"))
        .build();
  }

  /** Statements of a resource policy ({@code principals}) or of an identity policy. */
  public static Arbitrary<Statement> statements(boolean principals) {
    Arbitrary<Optional<PrincipalElement>> principal =
        principals ? principalElements().map(Optional::of) : Arbitraries.just(Optional.empty());
    Arbitrary<Optional<ResourceElement>> resource =
        principals
            ? Arbitraries.frequencyOf(
                Tuple.of(6, resourceElements().map(Optional::of)),
                Tuple.of(1, Arbitraries.just(Optional.<ResourceElement>empty())))
            : resourceElements().map(Optional::of);
    return Combinators.combine(sids(), effects(), principal, actionElements(), resource, conditionLists())
        .as((sid, effect, p, a, r, cs) -> new Statement(sid, effect, p.orElse(null), a, r.orElse(null), cs));
  }

  public static Arbitrary<Effect> effects() {
    return Arbitraries.frequency(Tuple.of(3, Effect.ALLOW), Tuple.of(2, Effect.DENY));
  }

  // ---------------------------------------------------------------- principals

  public static Arbitrary<PrincipalElement> principalElements() {
    return Combinators.combine(Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true)), principals())
        .as(PrincipalElement::new);
  }

  public static Arbitrary<Principals> principals() {
    Arbitrary<Principals> anyone = Arbitraries.just(new Principals.Anyone());
    Arbitrary<Optional<List<String>>> aws = optionalList(4, 1, awsPrincipalValues());
    Arbitrary<Optional<List<String>>> service = optionalList(1, 3, Arbitraries.of(SERVICE_PRINCIPALS));
    Arbitrary<Optional<List<String>>> federated = optionalList(1, 4, Arbitraries.of(FEDERATED_PROVIDERS));
    Arbitrary<Optional<List<String>>> canonical = optionalList(1, 5, Arbitraries.of(CANONICAL_USERS));
    Arbitrary<Principals> listed =
        Combinators.combine(aws, service, federated, canonical, awsPrincipalValues().list().ofMinSize(1).ofMaxSize(3))
            .as((a, s, f, c, fallback) -> {
              Map<PrincipalType, List<String>> m = new EnumMap<>(PrincipalType.class);
              a.ifPresent(v -> m.put(PrincipalType.AWS, v));
              s.ifPresent(v -> m.put(PrincipalType.SERVICE, v));
              f.ifPresent(v -> m.put(PrincipalType.FEDERATED, v));
              c.ifPresent(v -> m.put(PrincipalType.CANONICAL_USER, v));
              if (m.isEmpty()) {
                m.put(PrincipalType.AWS, fallback);
              }
              return new Principals.Listed(m);
            });
    // Listed first: jqwik's edge cases (mixed in at every level) lean towards the first alternative,
    // and a policy without listed principals gives requests nothing to aim at.
    return Arbitraries.frequencyOf(Tuple.of(5, listed), Tuple.of(1, anyone));
  }

  /** A list of 1–3 values present with odds {@code present : absent}. */
  private static Arbitrary<Optional<List<String>>> optionalList(int present, int absent, Arbitrary<String> values) {
    return Arbitraries.frequencyOf(
        Tuple.of(absent, Arbitraries.just(Optional.<List<String>>empty())),
        Tuple.of(present, values.list().ofMinSize(1).ofMaxSize(3).map(Optional::of)));
  }

  /** {@code "*"}, account ids, root/user/role/assumed-role/federated-user ARNs, a unique id. */
  public static Arbitrary<String> awsPrincipalValues() {
    return new Choices<String>()
        .add(6, Arbitraries.of(PRINCIPAL_ARNS))
        .add(3, Arbitraries.of(ACCOUNTS))
        .add(1, Arbitraries.just("*"))
        .add(1, Arbitraries.just(UNIQUE_ID))
        .add(1, Arbitraries.of(CLOUDFRONT_OAIS))
        .build();
  }

  // ---------------------------------------------------------------- actions and resources

  public static Arbitrary<ActionElement> actionElements() {
    return Combinators.combine(
            Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true)),
            actionPatterns().list().ofMinSize(1).ofMaxSize(3))
        .as(ActionElement::new);
  }

  /** {@code *}, {@code service:Name}, wildcard variants ({@code s3:Get*}, {@code s3:*Object}, {@code s3:?etObject}), odd case. */
  public static Arbitrary<String> actionPatterns() {
    Arbitrary<String> exact = concreteActions();
    Arbitrary<String> wild =
        Arbitraries.of(List.copyOf(ACTIONS.keySet()))
            .flatMap(svc -> Arbitraries.of(ACTIONS.get(svc)).flatMap(PolicyArbitraries::wildcardVariants)
                .map(name -> svc + ":" + name));
    Arbitrary<String> odd = Arbitraries.of("S3:getobject", "s3:*", "kms:*crypt*", "sqs:*Message", "s3:Get*Acl", "ec2:*");
    return new Choices<String>().add(5, exact).add(4, wild).add(1, Arbitraries.just("*")).add(1, odd).build();
  }

  /** Concrete actions of the vocabulary. */
  public static Arbitrary<String> concreteActions() {
    return Arbitraries.of(List.copyOf(ACTIONS.keySet()))
        .flatMap(svc -> Arbitraries.of(ACTIONS.get(svc)).map(n -> svc + ":" + n));
  }

  public static Arbitrary<ResourceElement> resourceElements() {
    return Combinators.combine(
            Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true)),
            resourcePatterns().list().ofMinSize(1).ofMaxSize(3))
        .as(ResourceElement::new);
  }

  /** {@code *} or ARN patterns of s3, kms and sqs with wildcards, variables and non-ASCII text. */
  public static Arbitrary<String> resourcePatterns() {
    Arbitrary<String> bucket =
        new Choices<String>().add(4, Arbitraries.of(BUCKETS)).add(2, Arbitraries.of(BUCKETS).flatMap(PolicyArbitraries::wildcardVariants)).build();
    Arbitrary<String> key =
        new Choices<String>()
            .add(4, Arbitraries.of("/*", "/k", "/k*", "/home/*", "/x/?", "/é/😀", "/home/alice/f"))
            .add(3, Arbitraries.of("/home/${aws:username}/*", "/home/${aws:PrincipalTag/team, 'x'}/*", "/${*}",
                "/${aws:username}", "/a${?}b"))
            .add(3, Arbitraries.just(""))
            .build();
    Arbitrary<String> s3 = Combinators.combine(bucket, key).as((b, k) -> "arn:aws:s3:::" + b + k);
    Arbitrary<String> region = Arbitraries.of("us-east-1", "eu-west-1", "*", "");
    Arbitrary<String> account = Arbitraries.of("111111111111", "222222222222", "*", "111111111111", "");
    Arbitrary<String> kms =
        Combinators.combine(region, account, Arbitraries.of("key/k1", "key/k2", "key/*", "alias/x", "key/k?", "*"))
            .as((r, a, k) -> "arn:aws:kms:" + r + ":" + a + ":" + k);
    Arbitrary<String> sqs =
        Combinators.combine(region, account, Arbitraries.of("q1", "q2", "q*", "*", "q?"))
            .as((r, a, q) -> "arn:aws:sqs:" + r + ":" + a + ":" + q);
    Arbitrary<String> odd = Arbitraries.of("arn:*:s3:::a", "arn:aws:s3:::*/*", "arn:aws:*:*:*:*", "arn:aws:s3:::", "arn:aws:s3:::a:b");
    return new Choices<String>().add(6, s3).add(2, kms).add(2, sqs).add(1, Arbitraries.just("*")).add(1, odd).build();
  }

  /** The text itself, and versions with a {@code *} or {@code ?} in place of parts of it, or in odd case. */
  static Arbitrary<String> wildcardVariants(String s) {
    if (s.isEmpty()) {
      return Arbitraries.of("", "*", "?*");
    }
    return Arbitraries.integers().between(0, 6).flatMap(kind -> Arbitraries.integers().between(0, s.length())
        .map(at -> Character.isLowSurrogate(s.charAt(Math.min(at, s.length() - 1))) && at > 0 && at < s.length()
            ? at - 1 : at) // never cut a surrogate pair in two: the halves are no text
        .map(cut -> switch (kind) {
          case 0 -> s;
          case 1 -> s.substring(0, cut) + "*";
          case 2 -> "*" + s.substring(cut);
          case 3 -> cut < s.length() && !Character.isSurrogate(s.charAt(cut))
              ? s.substring(0, cut) + "?" + s.substring(cut + 1) : s + "?";
          case 4 -> "*";
          case 5 -> s.substring(0, cut) + "*" + s.substring(cut);
          default -> flipCase(s);
        }));
  }

  static String flipCase(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().forEach(c -> b.appendCodePoint(
        Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c)));
    return b.toString();
  }

  // ---------------------------------------------------------------- who can call (issue 13)

  /** Values of the keys AWS derives from the caller, aimed at each kind of caller (patterns over every account). */
  static final Map<String, List<String>> CALLER_KEY_VALUES = Map.ofEntries(
      Map.entry("aws:PrincipalArn", List.of("arn:aws:iam::*:root", "arn:aws:sts::*:federated-user/*", "arn:aws:iam::*:role/*",
          "arn:aws:iam::*:user/*", "arn:aws:iam::111111111111:root", "arn:aws:iam::*:*", "arn:aws:iam::*:role/path/*",
          "arn:aws:iam::cloudfront:user/*", CLOUDFRONT_OAIS.get(0), "arn:aws:iam::111111111111:*")),
      Map.entry("aws:PrincipalType", List.of("Account", "User", "AssumedRole", "FederatedUser", "Anonymous")),
      Map.entry("aws:userid", List.of("AIDA*", "AROA*:*", "*:stranger", "anonymous", "111111111111", "AROAAAAAAAAAAAAAAAAA:*", "*:s1")),
      Map.entry("aws:username", List.of("alice", "stranger", "*")),
      Map.entry("aws:PrincipalAccount", List.of(ACCOUNTS.get(0), ACCOUNTS.get(1), "cloudfront")),
      Map.entry("kms:CallerAccount", ACCOUNTS),
      Map.entry("aws:PrincipalIsAWSService", List.of("true", "false")),
      Map.entry("aws:PrincipalServiceName", SERVICE_PRINCIPALS),
      Map.entry("aws:FederatedProvider", List.of("cognito-identity.amazonaws.com", "arn:aws:iam::111111111111:saml-provider/idp", "*")),
      // The keys identity providers set (IdentityProviders): GitHub's sub pinned to an owner or not, an
      // audience anyone may ask for, an unknown provider's subject.
      Map.entry("token.actions.githubusercontent.com:sub", List.of("repo:octo-org/octo-repo:ref:refs/heads/main", "repo:octo-org/*",
          "repo:*", "repo:octo*", "*")),
      Map.entry("token.actions.githubusercontent.com:aud", List.of("sts.amazonaws.com")),
      Map.entry("auth.example.com:sub", List.of("user-1", "*")));

  /**
   * Resource policies about who may call: statements to {@code "*"} (or a named account) whose conditions
   * read the keys derived from the caller — the policies where a missing kind of caller (account root
   * users, federated users, …) changes the answer. Biased on purpose: the general generator reaches such
   * conditions rarely.
   */
  public static Arbitrary<Policy> whoCanCallPolicies() {
    return Arbitraries.of("s3", "kms", "sqs").flatMap(PolicyArbitraries::whoCanCallPolicies);
  }

  /** As {@link #whoCanCallPolicies()}, with actions of {@code service} (and {@code *}). */
  public static Arbitrary<Policy> whoCanCallPolicies(String service) {
    Arbitrary<Statement> statement = Combinators.combine(
        Arbitraries.frequency(Tuple.of(3, Effect.ALLOW), Tuple.of(2, Effect.DENY)),
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just(new PrincipalElement(false, new Principals.Anyone()))),
            Tuple.of(1, Arbitraries.of(ACCOUNTS).map(a -> new PrincipalElement(false,
                new Principals.Listed(Map.of(PrincipalType.AWS, List.of(a)))))),
            Tuple.of(1, Arbitraries.of(FEDERATED_PROVIDERS).map(f -> new PrincipalElement(false,
                new Principals.Listed(Map.of(PrincipalType.FEDERATED, List.of(f)))))),
            Tuple.of(1, Arbitraries.of(CLOUDFRONT_OAIS).map(o -> new PrincipalElement(false,
                new Principals.Listed(Map.of(PrincipalType.AWS, List.of(o))))))),
        Arbitraries.of("*", service + ":*", service + ":Get*", service + ":" + ACTIONS.getOrDefault(service, List.of("Publish")).get(0)),
        callerConditions().list().ofMinSize(0).ofMaxSize(2).map(PolicyArbitraries::grouped))
        .as((effect, principal, action, conditions) -> new Statement(null, effect, principal,
            new ActionElement(false, List.of(action)), new ResourceElement(false, List.of("*")), conditions));
    return statement.list().ofMinSize(1).ofMaxSize(3).map(sts -> new Policy("2012-10-17", null, sts));
  }

  static Arbitrary<Condition> callerConditions() {
    // aws:PrincipalArn three times as often: its patterns over every account single out kinds of callers.
    List<String> keys = new ArrayList<>(new java.util.TreeSet<>(CALLER_KEY_VALUES.keySet()));
    keys.add("aws:PrincipalArn");
    keys.add("aws:PrincipalArn");
    return Arbitraries.of(keys).flatMap(key -> {
      List<String> values = CALLER_KEY_VALUES.get(key);
      List<BaseOperator> ops = key.equals("aws:PrincipalIsAWSService") ? List.of(BaseOperator.BOOL)
          : key.equals("aws:PrincipalArn")
              ? List.of(BaseOperator.ARN_LIKE, BaseOperator.ARN_NOT_LIKE, BaseOperator.ARN_EQUALS, BaseOperator.STRING_LIKE)
              : List.of(BaseOperator.STRING_EQUALS, BaseOperator.STRING_NOT_EQUALS, BaseOperator.STRING_LIKE,
                  BaseOperator.STRING_NOT_LIKE);
      Arbitrary<Condition> typed = Combinators.combine(Arbitraries.of(ops),
              Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true)),
              Arbitraries.of(values).list().ofMinSize(1).ofMaxSize(2).uniqueElements())
          .as((op, ifExists, vs) -> new Condition(new ConditionOperator(SetQualifier.NONE, op, ifExists), key, vs));
      Arbitrary<Condition> existence = Arbitraries.of("true", "false")
          .map(v -> new Condition(new ConditionOperator(SetQualifier.NONE, BaseOperator.NULL, false), key, List.of(v)));
      return Arbitraries.frequencyOf(Tuple.of(5, typed), Tuple.of(1, existence));
    });
  }

  // ---------------------------------------------------------------- conditions

  /** 0–4 conditions, grouped by operator, no repeated (operator, key). */
  public static Arbitrary<List<Condition>> conditionLists() {
    return new Choices<List<Condition>>()
        .add(3, conditions().list().ofMinSize(1).ofMaxSize(4).map(PolicyArbitraries::grouped))
        .add(2, Arbitraries.just(List.of()))
        .build();
  }

  /**
   * Conditions in the order the printer writes them (grouped by operator spelling, in first-appearance
   * order), keeping the first of each (operator, key) pair.
   */
  public static List<Condition> grouped(List<Condition> cs) {
    Map<String, Map<String, Condition>> byOp = new LinkedHashMap<>();
    for (Condition c : cs) {
      byOp.computeIfAbsent(c.operator().json(), k -> new LinkedHashMap<>()).putIfAbsent(c.key(), c);
    }
    List<Condition> out = new ArrayList<>();
    byOp.values().forEach(m -> out.addAll(m.values()));
    return out;
  }

  /** One condition: a vocabulary key (sometimes in odd case), an operator mostly of its natural family, typed values. */
  public static Arbitrary<Condition> conditions() {
    // Keys without edge cases: otherwise the first and last keys of the vocabulary crowd out the rest.
    return Arbitraries.of(KEYS).withoutEdgeCases().flatMap(spec -> {
      Arbitrary<String> name = Arbitraries.frequency(
          Tuple.of(16, spec.name()), Tuple.of(1, spec.name().toLowerCase(Locale.ROOT)),
          Tuple.of(1, spec.name().toUpperCase(Locale.ROOT)));
      Arbitrary<OperatorFamily> family = new Choices<OperatorFamily>()
          .add(8, Arbitraries.just(spec.family()))
          .add(2, Arbitraries.of(OperatorFamily.values()))
          .build();
      Arbitrary<SetQualifier> qualifier = spec.multiValued()
          ? Arbitraries.frequency(Tuple.of(2, SetQualifier.NONE), Tuple.of(2, SetQualifier.FOR_ALL_VALUES), Tuple.of(2, SetQualifier.FOR_ANY_VALUE))
          : Arbitraries.frequency(Tuple.of(8, SetQualifier.NONE), Tuple.of(1, SetQualifier.FOR_ALL_VALUES), Tuple.of(1, SetQualifier.FOR_ANY_VALUE));
      Arbitrary<Boolean> ifExists = Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true));
      return family.flatMap(f -> {
        List<BaseOperator> ops = Arrays.stream(BaseOperator.values()).filter(o -> o.family() == f).toList();
        Arbitrary<ConditionOperator> op = Combinators.combine(qualifier, Arbitraries.of(ops), ifExists)
            .as(ConditionOperator::new);
        return Combinators.combine(op, name, policyValues(f, spec).list().ofMinSize(1).ofMaxSize(3))
            .as(Condition::new);
      });
    });
  }

  /** Values an operator of {@code family} on key {@code spec} can have in a policy. */
  static Arbitrary<String> policyValues(OperatorFamily family, KeySpec spec) {
    Arbitrary<String> own = Arbitraries.of(spec.values());
    return switch (family) {
      case STRING -> new Choices<String>()
          .add(6, own)
          .add(3, own.flatMap(PolicyArbitraries::wildcardVariants))
          .add(2, Arbitraries.of(VARIABLE_VALUES))
          .add(1, Arbitraries.of(ODD_STRINGS))
          .build();
      case ARN -> {
        Arbitrary<String> arns = spec.family() == OperatorFamily.ARN
            ? own : Arbitraries.of(RESOURCE_ARNS);
        yield new Choices<String>()
            .add(5, arns)
            .add(3, arns.flatMap(PolicyArbitraries::wildcardVariants))
            .add(1, Arbitraries.of("arn:aws:s3:::a/${aws:username}", "arn:aws:iam::${aws:PrincipalTag/team, 'x'}:root",
                "arn:aws:iam::*:role/*", "arn:*:s3:::*", "*", "not-an-arn", "arn:aws:s3:::${*}"))
            .build();
      }
      case NUMERIC -> spec.family() == OperatorFamily.NUMERIC
          ? Arbitraries.oneOf(own, Arbitraries.of(NUMBERS)) : Arbitraries.of(NUMBERS);
      case DATE -> spec.family() == OperatorFamily.DATE
          ? Arbitraries.oneOf(own, Arbitraries.of(DATES)) : Arbitraries.of(DATES);
      case BOOL, NULL -> Arbitraries.of(BOOLS);
      case BINARY -> Arbitraries.of(BINARIES);
      case IP_ADDRESS -> Arbitraries.of(CIDRS);
    };
  }

  // ================================================================ requests

  /** Policies with requests correlated with each. */
  public static Arbitrary<Tuple2<Policy, Request>> policiesWithRequests() {
    return policiesWithRequests(DEFAULT_MAX_STATEMENTS);
  }

  public static Arbitrary<Tuple2<Policy, Request>> policiesWithRequests(int maxStatements) {
    return policies(maxStatements).flatMap(p -> requestsFor(p).map(r -> Tuple.of(p, r)));
  }

  /** Requests drawn from the vocabulary only, with 0–5 context keys. */
  public static Arbitrary<Request> requests() {
    return Combinators.combine(anyPrincipal(), anyAction(), anyResource(), noiseContext(5))
        .as(PolicyArbitraries::request);
  }

  /**
   * Requests drawn mostly from {@code policy}'s own literals: principals it names, instances of its
   * action and resource patterns, context values at and around its condition values (sometimes absent,
   * sometimes multi-valued, sometimes a key spelled in another case), with some noise. Works for any
   * policy, not only generated ones.
   */
  public static Arbitrary<Request> requestsFor(Policy policy) {
    Literals lit = Literals.of(policy);
    // No generic edge cases: the candidates are already the policy's boundaries, and edge cases would
    // pin choices to the first or last candidate (e.g. always just below an address block).
    return Combinators.combine(principalFor(lit), actionFor(lit), resourceFor(lit), contextFor(lit))
        .as(PolicyArbitraries::request)
        .withoutEdgeCases();
  }

  /**
   * Requests aimed at one Allow statement of the policy: drawn from that statement's literals alone, so
   * that they often satisfy it (a Deny may still refuse them). Falls back to {@link #requestsFor} when
   * the policy has no Allow statement.
   */
  public static Arbitrary<Request> requestsAimedAt(Policy policy) {
    List<Statement> allows = policy.statements().stream().filter(s -> s.effect() == Effect.ALLOW).toList();
    if (allows.isEmpty()) {
      return requestsFor(policy);
    }
    return Arbitraries.of(allows).flatMap(s -> requestsFor(new Policy(policy.version(), policy.id(), List.of(s))));
  }

  /** Half {@link #requestsFor}, half {@link #requestsAimedAt}: both broad and often allowed. */
  public static Arbitrary<Request> mixedRequestsFor(Policy policy) {
    return Arbitraries.frequencyOf(Tuple.of(1, requestsFor(policy)), Tuple.of(1, requestsAimedAt(policy)));
  }

  private static Request request(RequestPrincipal p, String action, String resource, Map<String, ContextValue> ctx) {
    return new Request(p, action, resource, ctx);
  }

  /** What a policy mentions, gathered once. */
  record Literals(
      List<Tuple2<PrincipalType, String>> principals,
      boolean anyone,
      List<String> actions,
      List<String> resources,
      Map<String, List<Condition>> conditionsByKey,
      Set<String> variableKeys) {

    static Literals of(Policy p) {
      List<Tuple2<PrincipalType, String>> principals = new ArrayList<>();
      boolean anyone = false;
      Set<String> actions = new LinkedHashSet<>();
      Set<String> resources = new LinkedHashSet<>();
      Map<String, List<Condition>> byKey = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      Set<String> vars = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      for (Statement s : p.statements()) {
        if (s.principal() != null) {
          if (s.principal().principals() instanceof Principals.Listed l) {
            l.byType().forEach((t, vs) -> vs.forEach(v -> principals.add(Tuple.of(t, v))));
          } else {
            anyone = true;
          }
        }
        actions.addAll(s.action().patterns());
        if (s.resource() != null) {
          resources.addAll(s.resource().patterns());
          s.resource().patterns().forEach(r -> vars.addAll(PolicyArbitraries.variableKeys(r)));
        }
        for (Condition c : s.conditions()) {
          byKey.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
          c.values().forEach(v -> vars.addAll(PolicyArbitraries.variableKeys(v)));
        }
      }
      return new Literals(List.copyOf(principals), anyone, List.copyOf(actions), List.copyOf(resources),
          byKey, vars);
    }
  }

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

  /** The condition keys named by the policy variables in {@code s}. */
  static List<String> variableKeys(String s) {
    List<String> out = new ArrayList<>();
    var m = VARIABLE.matcher(s);
    while (m.find()) {
      String key = m.group(1).split(",", 2)[0].trim();
      if (key.contains(":")) {
        out.add(key);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- request principals

  private static Arbitrary<RequestPrincipal> principalFor(Literals lit) {
    // Literals first: edge cases and shrinking lean towards the first alternative.
    Choices<RequestPrincipal> c = new Choices<>();
    if (!lit.principals().isEmpty()) {
      c.add(lit.anyone() ? 5 : 7, Arbitraries.of(lit.principals()).flatMap(t -> instantiatePrincipal(t.get1(), t.get2())));
    }
    return c.add(3, anyPrincipal()).add(2, Arbitraries.just(new RequestPrincipal.Anonymous())).build();
  }

  /** A caller the principal value {@code v} of type {@code t} names (or, for odd values, some caller). */
  static Arbitrary<RequestPrincipal> instantiatePrincipal(PrincipalType t, String v) {
    switch (t) {
      case SERVICE:
        return Arbitraries.just(new RequestPrincipal.Service(v));
      case FEDERATED:
        return Arbitraries.just(new RequestPrincipal.Federated(v));
      case CANONICAL_USER:
        // a canonical user, or a CloudFront OAI whose canonical user id it is
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(new RequestPrincipal.CanonicalUser(v))),
            Tuple.of(1, Arbitraries.of(CLOUDFRONT_OAIS).map(arn -> new RequestPrincipal.CloudFrontOai(arn, v))));
      default:
        break;
    }
    if (CLOUDFRONT_OAIS.contains(v)) {
      return Arbitraries.of(CANONICAL_USERS).map(id -> new RequestPrincipal.CloudFrontOai(v, id));
    }
    if (v.matches("\\d{12}")) {
      return Arbitraries.of(awsArnsIn(v)).map(arn -> aws(v, arn));
    }
    String[] f = v.split(":", 6);
    if (f.length == 6 && f[0].equals("arn") && f[4].matches("\\d{12}")) {
      String account = f[4];
      List<String> arns = new ArrayList<>(List.of(v));
      if (f[5].equals("root")) {
        arns.addAll(awsArnsIn(account));
      } else if (f[5].startsWith("role/")) {
        String role = f[5].substring(f[5].lastIndexOf('/') + 1);
        arns.add("arn:aws:sts::" + account + ":assumed-role/" + role + "/s1");
      }
      return Arbitraries.frequencyOf(
          Tuple.of(3, Arbitraries.just(aws(account, v))),
          Tuple.of(2, Arbitraries.of(arns).map(arn -> aws(account, arn))));
    }
    return anyAwsPrincipal();
  }

  private static RequestPrincipal aws(String account, String arn) {
    return new RequestPrincipal.Aws(account, arn);
  }

  /** Any caller of the vocabulary, anonymous included. */
  public static Arbitrary<RequestPrincipal> anyPrincipal() {
    return new Choices<RequestPrincipal>()
        .add(1, Arbitraries.just(new RequestPrincipal.Anonymous()))
        .add(6, anyAwsPrincipal())
        .add(1, Arbitraries.of(SERVICE_PRINCIPALS).map(RequestPrincipal.Service::new))
        .add(1, Arbitraries.of(FEDERATED_PROVIDERS).map(RequestPrincipal.Federated::new))
        .add(1, Arbitraries.of(CANONICAL_USERS).map(RequestPrincipal.CanonicalUser::new))
        .add(1, Combinators.combine(Arbitraries.of(CLOUDFRONT_OAIS), Arbitraries.of(CANONICAL_USERS))
            .as(RequestPrincipal.CloudFrontOai::new))
        .build();
  }

  public static Arbitrary<RequestPrincipal> anyAwsPrincipal() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.of(ACCOUNTS).flatMap(a -> Arbitraries.of(awsArnsIn(a)).map(arn -> aws(a, arn)))),
        // role sessions from AssumeRoleWithWebIdentity / AssumeRoleWithSAML
        Tuple.of(1, Combinators.combine(Arbitraries.of(ACCOUNTS), Arbitraries.of(FEDERATED_PROVIDERS)).as((a, provider) ->
            RequestPrincipal.Aws.roleSession("arn:aws:iam::" + a + ":role/path/Admin", "s1", "AROAAAAAAAAAAAAAAAAA", provider))));
  }

  // ---------------------------------------------------------------- request actions

  private static final List<String> NOISE_ACTIONS = List.of("ec2:RunInstances", "s3:Get", "s3:getobject", "S3:GETOBJECT", "kms:", "x");

  private static Arbitrary<String> actionFor(Literals lit) {
    Choices<String> c = new Choices<>();
    if (!lit.actions().isEmpty()) {
      c.add(6, Arbitraries.of(lit.actions()).flatMap(PolicyArbitraries::instantiateAction));
    }
    return c.add(3, anyAction()).add(1, Arbitraries.of(NOISE_ACTIONS)).build();
  }

  /** A concrete action of the vocabulary, in odd case one time in eight. */
  public static Arbitrary<String> anyAction() {
    return Arbitraries.frequencyOf(
        Tuple.of(7, concreteActions()), Tuple.of(1, concreteActions().map(PolicyArbitraries::flipCase)));
  }

  static Arbitrary<String> instantiateAction(String pattern) {
    if (pattern.equals("*")) {
      return anyAction();
    }
    List<String> matching = new ArrayList<>();
    ACTIONS.forEach((svc, names) -> names.forEach(n -> {
      if (glob(pattern, svc + ":" + n, true)) {
        matching.add(svc + ":" + n);
      }
    }));
    Arbitrary<String> syntactic = instantiate(pattern, List.of("", "Object", "x"), List.of("G", "a", "x"), false);
    Choices<String> c = new Choices<>();
    if (!matching.isEmpty()) {
      c.add(4, Arbitraries.of(matching));
    }
    return c.add(2, syntactic).add(1, syntactic.map(PolicyArbitraries::flipCase)).build();
  }

  // ---------------------------------------------------------------- request resources

  private static final List<String> NOISE_RESOURCES =
      List.of("arn:aws:s3:::c/d", "arn:aws:s3:::", "arn:aws:s3:::A", "arn:aws:s3:::a/${aws:username}",
          "arn:aws:s3:::é/😀", "arn:aws:sqs:us-east-1:333333333333:q1", "*");

  private static Arbitrary<String> resourceFor(Literals lit) {
    Choices<String> c = new Choices<>();
    if (!lit.resources().isEmpty()) {
      c.add(6, Arbitraries.of(lit.resources()).flatMap(PolicyArbitraries::instantiateResource));
    }
    return c.add(3, anyResource()).add(1, Arbitraries.of(NOISE_RESOURCES)).build();
  }

  public static Arbitrary<String> anyResource() {
    return Arbitraries.of(RESOURCE_ARNS);
  }

  static Arbitrary<String> instantiateResource(String pattern) {
    if (pattern.equals("*")) {
      return anyResource();
    }
    String asGlob = VARIABLE.matcher(pattern).replaceAll("*");
    List<String> matching = RESOURCE_ARNS.stream().filter(r -> glob(asGlob, r, false)).toList();
    Arbitrary<String> syntactic = instantiate(pattern, List.of("", "x", "/y", "a"), List.of("a", "b", "/", "é"), true);
    Choices<String> c = new Choices<>();
    if (!matching.isEmpty()) {
      c.add(3, Arbitraries.of(matching));
    }
    return c.add(3, syntactic).build();
  }

  // ---------------------------------------------------------------- request context

  private static Arbitrary<Map<String, ContextValue>> contextFor(Literals lit) {
    List<Arbitrary<List<Map.Entry<String, ContextValue>>>> parts = new ArrayList<>();
    lit.conditionsByKey().forEach((key, conds) -> parts.add(keyFor(key, conds).map(PolicyArbitraries::listOf)));
    for (String v : lit.variableKeys()) {
      if (!lit.conditionsByKey().containsKey(v)) {
        parts.add(Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(List.<Map.Entry<String, ContextValue>>of())),
            Tuple.of(3, variablePool(v).map(x -> List.of(Map.entry(v, ContextValue.single(x)))))));
      }
    }
    parts.add(noiseEntries(2));
    return Combinators.combine(parts).as(PolicyArbitraries::contextMap);
  }

  private static <T> List<T> listOf(Optional<T> o) {
    return o.map(List::of).orElse(List.of());
  }

  /** The first spelling of each key wins (keys ignore case). */
  private static Map<String, ContextValue> contextMap(List<List<Map.Entry<String, ContextValue>>> parts) {
    Map<String, ContextValue> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Map<String, ContextValue> out = new LinkedHashMap<>();
    for (List<Map.Entry<String, ContextValue>> part : parts) {
      for (Map.Entry<String, ContextValue> e : part) {
        if (m.putIfAbsent(e.getKey(), e.getValue()) == null) {
          out.put(e.getKey(), e.getValue());
        }
      }
    }
    return out;
  }

  private static Arbitrary<Map<String, ContextValue>> noiseContext(int max) {
    return noiseEntries(max).map(l -> contextMap(List.of(l)));
  }

  /** 0–{@code max} vocabulary keys with vocabulary values. */
  private static Arbitrary<List<Map.Entry<String, ContextValue>>> noiseEntries(int max) {
    return Arbitraries.of(KEYS).list().uniqueElements().ofMaxSize(max).flatMap(specs -> {
      if (specs.isEmpty()) {
        return Arbitraries.just(List.<Map.Entry<String, ContextValue>>of());
      }
      List<Arbitrary<Map.Entry<String, ContextValue>>> es = new ArrayList<>();
      for (KeySpec s : specs) {
        Arbitrary<String> v = Arbitraries.of(s.values());
        Arbitrary<ContextValue> cv = s.multiValued()
            ? v.list().uniqueElements().ofMaxSize(3).map(ContextValue::multi)
            : v.map(ContextValue::single);
        es.add(cv.map(x -> Map.entry(s.name(), x)));
      }
      return Combinators.combine(es).as(l -> l);
    });
  }

  /** A value for a key a policy variable names. */
  private static Arbitrary<String> variablePool(String key) {
    return Arbitraries.of(KEYS.stream().filter(k -> k.name().equalsIgnoreCase(key)).findFirst()
        .map(KeySpec::values).orElse(List.of("x", "alice")));
  }

  /** A key the policy tests: absent, or a single or multi value near the policy's values for it. */
  private static Arbitrary<Optional<Map.Entry<String, ContextValue>>> keyFor(String key, List<Condition> conds) {
    KeySpec spec = KEYS.stream().filter(k -> k.name().equalsIgnoreCase(key)).findFirst().orElse(null);
    boolean setLike = (spec != null && spec.multiValued())
        || conds.stream().anyMatch(c -> c.operator().qualifier() != SetQualifier.NONE);
    List<Arbitrary<String>> sources = new ArrayList<>();
    for (Condition c : conds) {
      sources.add(near(c.operator().base().family(), c.values()));
    }
    Arbitrary<String> near = Arbitraries.oneOf(sources);
    Choices<String> values = new Choices<String>().add(8, near).add(1, Arbitraries.of(ODD_STRINGS));
    if (spec != null) {
      values.add(2, Arbitraries.of(spec.values()));
    }
    Arbitrary<String> value = values.build();
    Arbitrary<ContextValue> single = value.map(ContextValue::single);
    Arbitrary<ContextValue> multi = value.list().uniqueElements().ofMaxSize(3).map(ContextValue::multi);
    Arbitrary<ContextValue> cv = setLike
        ? Arbitraries.frequencyOf(Tuple.of(1, single), Tuple.of(1, multi))
        : Arbitraries.frequencyOf(Tuple.of(9, single), Tuple.of(1, multi));
    Arbitrary<String> spelling = Arbitraries.frequency(
        Tuple.of(6, key), Tuple.of(1, key.toUpperCase(Locale.ROOT)), Tuple.of(1, key.toLowerCase(Locale.ROOT)));
    return Arbitraries.frequencyOf(
        Tuple.of(3, Combinators.combine(spelling, cv).as((k, v) -> Optional.of(Map.entry(k, v)))),
        Tuple.of(1, Arbitraries.just(Optional.<Map.Entry<String, ContextValue>>empty())));
  }

  /** Request values at and around policy values of one operator family. */
  static Arbitrary<String> near(OperatorFamily family, List<String> policyValues) {
    Arbitrary<String> pv = Arbitraries.of(policyValues);
    return switch (family) {
      case STRING, ARN -> new Choices<String>()
          .add(5, pv.flatMap(v -> instantiate(v, List.of("", "x", "/y"), List.of("a", "/", "é"), true)))
          .add(1, pv.map(PolicyArbitraries::flipCase))
          .build();
      case NUMERIC -> pv.flatMap(v -> Arbitraries.of(numbersNear(v)));
      case DATE -> pv.flatMap(v -> Arbitraries.of(datesNear(v)));
      case BOOL, NULL -> Arbitraries.of("true", "false", "TRUE", "False", "1");
      case BINARY -> Arbitraries.oneOf(pv, Arbitraries.of(BINARIES), Arbitraries.just("not base64!"));
      case IP_ADDRESS -> pv.flatMap(v -> Arbitraries.of(addressesNear(v)));
    };
  }

  /** The same number in other spellings, ±1, ±0.01, and one non-number. */
  static List<String> numbersNear(String v) {
    BigDecimal b;
    try {
      b = new BigDecimal(v.trim());
    } catch (NumberFormatException e) {
      return NUMBERS;
    }
    BigDecimal hundredth = new BigDecimal("0.01");
    return List.copyOf(new LinkedHashSet<>(List.of(
        v, b.toPlainString(), b.stripTrailingZeros().toPlainString(), b.setScale(Math.max(b.scale(), 0) + 1).toPlainString(),
        b.add(BigDecimal.ONE).toPlainString(), b.subtract(BigDecimal.ONE).toPlainString(),
        b.add(hundredth).toPlainString(), b.subtract(hundredth).toPlainString(), "abc")));
  }

  /** The same instant in ISO and epoch form, ±1 s, +1 day, and one non-date. */
  static List<String> datesNear(String v) {
    Instant t = parseDate(v);
    if (t == null) {
      return DATES;
    }
    List<String> out = new ArrayList<>(List.of(v, t.toString(), Long.toString(t.getEpochSecond()),
        t.atOffset(ZoneOffset.ofHours(2)).toString()));
    for (long d : new long[] {-1, 1, 86400}) {
      Instant u = t.plusSeconds(d);
      out.add(u.toString());
      out.add(Long.toString(u.getEpochSecond()));
    }
    out.add("not a date");
    return List.copyOf(new LinkedHashSet<>(out));
  }

  /** ISO 8601 (with or without zone; date only is midnight UTC) or epoch seconds, as the parser reads them. */
  static Instant parseDate(String s) {
    if (s.matches("-?\\d{1,12}")) {
      return Instant.ofEpochSecond(Long.parseLong(s));
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Addresses of a block: first, last, middle, just below, just above; other spellings; one non-address. */
  static List<String> addressesNear(String cidr) {
    int slash = cidr.indexOf('/');
    String addr = slash < 0 ? cidr : cidr.substring(0, slash);
    BigInteger v4 = ipv4(addr);
    BigInteger a = v4 != null ? v4 : ipv6(addr);
    if (a == null) {
      return List.of("10.1.2.3", "::1", "not-an-ip");
    }
    int bits = v4 != null ? 32 : 128;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Math.min(bits, Integer.parseInt(cidr.substring(slash + 1)));
      } catch (NumberFormatException e) {
        prefix = bits;
      }
    }
    BigInteger all = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    BigInteger first = a.and(all.xor(hostMask));
    BigInteger last = first.or(hostMask);
    // Just outside first (edge cases take the first candidate), then the block's first, last, middle
    // and given addresses, then just above.
    List<BigInteger> points = new ArrayList<>();
    if (first.signum() > 0) {
      points.add(first.subtract(BigInteger.ONE));
    }
    points.addAll(List.of(first, last, first.add(hostMask.shiftRight(1)), a));
    if (last.compareTo(all) < 0) {
      points.add(last.add(BigInteger.ONE));
    }
    Set<String> out = new LinkedHashSet<>();
    for (BigInteger p : points) {
      if (bits == 32) {
        out.add(v4Text(p));
      } else {
        out.add(v6Text(p, true));
        out.add(v6Text(p, false));
      }
    }
    if (bits == 32) {
      out.add("::ffff:" + v4Text(a));
    } else if (a.shiftRight(32).equals(BigInteger.valueOf(0xffff))) {
      out.add(v4Text(a.and(BigInteger.valueOf(0xffffffffL))));
    }
    out.add("not-an-ip");
    return List.copyOf(out);
  }

  static BigInteger ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    long v = 0;
    for (String part : parts) {
      if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 255) {
        return null;
      }
      v = v * 256 + Integer.parseInt(part);
    }
    return BigInteger.valueOf(v);
  }

  /** RFC 4291 text forms ({@code ::}, trailing dotted IPv4), or null. */
  static BigInteger ipv6(String s) {
    int dbl = s.indexOf("::");
    if (s.isEmpty() || dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
      return null;
    }
    List<Integer> head = groups(dbl >= 0 ? s.substring(0, dbl) : s);
    List<Integer> tail = dbl >= 0 ? groups(s.substring(dbl + 2)) : List.of();
    if (head == null || tail == null) {
      return null;
    }
    int count = head.size() + tail.size();
    if (dbl < 0 ? count != 8 : count > 7) {
      return null;
    }
    BigInteger v = BigInteger.ZERO;
    for (int g : head) {
      v = v.shiftLeft(16).add(BigInteger.valueOf(g));
    }
    v = v.shiftLeft(16 * (8 - count));
    for (int g : tail) {
      v = v.shiftLeft(16).add(BigInteger.valueOf(g));
    }
    return v;
  }

  private static List<Integer> groups(String side) {
    List<Integer> out = new ArrayList<>();
    if (side.isEmpty()) {
      return out;
    }
    String[] parts = side.split(":", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i == parts.length - 1 && parts[i].contains(".")) {
        BigInteger v4 = ipv4(parts[i]);
        if (v4 == null) {
          return null;
        }
        out.add(v4.intValue() >>> 16);
        out.add(v4.intValue() & 0xffff);
      } else if (parts[i].matches("[0-9A-Fa-f]{1,4}")) {
        out.add(Integer.parseInt(parts[i], 16));
      } else {
        return null;
      }
    }
    return out;
  }

  static String v4Text(BigInteger a) {
    long v = a.longValue();
    return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
  }

  /** Eight hex groups, or with the longest run of zero groups written {@code ::}. */
  static String v6Text(BigInteger a, boolean compress) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = a.shiftRight(16 * (7 - i)).intValue() & 0xffff;
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; compress && i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen && j - i >= 2) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        b.append("::");
        i += bestLen - 1;
        continue;
      }
      if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
        b.append(':');
      }
      b.append(Integer.toHexString(g[i]));
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- wildcard and variable instantiation

  /**
   * Strings a pattern stands for: each {@code *} replaced by one of {@code starFill}, each {@code ?} by
   * one of {@code qFill}, each policy variable {@code ${...}} (when {@code variables}) kept literally or
   * replaced by a value of the key it names (its default included).
   */
  static Arbitrary<String> instantiate(String pattern, List<String> starFill, List<String> qFill, boolean variables) {
    List<Arbitrary<String>> parts = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      int end = variables && pattern.startsWith("${", i) ? pattern.indexOf('}', i) : -1;
      if (end > 0) {
        flush(lit, parts);
        parts.add(variableFill(pattern.substring(i, end + 1)));
        i = end + 1;
      } else if (c == '*' || c == '?') {
        flush(lit, parts);
        parts.add(Arbitraries.of(c == '*' ? starFill : qFill));
        i++;
      } else {
        lit.append(c);
        i++;
      }
    }
    flush(lit, parts);
    if (parts.isEmpty()) {
      return Arbitraries.just("");
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return Combinators.combine(parts).as(l -> String.join("", l));
  }

  private static void flush(StringBuilder lit, List<Arbitrary<String>> parts) {
    if (lit.length() > 0) {
      parts.add(Arbitraries.just(lit.toString()));
      lit.setLength(0);
    }
  }

  private static Arbitrary<String> variableFill(String raw) {
    String body = raw.substring(2, raw.length() - 1);
    String[] kv = body.split(",", 2);
    String key = kv[0].trim();
    List<String> pool = new ArrayList<>(switch (key) {
      case "*", "?", "$" -> List.of(key);
      default -> KEYS.stream().filter(k -> k.name().equalsIgnoreCase(key)).findFirst()
          .map(KeySpec::values).orElse(List.of("x"));
    });
    if (kv.length == 2) {
      pool.add(kv[1].trim().replaceAll("^'|'$", ""));
    }
    return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(raw)), Tuple.of(5, Arbitraries.of(pool)));
  }

  /**
   * Whether {@code text} matches {@code pattern} with {@code *} (any run) and {@code ?} (one char). Only
   * steers generation towards matches; not a reference for any evaluator.
   */
  static boolean glob(String pattern, String text, boolean ignoreCase) {
    if (ignoreCase) {
      pattern = pattern.toLowerCase(Locale.ROOT);
      text = text.toLowerCase(Locale.ROOT);
    }
    int p = 0;
    int t = 0;
    int star = -1;
    int mark = 0;
    while (t < text.length()) {
      if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
        p++;
        t++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  // ---------------------------------------------------------------- helpers

  /** Weighted alternatives; weights of zero are left out. */
  static final class Choices<T> {
    private final List<Tuple2<Integer, Arbitrary<T>>> list = new ArrayList<>();

    @SuppressWarnings("unchecked")
    Choices<T> add(int weight, Arbitrary<? extends T> a) {
      if (weight > 0) {
        list.add(Tuple.of(weight, (Arbitrary<T>) a));
      }
      return this;
    }

    Arbitrary<T> build() {
      return list.size() == 1 ? list.get(0).get2() : Arbitraries.frequencyOf(list);
    }
  }
}
