package dev.hornbeam.policy.gen;

import dev.hornbeam.policy.eval.Arns;
import dev.hornbeam.policy.eval.Cidrs;
import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.eval.TypedValues;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.ContextKeys;
import dev.hornbeam.policy.model.OperatorFamily;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.PrincipalType;
import dev.hornbeam.policy.model.Principals;
import dev.hornbeam.policy.model.Statement;
import dev.hornbeam.policy.universe.DerivedKeys;
import dev.hornbeam.policy.universe.PolicyKeys;
import dev.hornbeam.policy.universe.PrincipalKind;
import dev.hornbeam.policy.universe.IdentityProviders;
import dev.hornbeam.policy.universe.PublicMeaning;
import dev.hornbeam.policy.universe.Realistic;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A finite universe of concrete requests for some policies — every kind of caller × the policies' own
 * constants × fresh values — in which the reference (the evaluator and the plain-Java model of who can
 * call, {@code dev.hornbeam.policy.universe}) looks for a request with a property, e.g. "a stranger the
 * policy allows". Lightweight formal methods: the symbolic answer must agree with what this finds.
 *
 * <p>Callers, actions and resources are enumerated in full; each (caller, action, resource) gets
 * {@code contextsPerTriple} request contexts drawn from the per-key options (absent, each policy
 * constant, fresh typed values), the first one always "every key absent".
 */
public final class RequestUniverse {
  public static final String FRESH_ACCOUNT = "999999999999";

  private final List<Policy> policies;
  private final String service;
  private final Set<String> mentioned;
  private final List<RequestPrincipal> principals;
  private final List<String> actions;
  private final List<String> resources;
  private final Map<String, List<String>> options = new LinkedHashMap<>();

  /** @param service the action prefix requests are for (e.g. {@code s3}), or null for the policies' own */
  public RequestUniverse(List<Policy> policies, String service) {
    this.policies = List.copyOf(policies);
    this.service = service;
    this.mentioned = PolicyKeys.mentioned(policies);
    this.principals = principals();
    this.actions = actions();
    this.resources = resources();
    for (String key : mentioned) {
      options.put(key, values(key));
    }
  }

