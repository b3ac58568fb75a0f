package dev.hornbeam.smt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.smt.testing.SolverHarness.Result;
import dev.hornbeam.smt.testing.SolverHarness.Solver;
import dev.hornbeam.smt.testing.SolverHarness.Status;
import java.lang.reflect.Field;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SolverHarnessTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** A script in the encoder's shape: logic and option lines, the body, a final check-sat. */
  private static String script(String... body) {
    return "(set-logic ALL)\n(set-option :produce-models true)\n"
        + String.join("\n", body)
        + "\n(check-sat)\n";
  }

  private static Result sat(Solver solver, String script) {
    Result result = SolverHarness.run(solver, script, TIMEOUT);
    assertEquals(Status.SAT, result.status(), () -> solver + " on\n" + script);
    return result;
  }

  // ------------------------------------------------------------------- each sort round-trips

  @ParameterizedTest
  @EnumSource(Solver.class)
  void stringWithQuotesBackslashesAccentAndEmojiRoundTrips(Solver solver) {
    String s =
        script(
            "(declare-const s String)",
            "(declare-const raw String)",
            "(assert (= s \"say \"\"hi\"\" \\u{5c} back\\slash a\\u{e9}b \\u{1f600}\"))",
            // a backslash spelled \\u{5c} followed by u{41}: must stay the six characters \\u{41}
            "(assert (= raw \"\\u{5c}u{41}|\\u{0}\\u{7f}\\u{2003f}\\u{zz}\"))");
    Map<String, Object> model = sat(solver, s).model();
    assertEquals("say \"hi\" \\ back\\slash a\u00e9b \uD83D\uDE00", model.get("s"));
    assertEquals(
        "\\u{41}|\u0000\u007f" + new String(Character.toChars(0x2003f)) + "\\u{zz}",
        model.get("raw"));
  }

  @ParameterizedTest
  @EnumSource(Solver.class)
  void intRoundTripsAsBigInteger(Solver solver) {
    Map<String, Object> model =
        sat(
                solver,
                script(
                    "(declare-const big Int)",
                    "(declare-const neg Int)",
                    "(assert (= big 123456789012345678901234567890))",
                    "(assert (= neg (- 5)))"))
            .model();
    assertEquals(new BigInteger("123456789012345678901234567890"), model.get("big"));
    assertEquals(BigInteger.valueOf(-5), model.get("neg"));
  }

  @ParameterizedTest
  @EnumSource(Solver.class)
  void realRoundTripsAsNormalizedRational(Solver solver) {
    Map<String, Object> model =
        sat(
                solver,
                script(
                    "(declare-const r Real)",
                    "(declare-const twelveTenths Real)",
                    "(declare-const negThird Real)",
                    "(declare-const whole Real)",
                    "(declare-const between Real)",
                    "(assert (= r (/ 6 5)))",
                    "(assert (= twelveTenths (/ 12 10)))",
                    "(assert (= negThird (- (/ 1 3))))",
                    "(assert (= whole 7.0))",
                    "(assert (< (/ 1 3) between))",
                    "(assert (<= between (/ 1 2)))",
                    "(assert (not (= between (/ 1 2))))"))
            .model();
    assertEquals(Rational.of(6, 5), model.get("r"));
    assertEquals(Rational.of(6, 5), model.get("twelveTenths"));
    assertEquals(Rational.of(-1, 3), model.get("negThird"));
    assertEquals(Rational.of(7, 1), model.get("whole"));
    Rational between = assertInstanceOf(Rational.class, model.get("between"));
    // 1/3 < n/d < 1/2, with d > 0: 3n > d and 2n < d
    BigInteger n = between.num();
    BigInteger d = between.den();
    assertTrue(n.multiply(BigInteger.valueOf(3)).compareTo(d) > 0, between::toString);
    assertTrue(n.multiply(BigInteger.TWO).compareTo(d) < 0, between::toString);
  }

  @ParameterizedTest
  @EnumSource(Solver.class)
  void bitVectorsRoundTripAsUnsignedBigInteger(Solver solver) {
    Map<String, Object> model =
        sat(
                solver,
                script(
                    "(declare-const wide (_ BitVec 128))",
                    "(declare-const ip (_ BitVec 32))",
                    "(assert (= wide #xffffffffffffffffffffffffffffff01))",
                    "(assert (= (bvand ip #xffff0000) #xdead0000))",
                    "(assert (= (bvand ip #x0000ffff) #x00001234))"))
            .model();
    assertEquals(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.valueOf(255)), model.get("wide"));
    assertEquals(BigInteger.valueOf(0xdead1234L), model.get("ip"));
  }

  @ParameterizedTest
  @EnumSource(Solver.class)
  void boolRoundTrips(Solver solver) {
    Map<String, Object> model =
        sat(
                solver,
                script(
                    "(declare-const t Bool)",
                    "(declare-fun f () Bool)",
                    "(assert t)",
                    "(assert (not f))"))
            .model();
    assertEquals(Map.of("t", true, "f", false), model);
  }

  @Test
  void rawNonAsciiInALiteralIsNotPortableSoEncodersMustEscape() {
    String raw = script("(declare-const s String)", "(assert (= s \"a\u00e9b\"))");
    // cvc5: "Non-printable character in string literal"
    assertThrows(IllegalArgumentException.class, () -> SolverHarness.run(Solver.CVC5, raw, TIMEOUT));
    // Z3 accepts it but reads the bytes of the UTF-8 form as separate characters.
    Result z3 = sat(Solver.Z3, raw);
    assertNotEquals("a\u00e9b", z3.model().get("s"));
    String escaped = script("(declare-const s String)", "(assert (= s \"a\\u{e9}b\"))");
    assertEquals("a\u00e9b", SolverHarness.runBoth(escaped, TIMEOUT).model().get("s"));
  }

  // ------------------------------------------------------------------------------ answers

  @ParameterizedTest
  @EnumSource(Solver.class)
  void unsatScriptIsUnsatWithEmptyModel(Solver solver) {
    Result result =
        SolverHarness.run(
            solver,
            script(
                "(declare-const |req.resource| String)",
                "(assert (str.prefixof \"arn:aws:s3:::a\" |req.resource|))",
                "(assert (str.prefixof \"arn:aws:s3:::b\" |req.resource|))"),
            TIMEOUT);
    assertEquals(Status.UNSAT, result.status());
    assertEquals(Map.of(), result.model());
  }

  @ParameterizedTest
  @EnumSource(Solver.class)
  void regexMembershipWitnessSatisfiesTheConstraintsInJava(Solver solver) {
    Map<String, Object> model =
        sat(
                solver,
                script(
                    "(declare-const |req.resource| String)",
                    "(declare-const |req.action| String)",
                    "(assert (str.in_re |req.resource| (re.++ (str.to_re \"arn:aws:s3:::bucket/\")"
                        + " (re.* re.allchar) (str.to_re \".txt\"))))",
                    "(assert (str.contains |req.resource| \"secret\"))",
                    "(assert (> (str.len |req.resource|) 40))",
                    "(assert (= (str.at |req.resource| 35) \"x\"))",
                    "(assert (= (str.substr |req.resource| 0 3) \"arn\"))",
                    "(assert (str.in_re |req.action| (re.union (str.to_re \"s3:GetObject\")"
                        + " (str.to_re \"s3:PutObject\"))))",
                    "(assert (not (= |req.action| \"s3:GetObject\")))"))
            .model();
    String resource = assertInstanceOf(String.class, model.get("req.resource"));
    assertTrue(resource.startsWith("arn:aws:s3:::bucket/"), resource);
    assertTrue(resource.endsWith(".txt"), resource);
    assertTrue(resource.contains("secret"), resource);
    // SMT-LIB lengths and positions count code points; re.allchar may pick non-BMP ones.
    int[] codePoints = resource.codePoints().toArray();
    assertTrue(codePoints.length > 40, resource);
    assertEquals('x', codePoints[35], resource);
    assertEquals("s3:PutObject", model.get("req.action"));
  }

  @ParameterizedTest
  @EnumSource(Solver.class)
  void regexMembershipCanBeUnsat(Solver solver) {
    Result result =
        SolverHarness.run(
            solver,
            script(
                "(declare-const s String)",
                "(assert (str.in_re s (re.* (str.to_re \"ab\"))))",
                "(assert (= (str.len s) 3))"),
            TIMEOUT);
    assertEquals(Status.UNSAT, result.status());
  }

  // ------------------------------------------------------------------- names and macros

  @ParameterizedTest
  @EnumSource(Solver.class)
  void quotedSymbolsWithDotsAreKeyedWithoutBars(Solver solver) {
    Map<String, Object> model =
        sat(
                solver,
                script(
                    "(declare-const |req.aws:SourceIp| (_ BitVec 32))",
                    "(declare-const |ctx.s3:prefix| String)",
                    "(declare-const |odd name with spaces| Int)",
                    "(assert (= (bvand |req.aws:SourceIp| #xffffff00) #x0a000100))",
                    "(assert (= |ctx.s3:prefix| \"home/\"))",
                    "(assert (= |odd name with spaces| 3))"))
            .model();
    assertEquals(Set.of("req.aws:SourceIp", "ctx.s3:prefix", "odd name with spaces"), model.keySet());
    BigInteger ip = assertInstanceOf(BigInteger.class, model.get("req.aws:SourceIp"));
    assertEquals(0x0a000100L, ip.longValue() & 0xffffff00L);
    assertEquals("home/", model.get("ctx.s3:prefix"));
    assertEquals(BigInteger.valueOf(3), model.get("odd name with spaces"));
  }

  @ParameterizedTest
  @EnumSource(Solver.class)
  void defineFunMacrosAreNotInTheModel(Solver solver) {
    Map<String, Object> model =
        sat(
                solver,
                script(
                    "(declare-const |req.resource| String)",
                    "(define-fun |st0.matches| () Bool (str.prefixof \"arn:\" |req.resource|))",
                    "(define-fun |st1.matches| () Bool (str.contains |req.resource| \"/tmp/\"))",
                    "(define-fun |policy.allows| () Bool (and |st0.matches| (not |st1.matches|)))",
                    "(assert |policy.allows|)"))
            .model();
    assertEquals(Set.of("req.resource"), model.keySet());
    String resource = (String) model.get("req.resource");
    assertTrue(resource.startsWith("arn:") && !resource.contains("/tmp/"), resource);
  }

  @ParameterizedTest
  @EnumSource(Solver.class)
  void unassignedConstantsGetTheSolversDefaultValue(Solver solver) {
    Map<String, Object> model =
        sat(
                solver,
                script(
                    "(declare-const used Int)",
                    "(declare-const b Bool)",
                    "(declare-const i Int)",
                    "(declare-const r Real)",
                    "(declare-const s String)",
                    "(declare-const bv (_ BitVec 32))",
                    "(assert (= used 1))"))
            .model();
    assertEquals(List.of("used", "b", "i", "r", "s", "bv"), List.copyOf(model.keySet()));
    assertInstanceOf(Boolean.class, model.get("b"));
    assertInstanceOf(BigInteger.class, model.get("i"));
    assertInstanceOf(Rational.class, model.get("r"));
    assertInstanceOf(String.class, model.get("s"));
    assertInstanceOf(BigInteger.class, model.get("bv"));
    if (solver == Solver.Z3) { // model completion: the sort's zero
      assertEquals(false, model.get("b"));
      assertEquals(BigInteger.ZERO, model.get("i"));
      assertEquals(Rational.of(0, 1), model.get("r"));
      assertEquals("", model.get("s"));
      assertEquals(BigInteger.ZERO, model.get("bv"));
    }
  }

  @ParameterizedTest
  @EnumSource(Solver.class)
  void scriptWithoutSetLogicOrCheckSatStillRuns(Solver solver) {
    Result result =
        SolverHarness.run(solver, "(declare-const x Int)(assert (> x 41))(assert (< x 43))", TIMEOUT);
    assertEquals(Status.SAT, result.status());
    assertEquals(Map.of("x", BigInteger.valueOf(42)), result.model());
  }

  @ParameterizedTest
  @EnumSource(Solver.class)
  void rejectedScriptsThrowIllegalArgumentException(Solver solver) {
    assertThrows(
        IllegalArgumentException.class,
        () -> SolverHarness.run(solver, script("(assert (> undeclared 2))"), TIMEOUT));
    assertThrows(
        IllegalArgumentException.class,
        () -> SolverHarness.run(solver, script("(declare-const x Int)", "(assert (= x \"a\"))"), TIMEOUT));
    assertThrows(
        IllegalArgumentException.class,
        () -> SolverHarness.run(solver, script("(declare-const x Int)", "(assert (> x 2)"), TIMEOUT));
  }

  // ----------------------------------------------------------------------------- runBoth

  @Test
  void runBothAgreesOnSatAndUnsatAndReturnsAModel() {
    Result satisfied =
        SolverHarness.runBoth(
            script(
                "(declare-const |req.resource| String)",
                "(declare-const |req.size| Int)",
                "(define-fun |st0.matches| () Bool (str.in_re |req.resource|"
                    + " (re.++ (str.to_re \"arn:aws:s3:::b/\") (re.* re.allchar))))",
                "(assert |st0.matches|)",
                "(assert (= (str.len |req.resource|) 20))",
                "(assert (< 10 |req.size|))",
                "(assert (<= |req.size| 11))"),
            TIMEOUT);
    assertEquals(Status.SAT, satisfied.status());
    assertEquals(Set.of("req.resource", "req.size"), satisfied.model().keySet());
    assertEquals(BigInteger.valueOf(11), satisfied.model().get("req.size"));
    String resource = (String) satisfied.model().get("req.resource");
    assertTrue(resource.startsWith("arn:aws:s3:::b/"), resource);
    assertEquals(20, resource.codePointCount(0, resource.length()), resource);

    Result unsatisfied =
        SolverHarness.runBoth(
            script(
                "(declare-const a (_ BitVec 32))",
                "(assert (= (bvand a #x000000ff) #x00000001))",
                "(assert (= (bvand a #x0000000f) #x00000002))"),
            TIMEOUT);
    assertEquals(Status.UNSAT, unsatisfied.status());
    assertEquals(Map.of(), unsatisfied.model());
  }

  @Test
  void bothSolversGiveTheSameModelForAFullyPinnedScript() {
    String pinned =
        script(
            "(declare-const s String)",
            "(declare-const i Int)",
            "(declare-const r Real)",
            "(declare-const b Bool)",
            "(declare-const v (_ BitVec 128))",
            "(assert (= s \"a\\u{e9}b \"\"q\"\" \\u{1f600}\"))",
            "(assert (= i (- 12)))",
            "(assert (= r (/ 12 10)))",
            "(assert (not b))",
            "(assert (= v #x80000000000000000000000000000000))");
    Result z3 = SolverHarness.run(Solver.Z3, pinned, TIMEOUT);
    Result cvc5 = SolverHarness.run(Solver.CVC5, pinned, TIMEOUT);
    assertEquals(Status.SAT, z3.status());
    assertEquals(z3.model(), cvc5.model());
    assertEquals(
        Map.of(
            "s", "a\u00e9b \"q\" \uD83D\uDE00",
            "i", BigInteger.valueOf(-12),
            "r", Rational.of(6, 5),
            "b", false,
            "v", BigInteger.ONE.shiftLeft(127)),
        z3.model());
  }

  @Test
  void disagreementThrowsAndWritesTheScript(@TempDir Path dir) throws Exception {
    String previous = System.getProperty("hornbeam.failedQueries");
    System.setProperty("hornbeam.failedQueries", dir.toString());
    try {
      String text = script("(declare-const x Int)", "(assert (> x 0))");
      Result sat = new Result(Status.SAT, Map.of("x", BigInteger.ONE), 1);
      Result unsat = new Result(Status.UNSAT, Map.of(), 1);
      AssertionError error =
          assertThrows(AssertionError.class, () -> SolverHarness.combine(text, sat, unsat));
      assertTrue(error.getMessage().contains("Z3 says SAT, cvc5 says UNSAT"), error.getMessage());
      assertTrue(error.getMessage().contains(text), error.getMessage());
      try (var files = Files.list(dir)) {
        List<Path> written = files.toList();
        assertEquals(1, written.size());
        assertTrue(error.getMessage().contains(written.get(0).toAbsolutePath().toString()));
        assertTrue(Files.readString(written.get(0)).endsWith(text));
      }
      assertThrows(AssertionError.class, () -> SolverHarness.combine(text, unsat, sat));
    } finally {
      if (previous == null) {
        System.clearProperty("hornbeam.failedQueries");
      } else {
        System.setProperty("hornbeam.failedQueries", previous);
      }
    }
  }

  @Test
  void combineTakesTheDefiniteAnswerAndTheSatModel() {
    Result unknown = new Result(Status.UNKNOWN, Map.of(), 5);
    Result sat = new Result(Status.SAT, Map.of("x", BigInteger.ONE), 7);
    Result unsat = new Result(Status.UNSAT, Map.of(), 9);
    assertEquals(sat, SolverHarness.combine("", unknown, sat));
    assertEquals(sat, SolverHarness.combine("", sat, unknown));
    assertEquals(unsat, SolverHarness.combine("", unsat, unknown));
    assertEquals(unsat, SolverHarness.combine("", unknown, unsat));
    assertEquals(unknown, SolverHarness.combine("", unknown, unknown));
  }

  // ------------------------------------------------------------------------------ timeout

  @ParameterizedTest
  @EnumSource(Solver.class)
  void hardQueryReturnsWithinTheTimeoutPlusSlack(Solver solver) {
    // 33 as a sum of three cubes (smallest solution has 17-digit numbers) and a string puzzle:
    // neither solver should settle this in 2 s; any answer is accepted, only the bound is checked.
    String hard =
        script(
            "(declare-const x Int)",
            "(declare-const y Int)",
            "(declare-const z Int)",
            "(declare-const s String)",
            "(assert (= (+ (* x x x) (* y y y) (* z z z)) 33))",
            "(assert (> (* x x) 1000000))",
            "(assert (= (str.len s) (+ 1000 (mod x 7))))",
            "(assert (str.in_re s (re.* (re.union (str.to_re \"ab\") (str.to_re \"ba\")))))");
    Duration timeout = Duration.ofSeconds(2);
    long start = System.nanoTime();
    Result result = SolverHarness.run(solver, hard, timeout);
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(
        elapsedMillis < timeout.toMillis() + 5_000,
        () -> solver + " took " + elapsedMillis + " ms, answered " + result.status());
    assertTrue(result.millis() <= elapsedMillis);
    if (result.status() == Status.SAT) {
      BigInteger x = (BigInteger) result.model().get("x");
      BigInteger y = (BigInteger) result.model().get("y");
      BigInteger z = (BigInteger) result.model().get("z");
      assertEquals(BigInteger.valueOf(33), x.pow(3).add(y.pow(3)).add(z.pow(3)));
    }
  }

  // -------------------------------------------------------------- cvc5 memory and threads

  @SuppressWarnings("unchecked")
  private static int cvc5RegistrySize() throws ReflectiveOperationException {
    Field registry = io.github.cvc5.Context.class.getDeclaredField("abstractPointers");
    registry.setAccessible(true);
    return ((Map<Long, ?>) registry.get(null)).size();
  }

  @Test
  void cvc5RunsLeaveNoObjectsInItsGlobalRegistry() throws Exception {
    SolverHarness.run(Solver.CVC5, script("(declare-const x Int)", "(assert (= x 1))"), TIMEOUT);
    int before = cvc5RegistrySize();
    for (int k = 0; k < 10; k++) {
      sat(
          Solver.CVC5,
          script(
              "(declare-const |a.b| String)",
              "(declare-const n Int)",
              "(declare-const r Real)",
              "(declare-const v (_ BitVec 32))",
              "(declare-fun f (Int) Int)",
              "(define-fun m () Bool (str.prefixof \"x\" |a.b|))",
              "(assert m)",
              "(assert (= (f n) " + k + "))"));
      SolverHarness.run(
          Solver.CVC5, script("(declare-const x Int)", "(assert (> x 1))", "(assert (< x 1))"), TIMEOUT);
      assertThrows(
          IllegalArgumentException.class,
          () -> SolverHarness.run(Solver.CVC5, script("(assert (> nope 1))"), TIMEOUT));
    }
    assertEquals(before, cvc5RegistrySize());
  }

  @Test
  void concurrentRunsOnBothSolversAreSafe() throws Exception {
    int before = cvc5RegistrySize();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Result>> futures = new ArrayList<>();
      List<Integer> expected = new ArrayList<>();
      for (int k = 0; k < 24; k++) {
        Solver solver = k % 2 == 0 ? Solver.Z3 : Solver.CVC5;
        String text =
            script(
                "(declare-const |n." + k + "| Int)",
                "(declare-const s String)",
                "(assert (= |n." + k + "| (* 3 " + k + ")))",
                "(assert (= s (str.++ \"k\" \"\\u{e9}\")))");
        futures.add(pool.submit(() -> SolverHarness.run(solver, text, TIMEOUT)));
        expected.add(k);
      }
      for (int k = 0; k < futures.size(); k++) {
        Result result = futures.get(k).get();
        assertEquals(Status.SAT, result.status());
        assertEquals(BigInteger.valueOf(3L * expected.get(k)), result.model().get("n." + k));
        assertEquals("k\u00e9", result.model().get("s"));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(before, cvc5RegistrySize());
  }

  // --------------------------------------------------------------------- string decoding

  @Test
  void z3EscapesDecodeToCodePoints() {
    assertEquals("a\u00e9b", dev.hornbeam.smt.Smt.unescape("a\\u{e9}b"));
    assertEquals("\uD83D\uDE00", dev.hornbeam.smt.Smt.unescape("\\u{1f600}"));
    assertEquals("A", dev.hornbeam.smt.Smt.unescape("\\u0041"));
    assertEquals("\\u{41}", dev.hornbeam.smt.Smt.unescape("\\u{5c}u{41}"));
    assertEquals("\\\\a\"", dev.hornbeam.smt.Smt.unescape("\\\\a\""));
    assertEquals("\\u{zz}", dev.hornbeam.smt.Smt.unescape("\\u{zz}"));
    assertEquals("\\u{30000}", dev.hornbeam.smt.Smt.unescape("\\u{30000}"));
    assertEquals("\\u{}x\\u12", dev.hornbeam.smt.Smt.unescape("\\u{}x\\u12"));
  }

  /** Every string round-trips through both solvers when written with SMT-LIB 2.6 escapes. */
  @Property(tries = 25)
  void anyStringRoundTripsThroughBothSolvers(@ForAll("smtStrings") String value) {
    String text =
        script("(declare-const s String)", "(assert (= s " + smtLiteral(value) + "))");
    Result result = SolverHarness.runBoth(text, TIMEOUT);
    assertEquals(Status.SAT, result.status());
    assertEquals(value, result.model().get("s"), text);
    assertEquals(value, SolverHarness.run(Solver.CVC5, text, TIMEOUT).model().get("s"), text);
  }

  @Provide
  Arbitrary<String> smtStrings() {
    Arbitrary<Integer> codePoint =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0x20, 0x7e)),
            net.jqwik.api.Tuple.of(2, Arbitraries.of((int) '"', (int) '\\', (int) 'u', (int) '{')),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 0x1f)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x7f, 0xd7ff)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xe000, 0x2ffff)));
    return codePoint
        .list()
        .ofMaxSize(12)
        .map(
            cps -> {
              StringBuilder out = new StringBuilder();
              cps.forEach(out::appendCodePoint);
              return out.toString();
            });
  }

  /** The literal an encoder would write: printable ASCII raw, {@code "} doubled, rest escaped. */
  private static String smtLiteral(String value) {
    StringBuilder out = new StringBuilder("\"");
    value
        .codePoints()
        .forEach(
            cp -> {
              if (cp == '"') {
                out.append("\"\"");
              } else if (cp >= 0x20 && cp <= 0x7e && cp != '\\') {
                out.append((char) cp);
              } else {
                out.append("\\u{").append(Integer.toHexString(cp)).append('}');
              }
            });
    return out.append('"').toString();
  }
}
