package dev.hornbeam.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hornbeam.policy.Hashes;
import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.parse.PolicyPrinter;
import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.findings.FindingsAnswer;
import dev.hornbeam.portfolio.PublicAccessAnswer;
import dev.hornbeam.portfolio.Reason;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.service.Json;
import dev.hornbeam.service.answer.PolicyInput;
import dev.hornbeam.service.answer.PolicyProblem;
import dev.hornbeam.service.answer.PublicAccessResponse;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How an audit decides one resource, in three steps (the Flink job's {@code CheckFunction} keeps the decided answers
 * in keyed state): {@link #prepare} (no solver: the answers that need
 * no check, and the dedup key of the rest), {@link #share} (an answer decided earlier under the same key) and
 * {@link #check} (the solvers).
 */
public final class Decider {
  private final PolicyChecker checker;
  private final Duration deadline;
  private final AtomicLong sharedWitnessRejected = new AtomicLong();

  public Decider(PolicyChecker checker, Duration deadline) {
    this.checker = checker;
    this.deadline = deadline;
  }

  /** The zone of trust: an organization, or null for each resource's own account (the default). */
  private Zone.Organization organization;

  public Decider zone(Zone.Organization organization) {
    this.organization = organization;
    return this;
  }

  /**
   * {@code f} with who outside the resource's zone of trust has access (issue 17). Per-account variants
   * share their findings as they share the public answer (AccountRenaming: the outside test compares
   * account ids for equality, which the renaming keeps), the owner account renamed with the rest; their
   * words mapped to this resource's ids. An undecided answer is shared too: it reports possible outside
   * access (fail closed), and the same question would run out of time again.
   */
  Finding outside(Finding f, ToCheck c) {
    ResourceRecord r = c.record;
    Zone zone = organization;
    if (zone == null) {
      if (!Zone.ACCOUNT.matcher(r.accountId()).matches()) {
        // Fail closed: without the owner's account there is no telling who is outside it.
        return f.withOutside(List.of("the resource's account \"" + r.accountId() + "\" is no 12-digit id: who outside it has"
            + " access is not decided"), "UNDECIDED");
      }
      zone = new Zone.Account(r.accountId());
    }
    String key = null;
    if (c.dedupKey != null && zone instanceof Zone.Account owner) {
      // The dedup key (type, ARN and printed policy, renamed when the renaming is safe) and the owner, renamed alike.
      key = c.dedupKey + "\nowner " + c.renaming.map(x -> x.names(owner.id()) ? x.canonical(owner.id()) : "unnamed").orElse(owner.id());
      SharedAccess earlier = access.get(key);
      if (earlier != null) {
        List<String> words = earlier.words();
        if (earlier.renaming() != null && c.renaming.isPresent()) {
          AccountRenaming to = c.renaming.get();
          words = words.stream().map(w -> to.fromOther(w, earlier.renaming(), earlier.owner(), owner.id())).toList();
        }
        return f.withOutside(words, earlier.coverage());
      }
    }
    FindingsAnswer a = checker.findings(c.parsed.policy(), c.type, r.arn(), zone,
        deadline.compareTo(FINDINGS_BUDGET) < 0 ? deadline : FINDINGS_BUDGET);
    List<String> words = a.findings().stream().map(x -> x.words()).toList();
    if (key != null) {
      access.putIfAbsent(key, new SharedAccess(words, a.coverage().name(), c.renaming.orElse(null), ((Zone.Account) zone).id()));
    }
    return f.withOutside(words, a.coverage().name());
  }

  /**
   * Time for one resource's findings search in an audit. A search runs several solver questions; most end
   * in milliseconds, a few policies' questions go to Z3 and cvc5 and take seconds (BENCHMARKS.md,
   * "Findings"). Past this budget the resource's outside access is UNDECIDED (reported as possible access:
   * fail closed) instead of holding up the audit; {@code hornbeam findings} on that policy takes longer.
   */
  static final Duration FINDINGS_BUDGET = Duration.ofSeconds(2);

  /** Findings decided for a variant: their words, the variant's renaming and owner account. */
  private record SharedAccess(List<String> words, String coverage, AccountRenaming renaming, String owner) {}

  private final java.util.concurrent.ConcurrentHashMap<String, SharedAccess> access = new java.util.concurrent.ConcurrentHashMap<>();

  /** What {@link #prepare} found: a finding, or a check to make. */
  public sealed interface Step permits Done, ToCheck {}

  /** The finding needs no solver (unknown type, no policy, bad ARN, invalid policy). */
  public record Done(Finding finding) implements Step {}

  /**
   * A resource to check. {@code dedupKey} is null without dedup: per-account variants share a key when their
   * account ids are all the difference ({@link AccountRenaming} says when that keeps the answer); otherwise
   * only the same type, ARN and policy text do.
   */
  public static final class ToCheck implements Step {
    final ResourceRecord record;
    final ResourceType type;
    final ParseResult parsed;
    final PolicyInput input;
    final Optional<AccountRenaming> renaming;
    final @Nullable String dedupKey;
    final String hash;

    private ToCheck(ResourceRecord record, ResourceType type, ParseResult parsed, PolicyInput input, Optional<AccountRenaming> renaming,
        @Nullable String dedupKey, String hash) {
      this.record = record;
      this.type = type;
      this.parsed = parsed;
      this.input = input;
      this.renaming = renaming;
      this.dedupKey = dedupKey;
      this.hash = hash;
    }

    public ResourceRecord record() {
      return record;
    }

    public @Nullable String dedupKey() {
      return dedupKey;
    }
  }

  /** A checked finding and, when its answer may be shared (a definite answer under dedup), what to remember. */
  public record Checked(Finding finding, Optional<Decided> remember) {}

  /** Without a solver: the finding when none is needed, else the check to make (with its dedup key under {@code dedup}). */
  public static Step prepare(ResourceRecord r, boolean dedup) {
    Optional<ResourceType> type = ResourceType.ofCloudFormationName(r.resourceType());
    String hash = r.policy() == null ? "" : sha256(r.policy());
    if (type.isEmpty()) {
      return new Done(finding(r, "INVALID", "UNKNOWN_TYPE", List.of(), null, List.of(new PolicyProblem("type", "", "UNKNOWN_TYPE", "error",
          "resource type " + r.resourceType() + " is not one of " + ResourceType.cloudFormationNames())),
          null, 0, false, hash));
    }
    if (r.policy() == null) {
      // No resource policy: nothing in it grants access to anyone.
      return new Done(finding(r, "NOT_PUBLIC", "NO_POLICY", List.of(), null, List.of(), null, 0, false, hash));
    }
    Optional<String> arnProblem = type.get().arnProblem(r.arn());
    if (arnProblem.isPresent()) {
      return new Done(finding(r, "INVALID", "INVALID_RESOURCE_ARN", List.of(), null, List.of(new PolicyProblem("arn", "", "INVALID_RESOURCE_ARN",
          "error", arnProblem.get())), null, 0, false, hash));
    }
    ParseResult parsed = PolicyParser.parse(r.policy().getBytes(StandardCharsets.UTF_8), new ResourceScope(type.get(), r.arn()));
    PolicyInput input = PolicyInput.of("policy", false, parsed);
    if (!input.valid()) {
      return new Done(finding(r, "INVALID", "INVALID_POLICY", List.of(), null, input.problems(), null, 0, false, hash));
    }
    Optional<AccountRenaming> renaming = Optional.empty();
    String dedupKey = null;
    if (dedup) {
      String printed = PolicyPrinter.print(parsed.policy());
      renaming = AccountRenaming.of(parsed.policy(), printed, r.arn());
      dedupKey = type.get().name() + "\n" + renaming.map(x -> "renamed\n" + x.canonical(r.arn()) + "\n" + x.canonical(printed))
          .orElse("exact\n" + r.arn() + "\n" + printed);
    }
    return new ToCheck(r, type.get(), parsed, input, renaming, dedupKey, hash);
  }

  /** The solvers' finding. */
  public Checked check(ToCheck c) {
    PublicAccessAnswer a = checker.isPublic(c.parsed.policy(), c.type, c.record.arn(), deadline);
    PublicAccessResponse response = PublicAccessResponse.of(a, List.of());
    Finding f = outside(finding(c.record, response.result(), response.reason(), response.reasons(), response.witness(), c.input.warnings(),
        response.solver(), a.timings().total() / 1000.0, false, c.hash), c);
    // Only definite answers are shared; a time-out is tried again.
    Optional<Decided> remember = c.dedupKey != null && a.reason() == Reason.SOLVED
        ? Optional.of(new Decided(f, a.witness().orElse(null), c.renaming.orElse(null))) : Optional.empty();
    return new Checked(f, remember);
  }

  /**
   * The earlier answer for this resource: NOT_PUBLIC as it is; PUBLIC with the earlier witness mapped to
   * this resource's account ids and re-checked by the reference evaluator (empty when that check fails:
   * the resource is then decided on its own).
   */
  public Optional<Finding> share(Decided earlier, ToCheck c) {
    Finding e = earlier.finding();
    ResourceRecord r = c.record;
    if (!e.result().equals("PUBLIC") || earlier.renaming() == null || c.renaming.isEmpty()) {
      return Optional.of(outside(finding(r, e.result(), e.reason(), e.reasons(), e.witness(), c.input.warnings(), e.solver(), 0, true, c.hash), c));
    }
    Request witness = c.renaming.get().fromVariant(earlier.witness(), earlier.renaming());
    // The facade's own witness check (evaluator and stranger), not a second one here.
    Optional<PublicAccessAnswer> confirmed = checker.confirmPublic(c.parsed.policy(), c.type, r.arn(), witness,
        e.solver() == null ? Optional.empty() : SolverId.fromKey(e.solver()));
    if (confirmed.isEmpty()) {
      sharedWitnessRejected.incrementAndGet();
      return Optional.empty();
    }
    PublicAccessResponse response = PublicAccessResponse.of(confirmed.get(), List.of());
    return Optional.of(outside(finding(r, "PUBLIC", e.reason(), response.reasons(), response.witness(), c.input.warnings(), e.solver(), 0, true,
        c.hash), c));
  }

  /** Shared PUBLIC answers whose mapped witness the evaluator did not allow (decided again instead). */
  public long sharedWitnessRejected() {
    return sharedWitnessRejected.get();
  }

  /**
   * An answer decided for an identical policy (or a per-account variant of it), and how it was named. It
   * travels as text ({@link #encode}, {@link #decode}): the Flink job keeps it in keyed state.
   */
  public record Decided(Finding finding, @Nullable Request witness, @Nullable AccountRenaming renaming) {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** As one JSON object: the finding, the witness request and the renaming's map. */
    public String encode() {
      StringWriter w = new StringWriter();
      try (JsonGenerator g = FACTORY.createGenerator(w)) {
        g.writeStartObject();
        g.writeStringField("finding", Json.mapper().writeValueAsString(finding));
        if (witness != null) {
          g.writeObjectFieldStart("witness");
          RequestPrincipal p = witness.principal();
          if (p instanceof RequestPrincipal.Aws a) {
            g.writeArrayFieldStart("aws");
            for (String s : new String[] {a.accountId(), a.arn(), a.principalArn(), a.uniqueId(), a.federatedProvider()}) {
              g.writeString(s);
            }
            g.writeEndArray();
          } else if (p instanceof RequestPrincipal.Service s) {
            g.writeStringField("service", s.name());
          } else if (p instanceof RequestPrincipal.Federated f) {
            g.writeStringField("federated", f.provider());
          } else if (p instanceof RequestPrincipal.CanonicalUser c) {
            g.writeStringField("canonicalUser", c.id());
          } else if (p instanceof RequestPrincipal.CloudFrontOai o) {
            g.writeArrayFieldStart("cloudFrontOai");
            g.writeString(o.arn());
            g.writeString(o.canonicalUserId());
            g.writeEndArray();
          } else if (p instanceof RequestPrincipal.Anonymous) {
            g.writeBooleanField("anonymous", true);
          } else {
            throw new IllegalStateException("principal of an unknown kind: " + p);
          }
          g.writeStringField("action", witness.action());
          g.writeStringField("resource", witness.resource());
          g.writeObjectFieldStart("context");
          for (Map.Entry<String, ContextValue> e : witness.context().entrySet()) {
            g.writeObjectFieldStart(e.getKey());
            g.writeBooleanField("multi", e.getValue().multiValued());
            g.writeArrayFieldStart("values");
            for (String v : e.getValue().values()) {
              g.writeString(v);
            }
            g.writeEndArray();
            g.writeEndObject();
          }
          g.writeEndObject();
          g.writeEndObject();
        }
        if (renaming != null) {
          g.writeObjectFieldStart("renaming");
          for (Map.Entry<String, String> e : renaming.toCanonical().entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
          }
          g.writeEndObject();
        }
        g.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return w.toString();
    }

    /** The inverse of {@link #encode}. */
    public static Decided decode(String text) {
      try (JsonParser p = FACTORY.createParser(text)) {
        Finding finding = null;
        Request witness = null;
        AccountRenaming renaming = null;
        expect(p.nextToken(), JsonToken.START_OBJECT);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          switch (name) {
            case "finding" -> finding = Json.mapper().readValue(p.getText(), Finding.class);
            case "witness" -> witness = request(p);
            case "renaming" -> {
              Map<String, String> map = new LinkedHashMap<>();
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String k = p.currentName();
                p.nextToken();
                map.put(k, p.getText());
              }
              renaming = AccountRenaming.of(map);
            }
            default -> throw new IOException("unknown member " + name);
          }
        }
        return new Decided(finding, witness, renaming);
      } catch (IOException e) {
        throw new UncheckedIOException("not a decided answer: " + e.getMessage(), e);
      }
    }

    private static Request request(JsonParser p) throws IOException {
      RequestPrincipal principal = null;
      String action = null;
      String resource = null;
      Map<String, ContextValue> context = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case "aws" -> {
            List<String> v = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
              v.add(p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText());
            }
            principal = new RequestPrincipal.Aws(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4));
          }
          case "service" -> principal = new RequestPrincipal.Service(p.getText());
          case "federated" -> principal = new RequestPrincipal.Federated(p.getText());
          case "canonicalUser" -> principal = new RequestPrincipal.CanonicalUser(p.getText());
          case "cloudFrontOai" -> {
            List<String> v = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
              v.add(p.getText());
            }
            principal = new RequestPrincipal.CloudFrontOai(v.get(0), v.get(1));
          }
          case "anonymous" -> principal = new RequestPrincipal.Anonymous();
          case "action" -> action = p.getText();
          case "resource" -> resource = p.getText();
          case "context" -> {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String key = p.currentName();
              p.nextToken();
              boolean multi = false;
              List<String> values = new ArrayList<>();
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String member = p.currentName();
                p.nextToken();
                if (member.equals("multi")) {
                  multi = p.getBooleanValue();
                } else {
                  while (p.nextToken() != JsonToken.END_ARRAY) {
                    values.add(p.getText());
                  }
                }
              }
              context.put(key, multi ? ContextValue.multi(values) : ContextValue.single(values.get(0)));
            }
          }
          default -> throw new IOException("unknown witness member " + name);
        }
      }
      return new Request(principal, action, resource, context);
    }

    private static void expect(JsonToken got, JsonToken wanted) throws IOException {
      if (got != wanted) {
        throw new IOException("expected " + wanted + ", found " + got);
      }
    }
  }

  static Finding finding(ResourceRecord r, String result, String reason, List<PublicAccessResponse.Finding> reasons,
      PublicAccessResponse.Witness witness, List<PolicyProblem> problems, String solver, double millis, boolean deduplicated, String hash) {
    return new Finding(r.key(), r.accountId(), r.arn(), r.resourceType(), result, reason, reasons, witness, problems, solver,
        Math.round(millis * 100) / 100.0, deduplicated, hash, r.source());
  }

  static String sha256(String text) {
    return Hashes.sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