  public List<RequestPrincipal> principals() {
    if (principals != null) {
      return principals;
    }
    Set<String> accounts = new LinkedHashSet<>();
    Set<String> arns = new LinkedHashSet<>();
    Set<String> services = new LinkedHashSet<>(List.of("cloudtrail.amazonaws.com"));
    Set<String> providers = new LinkedHashSet<>(PublicMeaning.WEB_IDENTITY);
    Set<String> canonical = new LinkedHashSet<>(List.of("c0ffee"));
    Set<String> userIds = new LinkedHashSet<>();
    // CloudFront origin access identities: those the policies name, and one they do not
    Set<String> oais = new LinkedHashSet<>();
    Set<String> names = new LinkedHashSet<>(List.of("stranger"));
    for (String text : constants()) {
      if (text.matches("\\d{12}")) {
        accounts.add(text);
      }
      List<String> f = Arns.fields(text);
      if (f != null && f.get(4).matches("\\d{12}")) {
        accounts.add(f.get(4));
        arns.add(text);
      }
      if (PrincipalKind.CLOUDFRONT_OAI_ARN.matcher(text).matches()) {
        oais.add(text);
      }
      if (text.matches("A(IDA|ROA)[A-Z0-9]+(:.*)?")) {
        userIds.add(text);
      }
      if (f != null && (f.get(5).startsWith("user/") || f.get(5).startsWith("federated-user/"))) {
        String name = f.get(5).substring(f.get(5).lastIndexOf('/') + 1);
        if (name.matches("[A-Za-z0-9+=,.@_-]+")) {
          names.add(name); // the same name in other accounts
        }
      }
    }
    for (Policy p : policies) {
      for (Statement s : p.statements()) {
        for (Condition c : s.conditions()) {
          if (c.key().equalsIgnoreCase("aws:username")) {
            c.values().stream().filter(v -> v.matches("[A-Za-z0-9+=,.@_-]+")).forEach(names::add);
          }
        }
        if (s.principal() != null && s.principal().principals() instanceof Principals.Listed l) {
          services.addAll(l.values(PrincipalType.SERVICE));
          providers.addAll(l.values(PrincipalType.FEDERATED));
          canonical.addAll(l.values(PrincipalType.CANONICAL_USER));
        }
      }
    }
    accounts.add(FRESH_ACCOUNT);
    List<RequestPrincipal> out = new ArrayList<>();
    out.add(new RequestPrincipal.Anonymous());
    for (String a : accounts) {
      String iam = "arn:aws:iam::" + a + ":";
      out.add(new RequestPrincipal.Aws(a, iam + "root"));
      out.add(new RequestPrincipal.Aws(a, iam + "user/stranger"));
      out.add(new RequestPrincipal.Aws(a, "arn:aws:sts::" + a + ":federated-user/stranger"));
      out.add(new RequestPrincipal.Aws(a, iam + "role/stranger-role"));
      out.add(RequestPrincipal.Aws.roleSession(iam + "role/stranger-role", "s1", "AROAFRESHFRESHFRESH",
          "cognito-identity.amazonaws.com"));
      out.add(RequestPrincipal.Aws.roleSession(iam + "role/stranger-role", "s1", "AROAFRESHFRESHFRESH",
          iam + "saml-provider/corp"));
      for (String name : names) {
        if (name.length() < 40) {
          out.add(new RequestPrincipal.Aws(a, iam + "user/" + name));
          out.add(new RequestPrincipal.Aws(a, "arn:aws:sts::" + a + ":federated-user/" + name));
        }
      }
      for (String id : userIds) {
        String[] parts = id.split(":", 2);
        if (parts[0].startsWith("AIDA")) {
          out.add(new RequestPrincipal.Aws(a, iam + "user/stranger", iam + "user/stranger", parts[0], null));
        } else if (parts.length == 2 && !parts[1].isEmpty() && !parts[1].contains("*")) {
          out.add(RequestPrincipal.Aws.roleSession(iam + "role/stranger-role", parts[1], parts[0], null));
        }
      }
    }
    for (String arn : arns) {
      List<String> f = Arns.fields(arn);
      if (arn.contains("*") || arn.contains("?") || arn.contains("${")) {
        continue;
      }
      String resource = f.get(5);
      if (f.get(2).equals("iam") && resource.startsWith("role/") && resource.length() > 5 && !resource.endsWith("/")) {
        out.add(RequestPrincipal.Aws.roleSession(arn, "s1", "AROAFRESHFRESHFRESH", null));
      } else if ((f.get(2).equals("iam") && resource.startsWith("user/") && !resource.endsWith("/"))
          || (f.get(2).equals("sts") && (resource.startsWith("assumed-role/") || resource.startsWith("federated-user/")))) {
        out.add(new RequestPrincipal.Aws(f.get(4), arn));
      }
    }
    services.forEach(s -> out.add(new RequestPrincipal.Service(s)));
    // Providers no Principal entry names: one that sets no key the policies read, and one for each read
    // provider-key prefix HOST (arn:…:oidc-provider/HOST, which sets HOST's keys).
    providers.add("arn:aws:iam::000000000000:oidc-provider/oidc.unnamed-provider.example");
    for (String key : mentioned) {
      if (IdentityProviders.isProviderKey(key) && !IdentityProviders.keyPrefix(key).equals(IdentityProviders.SAML)
          && !IdentityProviders.WELL_KNOWN.contains(IdentityProviders.keyPrefix(key))) {
        providers.add("arn:aws:iam::000000000000:oidc-provider/" + IdentityProviders.keyPrefix(key));
      }
    }
    providers.forEach(p -> out.add(new RequestPrincipal.Federated(p)));
    canonical.forEach(c -> out.add(new RequestPrincipal.CanonicalUser(c)));
    oais.add("arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity EFRESH");
    for (String oai : oais) {
      canonical.forEach(c -> out.add(new RequestPrincipal.CloudFrontOai(oai, c)));
    }
    return List.copyOf(out);
  }

  private List<String> actions() {
    Set<String> out = new LinkedHashSet<>();
    for (Policy p : policies) {
      for (Statement s : p.statements()) {
        for (String pattern : s.action().patterns()) {
          for (String a : instances(pattern)) {
            if (service == null || a.toLowerCase(Locale.ROOT).startsWith(service + ":")) {
              out.add(a);
            }
          }
        }
      }
    }
    out.add((service == null ? "fresh" : service) + ":FreshAction");
    return List.copyOf(out);
  }

  private List<String> resources() {
    Set<String> out = new LinkedHashSet<>();
    for (Policy p : policies) {
      for (Statement s : p.statements()) {
        if (s.resource() != null) {
          for (String pattern : s.resource().patterns()) {
            out.addAll(instances(pattern.replace("${aws:username}", "stranger")));
          }
        }
      }
    }
    out.add("arn:aws:s3:::fresh-bucket/fresh-key");
    return List.copyOf(out);
  }

  /** A wildcard pattern's instances: {@code *} as nothing and as {@code x}, {@code ?} as {@code y}. */
  static List<String> instances(String pattern) {
    Set<String> out = new LinkedHashSet<>();
    out.add(pattern.replace("*", "").replace("?", "y"));
    out.add(pattern.replace("*", "x").replace("?", "y"));
    out.add(pattern.replace("*", FRESH_ACCOUNT).replace("?", "y"));
    return List.copyOf(out);
  }

