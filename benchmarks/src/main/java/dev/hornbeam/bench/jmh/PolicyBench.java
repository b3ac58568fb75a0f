package dev.hornbeam.bench.jmh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hornbeam.bench.BenchPolicies;
import dev.hornbeam.policy.eval.Decision;
import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.smt.PinnedRequest;
import dev.hornbeam.smt.PublicAccess;
import dev.hornbeam.smt.Query;
import dev.hornbeam.policy.resource.ResourceType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The solver-free steps for a small, a typical and a large policy ({@link BenchPolicies}): read JSON,
 * parse + validate (one pass in {@link PolicyParser}: there is no separate validate step), evaluate one
 * request with the reference evaluator, encode the public-access question and a pinned-request question.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PolicyBench {
  @Param({"small", "typical", "large"})
  public String size;

  private final JsonFactory jsonFactory = new JsonFactory();
  private byte[] utf8;
  private Policy policy;
  private Request request;

  @Setup
  public void setup() {
    String json = BenchPolicies.json(size);
    utf8 = json.getBytes(StandardCharsets.UTF_8);
    policy = BenchPolicies.parse(json);
    request = BenchPolicies.request(size);
    if (!Evaluator.evaluate(policy, request).outcome().name().equals("ALLOW")) {
      throw new IllegalStateException(size + ": the benchmark request should be allowed");
    }
  }

  /** Jackson's tokenizer over the same bytes: the floor of reading the JSON (the parser's own reader also keeps locations). */
  @Benchmark
  public int jsonTokens() throws IOException {
    int n = 0;
    try (JsonParser p = jsonFactory.createParser(utf8)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        n += t.id();
      }
    }
    return n;
  }

  /** Parse and validate (one pass), bytes to immutable model. */
  @Benchmark
  public ParseResult parseAndValidate() {
    return PolicyParser.parse(utf8, PolicyKind.RESOURCE, Limits.DEFAULT);
  }

  @Benchmark
  public Decision evaluate() {
    return Evaluator.evaluate(policy, request);
  }

  /** The public-access question as SMT-LIB2 text (the encoder's default options). */
  @Benchmark
  public Query encodePublicAccess() {
    return PublicAccess.query(policy, ResourceType.S3_BUCKET, null);
  }

  /** "Is this request allowed?" as SMT-LIB2 text. */
  @Benchmark
  public Query encodePinnedRequest() {
    return PinnedRequest.query(policy, request);
  }
}