  /** Every condition value and principal value of the policies. */
  private Set<String> constants() {
    Set<String> out = new LinkedHashSet<>();
    for (Policy p : policies) {
      for (Statement s : p.statements()) {
        if (s.principal() != null && s.principal().principals() instanceof Principals.Listed l) {
          out.addAll(l.values(PrincipalType.AWS));
        }
        for (Condition c : s.conditions()) {
          for (String v : c.values()) {
            out.addAll(instances(v));
          }
        }
      }
    }
    return out;
  }

  /** The options for one key's value: the policies' constants (instantiated) and fresh typed values. */
  private List<String> values(String key) {
    Set<String> out = new LinkedHashSet<>();
    Set<OperatorFamily> families = new LinkedHashSet<>();
    for (Policy p : policies) {
      for (Statement s : p.statements()) {
        for (Condition c : s.conditions()) {
          if (!c.key().equalsIgnoreCase(key)) {
            continue;
          }
          OperatorFamily f = c.operator().base().family();
          families.add(f);
          for (String v : c.values()) {
            switch (f) {
              case STRING, ARN -> out.addAll(instances(v.replace("${aws:username}", "stranger")));
              case NUMERIC -> TypedValues.parseDecimal(v).ifPresent(d -> {
                out.add(d.toPlainString());
                out.add(d.add(BigDecimal.ONE).toPlainString());
                out.add(d.subtract(BigDecimal.ONE).toPlainString());
              });
              case DATE -> TypedValues.parseDate(v).ifPresent(t -> {
                out.add(t.toString());
                out.add(t.plus(Duration.ofDays(1)).toString());
                out.add(t.minus(Duration.ofDays(1)).toString());
              });
              case BOOL -> out.addAll(List.of("true", "false"));
              case BINARY -> out.add(v);
              case IP_ADDRESS -> Cidrs.parseCidr(v).ifPresent(b -> out.add(address(b.address())));
              case NULL -> { }
            }
          }
        }
      }
    }
    if (families.contains(OperatorFamily.IP_ADDRESS)) {
      out.addAll(List.of("203.0.113.7", "2001:db8::1"));
    } else if (families.contains(OperatorFamily.NUMERIC)) {
      out.add("7");
    } else if (families.contains(OperatorFamily.DATE)) {
      out.add("2030-01-01T00:00:00Z");
    } else if (families.contains(OperatorFamily.BINARY)) {
      out.add("QUJD");
    } else if (families.contains(OperatorFamily.ARN)) {
      out.add("arn:aws:iam::" + FRESH_ACCOUNT + ":user/stranger");
    } else {
      out.add("fresh");
    }
    return List.copyOf(out);
  }

  private static String address(byte[] a) {
    if (a.length == 4) {
      return (a[0] & 255) + "." + (a[1] & 255) + "." + (a[2] & 255) + "." + (a[3] & 255);
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 16; i += 2) {
      b.append(i == 0 ? "" : ":").append(Integer.toHexString(((a[i] & 255) << 8) | (a[i + 1] & 255)));
    }
    return b.toString();
  }

  /** How many (caller, action, resource) triples there are. */
  public long triples() {
    return (long) principals.size() * actions.size() * resources.size();
  }

  /**
   * The first request of the universe that satisfies {@code wanted}, or null: every (caller, action,
   * resource), each with "every key absent" and {@code contextsPerTriple - 1} drawn contexts.
   */
  public Request find(Predicate<Request> wanted, int contextsPerTriple, long seed) {
    Random random = new Random(seed);
    for (RequestPrincipal p : principals) {
      for (String action : actions) {
        for (String resource : resources) {
          for (int i = 0; i < contextsPerTriple; i++) {
            Map<String, ContextValue> ctx = new LinkedHashMap<>();
            if (i > 0) {
              for (Map.Entry<String, List<String>> e : options.entrySet()) {
                drawn(e.getKey(), e.getValue(), random, ctx);
              }
            }
            Request r = Realistic.withDerivedKeys(new Request(p, action, resource, ctx), mentioned);
            if (wanted.test(r)) {
              return r;
            }
          }
        }
      }
    }
    return null;
  }

  private static void drawn(String key, List<String> values, Random random, Map<String, ContextValue> ctx) {
    if (random.nextInt(4) == 0) {
      return; // absent
    }
    if (ContextKeys.isMultiValued(key)) {
      int n = random.nextInt(3);
      List<String> set = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        String v = values.get(random.nextInt(values.size()));
        if (!set.contains(v)) {
          set.add(v);
        }
      }
      ctx.put(key, ContextValue.multi(set));
    } else {
      ctx.put(key, ContextValue.single(values.get(random.nextInt(values.size()))));
    }
  }

  /** The keys the policies read. */
  public Set<String> mentioned() {
    return mentioned;
  }

  /** Whether a derived key is read (for coverage statistics). */
  public static boolean readsDerivedKey(Set<String> mentioned) {
    return mentioned.stream().anyMatch(DerivedKeys::isDerived);
  }
}
