package dev.hornbeam.policy.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.gen.PolicyArbitraries;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.Statement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Properties of the parser, validator and printer: print → parse is the identity on valid models;
 * broken, mistyped, huge and random input never throws and always comes back as errors whose JSON
 * pointers name a place in the document.
 */
class ParsePropertiesTest {

  // ================================================================ (a) print → parse

  @Provide
  Arbitrary<Policy> policies() {
    return PolicyArbitraries.policies();
  }

  @Provide
  Arbitrary<Policy> resourcePolicies() {
    return PolicyArbitraries.resourcePolicies();
  }

  @Provide
  Arbitrary<Policy> identityPolicies() {
    return PolicyArbitraries.identityPolicies();
  }

  @Provide
  Arbitrary<Policy> largePolicies() {
    return PolicyArbitraries.policies(60);
  }

  @Property(tries = 400)
  void printThenParseIsTheIdentity(@ForAll("policies") Policy p) {
    assertRoundTrips(p, PolicyArbitraries.kindOf(p));
  }

  @Property(tries = 200)
  void identityPoliciesRoundTripAsIdentityPolicies(@ForAll("identityPolicies") Policy p) {
    assertEquals(PolicyKind.IDENTITY, PolicyArbitraries.kindOf(p));
    assertRoundTrips(p, PolicyKind.IDENTITY);
  }

  @Property(tries = 20)
  void largePoliciesRoundTrip(@ForAll("largePolicies") Policy p) {
    assertRoundTrips(p, PolicyArbitraries.kindOf(p));
  }

  /** A resource policy read as an identity policy: exactly the principals are refused, each where it is. */
  @Property(tries = 200)
  void identityKindRefusesEveryPrincipal(@ForAll("resourcePolicies") Policy p) {
    ParseResult r = PolicyParser.parse(PolicyPrinter.print(p), PolicyKind.IDENTITY);
    List<String> expected = new ArrayList<>();
    List<String> missingResource = new ArrayList<>();
    for (int i = 0; i < p.statements().size(); i++) {
      Statement s = p.statements().get(i);
      expected.add("/Statement/" + i + "/" + s.principal().jsonName());
      if (s.resource() == null) {
        missingResource.add("/Statement/" + i);
      }
    }
    assertEquals(expected, pointersOf(r, ProblemCode.PRINCIPAL_NOT_ALLOWED));
    assertEquals(missingResource, pointersOf(r, ProblemCode.MISSING_RESOURCE));
    assertTrue(r.errors().stream().allMatch(e -> e.code() == ProblemCode.PRINCIPAL_NOT_ALLOWED
        || e.code() == ProblemCode.MISSING_RESOURCE), r.errors()::toString);
  }

  /** An identity policy read as a resource policy: every statement lacks a principal, nothing else. */
  @Property(tries = 200)
  void resourceKindRequiresEveryPrincipal(@ForAll("identityPolicies") Policy p) {
    ParseResult r = PolicyParser.parse(PolicyPrinter.print(p), PolicyKind.RESOURCE);
    List<String> expected = IntStream.range(0, p.statements().size()).mapToObj(i -> "/Statement/" + i).toList();
    assertEquals(expected, pointersOf(r, ProblemCode.MISSING_PRINCIPAL));
    assertEquals(expected.size(), r.errors().size(), r.errors()::toString);
  }

  private static void assertRoundTrips(Policy p, PolicyKind kind) {
    String text = PolicyPrinter.print(p);
    ParseResult r = PolicyParser.parse(text, kind);
    assertTrue(r.isValid(), () -> text + "\n" + r.problems());
    assertEquals(p, r.policy(), text);
    assertEquals(text, PolicyPrinter.print(r.policy()), "the printed form is canonical");
    assertLocated(text.getBytes(StandardCharsets.UTF_8), r);
  }

  private static List<String> pointersOf(ParseResult r, ProblemCode code) {
    return r.problems().stream().filter(x -> x.code() == code).map(Problem::pointer).toList();
  }

  // ================================================================ (b) malformed input

  /** Cuts of the UTF-8 bytes of a printed policy after each kind of character, mid-character included. */
  @Property(tries = 200)
  void truncationsAreLocatedErrors(@ForAll("policies") Policy p, @ForAll @IntRange(min = 0, max = 1 << 20) int pick) {
    byte[] bytes = PolicyPrinter.print(p).getBytes(StandardCharsets.UTF_8);
    Map<String, List<Integer>> cutsByKind = new TreeMap<>();
    for (int cut = 0; cut < bytes.length; cut++) {
      cutsByKind.computeIfAbsent(cutKind(bytes, cut), k -> new ArrayList<>()).add(cut);
    }
    for (List<Integer> cuts : cutsByKind.values()) {
      int cut = cuts.get(Math.floorMod(pick * 31 + cuts.size(), cuts.size()));
      byte[] prefix = Arrays.copyOf(bytes, cut);
      ParseResult r = parseSafely(prefix, PolicyArbitraries.kindOf(p));
      assertFalse(r.isValid(), () -> "a truncation is not a policy: " + new String(prefix, StandardCharsets.UTF_8));
      assertLocated(prefix, r);
      assertTrue(r.errors().stream().anyMatch(e -> e.code() == ProblemCode.NOT_JSON), r.errors()::toString);
    }
  }

  /** What comes last before a cut: a JSON structural character, a quote, a backslash, a space, a letter, part of a multi-byte character. */
  private static String cutKind(byte[] b, int cut) {
    if (cut == 0) {
      return "empty";
    }
    int last = b[cut - 1] & 0xff;
    boolean midChar = cut < b.length && (b[cut] & 0xc0) == 0x80;
    if (midChar) {
      return "inside a multi-byte character";
    }
    if (last >= 0x80) {
      return "after a multi-byte character";
    }
    if (Character.isLetterOrDigit(last)) {
      return "letter";
    }
    return Character.toString(last);
  }

  @Property(tries = 300)
  void randomBytesAreLocatedErrors(@ForAll @Size(max = 200) byte[] bytes) {
    ParseResult r = parseSafely(bytes, PolicyKind.RESOURCE);
    assertFalse(r.isValid());
    assertLocated(bytes, r);
  }

  @Provide
  Arbitrary<String> jsonishText() {
    Arbitrary<String> tokens = Arbitraries.of("{", "}", "[", "]", ":", ",", "\"", "\\", " ", "\n", "0", "-1.5e3",
        "true", "null", "fals", "\"Statement\"", "\"Effect\"", "\"Allow\"", "\"\\u", "\\ud800", "é", "😀", "\u0000",
        "\"Condition\"", "{\"StringLike\":{\"k\":", "\"Version\":\"2012-10-17\"", "/*c*/", "'a'", "NaN", "\uFEFF");
    return tokens.list().ofMaxSize(40).map(l -> String.join("", l));
  }

  @Property(tries = 300)
  void jsonishTextNeverThrows(@ForAll("jsonishText") String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (PolicyKind kind : PolicyKind.values()) {
      ParseResult r = parseSafely(bytes, kind);
      assertFalse(r.isValid());
      assertLocated(bytes, r);
    }
  }

  /** Byte-order marks and other encodings: Jackson guesses the encoding from the first bytes. */
  @Property(tries = 100)
  void otherEncodingsNeverThrow(@ForAll("policies") Policy p, @ForAll @IntRange(min = 0, max = 5) int enc,
      @ForAll @IntRange(min = 0, max = 64) int cut) {
    String text = PolicyPrinter.print(p);
    byte[] bytes = switch (enc) {
      case 0 -> text.getBytes(StandardCharsets.UTF_16BE);
      case 1 -> text.getBytes(StandardCharsets.UTF_16LE);
      case 2 -> text.getBytes(StandardCharsets.UTF_16);
      case 3 -> text.getBytes(java.nio.charset.Charset.forName("UTF-32BE"));
      case 4 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(StandardCharsets.UTF_8));
      default -> text.getBytes(StandardCharsets.ISO_8859_1);
    };
    byte[] cutBytes = Arrays.copyOf(bytes, Math.max(0, bytes.length - cut));
    for (byte[] b : List.of(bytes, cutBytes)) {
      assertLocated(b, parseSafely(b, PolicyArbitraries.kindOf(p)));
    }
  }

  // ---------------------------------------------------------------- wrong types

  /** A value of a type that is wrong at every place of a policy (numbers and booleans not in condition values). */
  enum Replacement {
    NULL(new Doc.Null()),
    NESTED_ARRAY(new Doc.Arr(List.of(new Doc.Arr(List.of(new Doc.Num("1")))))),
    OBJECT_WITH_NULL(new Doc.Obj(List.of(Map.entry("x", new Doc.Null())))),
    NUMBER(new Doc.Num("7")),
    TRUE(new Doc.Bool(true));

    final Doc doc;

    Replacement(Doc doc) {
      this.doc = doc;
    }

    boolean allowedInConditionValues() {
      return this == NUMBER || this == TRUE;
    }
  }

  @Property(tries = 400)
  void wrongTypesAreErrorsAtTheirPlace(@ForAll("policies") Policy p, @ForAll @IntRange(min = 0, max = 1 << 20) int pick,
      @ForAll Replacement replacement) {
    Doc tree = Doc.of(JsonReader.read(PolicyPrinter.print(p).getBytes(StandardCharsets.UTF_8), x -> {}));
    List<Doc.Node> nodes = tree.nodes();
    List<Doc.Node> eligible = nodes.stream()
        .filter(n -> !(replacement.allowedInConditionValues() && isConditionValue(n.tokens())))
        .toList();
    Doc.Node target = eligible.get(pick % eligible.size());
    byte[] bytes = tree.replace(target.path(), replacement.doc).write().getBytes(StandardCharsets.UTF_8);
    ParseResult r = parseSafely(bytes, PolicyArbitraries.kindOf(p));
    String ptr = target.pointer();
    assertTrue(r.errors().stream().anyMatch(e -> related(e.pointer(), ptr)),
        () -> "an error at or around " + ptr + " in " + new String(bytes, StandardCharsets.UTF_8) + "\n" + r.problems());
    assertLocated(bytes, r);
  }

  /** {@code /Statement[/i]/Condition/OP/KEY[/j]}. */
  private static boolean isConditionValue(List<String> tokens) {
    int c = tokens.indexOf("Condition");
    return c >= 0 && tokens.size() - c - 1 >= 2;
  }

  private static boolean related(String a, String b) {
    return a.equals(b) || b.startsWith(a + "/") || a.startsWith(b + "/") || a.isEmpty() || b.isEmpty();
  }

  // ---------------------------------------------------------------- duplicate keys

  @Property(tries = 300)
  void duplicateKeysAreErrorsAtTheKey(@ForAll("policies") Policy p, @ForAll @IntRange(min = 0, max = 1 << 20) int pick,
      @ForAll boolean sameValue) {
    Doc tree = Doc.of(JsonReader.read(PolicyPrinter.print(p).getBytes(StandardCharsets.UTF_8), x -> {}));
    List<Doc.Node> members = tree.nodes().stream().filter(n -> n.keyOfMember() != null).toList();
    Doc.Node target = members.get(pick % members.size());
    Doc value = sameValue ? target.doc() : new Doc.Str("other");
    byte[] bytes = tree.duplicate(target.path(), value).write().getBytes(StandardCharsets.UTF_8);
    ParseResult r = parseSafely(bytes, PolicyArbitraries.kindOf(p));
    assertEquals(List.of(target.pointer()), pointersOf(r, ProblemCode.DUPLICATE_KEY),
        () -> new String(bytes, StandardCharsets.UTF_8));
    assertFalse(r.isValid());
    assertLocated(bytes, r);
  }

  // ---------------------------------------------------------------- huge input

  @Example
  void aOneMegabyteStringIsTooLargeButReadable() {
    String big = "x".repeat(1 << 20);
    String text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"" + big
        + "\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
    ParseResult r = parseSafely(text.getBytes(StandardCharsets.UTF_8), PolicyKind.IDENTITY);
    assertEquals(List.of(""), pointersOf(r, ProblemCode.DOCUMENT_TOO_LARGE));
    assertEquals(1, r.errors().size(), r.errors()::toString);
    ParseResult roomy = PolicyParser.parse(text, PolicyKind.IDENTITY, new Limits(8 << 20, 100, 1000));
    assertTrue(roomy.isValid());
    assertEquals(big, roomy.policy().statements().get(0).sid());
  }

  @Example
  void aStringBeyondTheReadersLimitIsNotJson() {
    String text = "{\"Statement\":[{\"Sid\":\"" + "y".repeat((1 << 22) + 1) + "\"}]}";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ParseResult r = parseSafely(bytes, PolicyKind.RESOURCE);
    assertTrue(pointersOf(r, ProblemCode.DOCUMENT_TOO_LARGE).contains(""));
    assertTrue(pointersOf(r, ProblemCode.NOT_JSON).contains(""));
    assertLocated(bytes, r);
  }

  @Example
  void tenThousandStatementsAreTooMany() {
    String one = "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}";
    String text = "{\"Statement\":[" + String.join(",", java.util.Collections.nCopies(10_000, one)) + "]}";
    ParseResult r = parseSafely(text.getBytes(StandardCharsets.UTF_8), PolicyKind.IDENTITY);
    assertEquals(List.of("/Statement"), pointersOf(r, ProblemCode.TOO_MANY_STATEMENTS));
    assertEquals(List.of(""), pointersOf(r, ProblemCode.DOCUMENT_TOO_LARGE));
    ParseResult sizeOnly = PolicyParser.parse(text, PolicyKind.IDENTITY, new Limits(Integer.MAX_VALUE, 1000, 1000));
    assertEquals(List.of(ProblemCode.TOO_MANY_STATEMENTS), sizeOnly.errors().stream().map(Problem::code).toList());
  }

  /** Every one of 10,000 statements broken: all reported, each at its statement, in reasonable time. */
  @Example
  void tenThousandBrokenStatementsAreAllReportedQuickly() {
    String one = "{\"Effect\":\"allow\",\"Action\":\"s3\",\"Resource\":\"*\"}";
    String text = "{\"Statement\":[" + String.join(",", java.util.Collections.nCopies(10_000, one)) + "]}";
    long start = System.nanoTime();
    ParseResult r = parseSafely(text.getBytes(StandardCharsets.UTF_8), PolicyKind.IDENTITY,
        new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE, 1000));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(10_000, pointersOf(r, ProblemCode.INVALID_EFFECT).size());
    assertEquals(10_000, pointersOf(r, ProblemCode.INVALID_ACTION).size());
    assertEquals("/Statement/9999/Action", pointersOf(r, ProblemCode.INVALID_ACTION).get(9999));
    assertTrue(millis < 2_000, "took " + millis + " ms");
  }

  @Example
  void deepNestingIsNotJson() {
    for (String text : List.of(
        "[".repeat(200) + "]".repeat(200),
        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"k\":"
            + "[".repeat(200) + "]".repeat(200) + "}}}}",
        "{\"a\":".repeat(200) + "1" + "}".repeat(200),
        "[".repeat(100_000))) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      ParseResult r = parseSafely(bytes, PolicyKind.IDENTITY);
      assertEquals(List.of(""), pointersOf(r, ProblemCode.NOT_JSON), r.problems()::toString);
      assertLocated(bytes, r);
    }
  }

  @Example
  void nestingJustWithinTheReadersLimitIsAWrongTypeAtItsPlace() {
    int depth = JsonReader.MAX_DEPTH - 5;
    String text = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"k\":"
        + "[".repeat(depth) + "]".repeat(depth) + "}}}}";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ParseResult r = parseSafely(bytes, PolicyKind.IDENTITY);
    assertEquals(List.of("/Statement/Condition/StringEquals/k/0"), pointersOf(r, ProblemCode.WRONG_TYPE));
    assertLocated(bytes, r);
  }

  @Example
  void hugeNumbersNamesAndValueListsNeverThrow() {
    String cond = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":%s}}";
    List<String> texts = List.of(
        String.format(cond, "{\"NumericEquals\":{\"k\":" + "9".repeat(5000) + "}}"),
        String.format(cond, "{\"StringEquals\":{\"" + "k".repeat(100_000) + "\":\"v\"}}"),
        String.format(cond, "{\"StringEquals\":{\"k\":[" + IntStream.range(0, 1001).mapToObj(i -> "\"v\"")
            .collect(Collectors.joining(",")) + "]}}"),
        String.format(cond, "{\"NumericEquals\":{\"k\":\"" + "9".repeat(150) + "\"}}"),
        String.format(cond, "{\"DateEquals\":{\"k\":\"" + "9".repeat(30) + "\"}}"),
        String.format(cond, "{\"IpAddress\":{\"k\":\"" + "1:".repeat(40) + "\"}}"));
    for (int i = 0; i < texts.size(); i++) {
      byte[] bytes = texts.get(i).getBytes(StandardCharsets.UTF_8);
      ParseResult r = parseSafely(bytes, PolicyKind.IDENTITY);
      // A 150-digit decimal and a 30-digit epoch are long but well-formed values for the evaluator's
      // parsers (texts 3 and 4): only "never throws, and every problem is located" holds for them.
      if (i != 3 && i != 4) {
        assertFalse(r.isValid(), texts.get(i).substring(0, 80));
      }
      assertLocated(bytes, r);
    }
    assertEquals(List.of("/Statement/Condition/StringEquals/k"),
        pointersOf(PolicyParser.parse(texts.get(2), PolicyKind.IDENTITY), ProblemCode.TOO_MANY_VALUES));
  }

  // ================================================================ (c) arbitrary JSON-ish documents

  @Provide
  Arbitrary<Doc> jsonishDocuments() {
    return JsonishDocuments.documents();
  }

  /**
   * Validation is total: any JSON document built from policy vocabulary (duplicate keys, odd escapes,
   * wrong types and all) gives problems whose pointers resolve, never an exception; when it is valid,
   * print → parse gives the same model.
   */
  @Property(tries = 500)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void validationIsTotalOnJsonishDocuments(@ForAll("jsonishDocuments") Doc doc) {
    String text = doc.write();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    boolean anyValid = false;
    for (PolicyKind kind : PolicyKind.values()) {
      ParseResult r = parseSafely(bytes, kind);
      if (JsonReader.read(bytes, x -> {}) == null) {
        // The only JSON the reader refuses that the generator writes: strings with unpaired surrogates.
        assertTrue(r.errors().stream().anyMatch(e -> e.code() == ProblemCode.NOT_JSON
            && e.message().contains("unpaired UTF-16 surrogate")), () -> text + "\n" + r.problems());
      }
      assertLocated(bytes, r);
      anyValid |= r.isValid();
      if (r.isValid()) {
        String printed = PolicyPrinter.print(r.policy());
        ParseResult again = PolicyParser.parse(printed, kind);
        assertTrue(again.isValid(), () -> text + "\nprinted as\n" + printed + "\n" + again.problems());
        assertEquals(r.policy(), again.policy(), () -> text + "\nprinted as\n" + printed);
      }
    }
    // The round trip above is only tested if a fair share of documents is valid.
    Statistics.label("valid as some kind").collect(anyValid);
    Statistics.label("valid as some kind").coverage(c -> c.check(true).percentage(pct -> pct >= 5));
  }

  // ================================================================ helpers

  private static ParseResult parseSafely(byte[] bytes, PolicyKind kind) {
    return parseSafely(bytes, kind, Limits.DEFAULT);
  }

  /** Parses; anything thrown fails the property with the input in the message. */
  private static ParseResult parseSafely(byte[] bytes, PolicyKind kind, Limits limits) {
    try {
      return PolicyParser.parse(bytes, kind, limits);
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError("parse threw on input of " + bytes.length + " bytes: "
          + abbreviate(new String(bytes, StandardCharsets.UTF_8)), e);
    }
  }

  /**
   * Every problem is located: when the text is JSON every pointer names a value of it; when it is not,
   * every pointer is the whole document and a NOT_JSON error says why.
   */
  static void assertLocated(byte[] bytes, ParseResult r) {
    Supplier<String> show = () -> abbreviate(new String(bytes, StandardCharsets.UTF_8)) + "\n" + r.problems();
    Json tree = JsonReader.read(bytes, x -> {});
    for (Problem p : r.problems()) {
      assertFalse(p.message().isBlank(), show);
      if (tree == null) {
        assertEquals("", p.pointer(), show);
      } else {
        assertTrue(Pointers.resolves(tree, p.pointer()), () -> "pointer " + p.pointer() + " resolves: " + show.get());
      }
    }
    if (tree == null) {
      assertNull(r.policy());
      assertTrue(r.errors().stream().anyMatch(e -> e.code() == ProblemCode.NOT_JSON), show);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 2000 ? s : s.substring(0, 2000) + "… (" + s.length() + " chars)";
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  // ================================================================ a JSON tree that can hold duplicate keys

  /** A JSON value written by the tests (objects keep repeated keys, in order). */
  sealed interface Doc {
    record Obj(List<Map.Entry<String, Doc>> members) implements Doc {}

    record Arr(List<Doc> items) implements Doc {}

    record Str(String value) implements Doc {}

    record Num(String text) implements Doc {}

    record Bool(boolean value) implements Doc {}

    record Null() implements Doc {}

    /** A place in the tree: member or item indexes from the root, the RFC 6901 pointer, its tokens. */
    record Node(List<Integer> path, List<String> tokens, Doc doc, String keyOfMember) {
      String pointer() {
        return tokens.stream().map(t -> "/" + Pointers.escape(t)).collect(Collectors.joining());
      }
    }

    static Doc of(Json j) {
      if (j instanceof Json.JObject o) {
        List<Map.Entry<String, Doc>> m = new ArrayList<>();
        o.members().forEach((k, v) -> m.add(Map.entry(k, of(v))));
        return new Obj(m);
      } else if (j instanceof Json.JArray a) {
        return new Arr(a.items().stream().map(Doc::of).toList());
      } else if (j instanceof Json.JString s) {
        return new Str(s.value());
      } else if (j instanceof Json.JNumber n) {
        return new Num(n.text());
      } else if (j instanceof Json.JBool b) {
        return new Bool(b.value());
      }
      return new Null();
    }

    /** Every value in the tree, the root first. */
    default List<Node> nodes() {
      List<Node> out = new ArrayList<>();
      collect(this, List.of(), List.of(), null, out);
      return out;
    }

    private static void collect(Doc d, List<Integer> path, List<String> tokens, String key, List<Node> out) {
      out.add(new Node(path, tokens, d, key));
      if (d instanceof Obj o) {
        for (int i = 0; i < o.members().size(); i++) {
          Map.Entry<String, Doc> e = o.members().get(i);
          collect(e.getValue(), append(path, i), append(tokens, e.getKey()), e.getKey(), out);
        }
      } else if (d instanceof Arr a) {
        for (int i = 0; i < a.items().size(); i++) {
          collect(a.items().get(i), append(path, i), append(tokens, Integer.toString(i)), null, out);
        }
      }
    }

    private static <T> List<T> append(List<T> l, T x) {
      List<T> out = new ArrayList<>(l);
      out.add(x);
      return out;
    }

    /** The tree with the value at {@code path} replaced. */
    default Doc replace(List<Integer> path, Doc with) {
      return update(path, x -> with);
    }

    /** The tree with the value at {@code path} replaced by {@code f} of it. */
    default Doc update(List<Integer> path, java.util.function.UnaryOperator<Doc> f) {
      if (path.isEmpty()) {
        return f.apply(this);
      }
      int i = path.get(0);
      List<Integer> rest = path.subList(1, path.size());
      if (this instanceof Obj o) {
        List<Map.Entry<String, Doc>> m = new ArrayList<>(o.members());
        m.set(i, Map.entry(m.get(i).getKey(), m.get(i).getValue().update(rest, f)));
        return new Obj(m);
      }
      List<Doc> items = new ArrayList<>(((Arr) this).items());
      items.set(i, items.get(i).update(rest, f));
      return new Arr(items);
    }

    /** The tree with the object member at {@code path} edited by {@code f} (null removes it) within its object. */
    private Doc member(List<Integer> path, java.util.function.UnaryOperator<Map.Entry<String, Doc>> f, boolean append) {
      int i = path.get(path.size() - 1);
      return update(path.subList(0, path.size() - 1), parent -> {
        List<Map.Entry<String, Doc>> m = new ArrayList<>(((Obj) parent).members());
        Map.Entry<String, Doc> e = f.apply(m.get(i));
        if (append) {
          m.add(e);
        } else if (e == null) {
          m.remove(i);
        } else {
          m.set(i, e);
        }
        return new Obj(m);
      });
    }

    /** The tree with the object member at {@code path} repeated (same key, {@code value}) at the end of its object. */
    default Doc duplicate(List<Integer> path, Doc value) {
      return member(path, e -> Map.entry(e.getKey(), value), true);
    }

    default Doc rename(List<Integer> path, String key) {
      return member(path, e -> Map.entry(key, e.getValue()), false);
    }

    default Doc remove(List<Integer> path) {
      return member(path, e -> null, false);
    }

    /** The tree with a member appended to the object at {@code path}. */
    default Doc add(List<Integer> path, String key, Doc value) {
      return update(path, o -> {
        List<Map.Entry<String, Doc>> m = new ArrayList<>(((Obj) o).members());
        m.add(Map.entry(key, value));
        return new Obj(m);
      });
    }

    /** Compact JSON; control characters and every UTF-16 surrogate are written as {@code \\u} escapes. */
    default String write() {
      StringBuilder b = new StringBuilder();
      write(this, b);
      return b.toString();
    }

    private static void write(Doc d, StringBuilder b) {
      if (d instanceof Obj o) {
        b.append('{');
        for (int i = 0; i < o.members().size(); i++) {
          if (i > 0) {
            b.append(',');
          }
          string(o.members().get(i).getKey(), b);
          b.append(':');
          write(o.members().get(i).getValue(), b);
        }
        b.append('}');
      } else if (d instanceof Arr a) {
        b.append('[');
        for (int i = 0; i < a.items().size(); i++) {
          if (i > 0) {
            b.append(',');
          }
          write(a.items().get(i), b);
        }
        b.append(']');
      } else if (d instanceof Str s) {
        string(s.value(), b);
      } else if (d instanceof Num n) {
        b.append(n.text());
      } else if (d instanceof Bool bo) {
        b.append(bo.value());
      } else {
        b.append("null");
      }
    }

    private static void string(String s, StringBuilder b) {
      b.append('"');
      for (char c : s.toCharArray()) {
        if (c == '"' || c == '\\') {
          b.append('\\').append(c);
        } else if (c < 0x20 || Character.isSurrogate(c)) {
          b.append(String.format("\\u%04x", (int) c));
        } else {
          b.append(c);
        }
      }
      b.append('"');
    }
  }

  // ================================================================ JSON-ish document generator

  /**
   * Random JSON documents that mostly follow the shape of a policy, built from its vocabulary, and
   * stray from it at every level: wrong types, unknown and repeated keys, odd operator spellings,
   * values of the wrong syntax, empty containers.
   */
  static final class JsonishDocuments {
    private JsonishDocuments() {}

    static final List<String> STRINGS = List.of(
        "Allow", "Deny", "allow", "*", "s3:GetObject", "s3:*", "s3:Get*", "s3", "*:*", "arn:aws:s3:::a/*",
        "arn:aws:s3:::a", "not-an-arn", "arn:aws:s3", "2012-10-17", "2008-10-17", "2012-10-18", "111111111111",
        "arn:aws:iam::111111111111:root", "arn:aws:iam::111111111111:user/al*", "AIDAAAAAAAAAAAAAAAAA",
        "s3.amazonaws.com", "10.0.0.0/8", "10.1.2.3/8", "::1", "300.1.1.1", "10.0.0.0/33", "2001:db8::/129",
        "2024-01-31T12:00:00Z", "1706702400", "yesterday", "true", "TRUE", "maybe", "QUJD", "@@", "1.2", "1.20",
        "x1", "${aws:username}", "${", "${}", "${ }", "é", "😀", "", " ", "\u0000", "\ud800", "\udc00x",
        "a/b~c", "~1", "/", "\u2028");
    static final List<String> NUMBERS = List.of("0", "-3", "1.20", "1e3", "12345678901234567890", "-0.0", "0.5E-2");
    static final List<String> TOP_KEYS = List.of("Version", "Id", "Statement", "Statement", "Statements", "version");
    static final List<String> STATEMENT_KEYS = List.of("Sid", "Effect", "Principal", "NotPrincipal", "Action",
        "NotAction", "Resource", "NotResource", "Condition", "effect", "Actions");
    static final List<String> PRINCIPAL_KEYS = List.of("AWS", "Service", "Federated", "CanonicalUser", "aws", "*", "");
    static final List<String> OPERATORS = List.of("StringEquals", "StringLike", "StringNotLikeIfExists",
        "ForAllValues:StringEquals", "ForAnyValue:StringLike", "stringequals", "STRINGEQUALS", "StringLikee",
        "NumericLessThan", "NumericEquals", "DateGreaterThan", "DateEquals", "Bool", "BinaryEquals", "IpAddress",
        "NotIpAddress", "ArnLike", "ArnEqualsIfExists", "Null", "NullIfExists", "ForAllValues:Null",
        "ForAnyValue:", "IfExists", "StringEqualsIfExistsIfExists", "ForAllValues:ForAnyValue:StringEquals");
    static final List<String> CONDITION_KEYS = List.of("aws:SourceIp", "aws:username", "AWS:USERNAME",
        "aws:PrincipalTag/team", "aws:TagKeys", "s3:max-keys", "aws:CurrentTime", "k", "", " ", "a~b/c");

    static Arbitrary<Doc> documents() {
      return Arbitraries.frequencyOf(Tuple.of(4, policy()), Tuple.of(4, mutatedPolicies()), Tuple.of(1, any(3)));
    }

    /** Kinds of edits of a printed valid policy; the first five keep its meaning, the rest usually break it. */
    enum Mutation {
      OPERATOR_IN_OTHER_CASE,
      OPERATOR_SPLIT_IN_TWO_SPELLINGS,
      SINGLETON_ARRAY_UNWRAPPED,
      STRING_AS_NUMBER_OR_BOOLEAN,
      STATEMENT_AS_OBJECT,
      VALUE_REPLACED,
      MEMBER_REMOVED,
      MEMBER_ADDED,
      MEMBER_REPEATED
    }

    /** A generated valid policy, printed, with 0–3 mutations. */
    static Arbitrary<Doc> mutatedPolicies() {
      Arbitrary<Tuple.Tuple3<Mutation, Integer, Doc>> edit = Combinators.combine(
              Arbitraries.of(Mutation.class), Arbitraries.integers().between(0, 1 << 20), any(1))
          .as(Tuple::of);
      return Combinators.combine(PolicyArbitraries.policies(), edit.list().ofMaxSize(3)).as((p, edits) -> {
        Doc d = Doc.of(JsonReader.read(PolicyPrinter.print(p).getBytes(StandardCharsets.UTF_8), x -> {}));
        for (Tuple.Tuple3<Mutation, Integer, Doc> e : edits) {
          d = mutate(d, e.get1(), e.get2(), e.get3());
        }
        return d;
      });
    }

    static Doc mutate(Doc d, Mutation m, int pick, Doc junk) {
      List<Doc.Node> nodes = d.nodes();
      List<Doc.Node> eligible = nodes.stream().filter(n -> switch (m) {
        case OPERATOR_IN_OTHER_CASE -> isOperator(n);
        case OPERATOR_SPLIT_IN_TWO_SPELLINGS -> isOperator(n) && n.doc() instanceof Doc.Obj o && !o.members().isEmpty();
        case SINGLETON_ARRAY_UNWRAPPED -> n.doc() instanceof Doc.Arr a && a.items().size() == 1 && !n.tokens().isEmpty();
        case STRING_AS_NUMBER_OR_BOOLEAN -> n.doc() instanceof Doc.Str s
            && (s.value().matches("-?(0|[1-9]\\d*)(\\.\\d+)?") || s.value().equals("true") || s.value().equals("false"));
        case STATEMENT_AS_OBJECT -> n.tokens().equals(List.of("Statement")) && n.doc() instanceof Doc.Arr a
            && a.items().size() == 1;
        case VALUE_REPLACED -> true;
        case MEMBER_REMOVED, MEMBER_REPEATED -> n.keyOfMember() != null;
        case MEMBER_ADDED -> n.doc() instanceof Doc.Obj;
      }).toList();
      if (eligible.isEmpty()) {
        return d;
      }
      Doc.Node n = eligible.get(pick % eligible.size());
      return switch (m) {
        case OPERATOR_IN_OTHER_CASE -> d.rename(n.path(), otherCase(n.keyOfMember()));
        case OPERATOR_SPLIT_IN_TWO_SPELLINGS -> {
          // Move the operator's last key (copy it, when it is the only one) under another spelling of the operator.
          List<Map.Entry<String, Doc>> keys = ((Doc.Obj) n.doc()).members();
          Map.Entry<String, Doc> last = keys.get(keys.size() - 1);
          List<Map.Entry<String, Doc>> kept = keys.size() > 1 ? keys.subList(0, keys.size() - 1) : keys;
          Doc moved = d.replace(n.path(), new Doc.Obj(kept));
          yield moved.add(n.path().subList(0, n.path().size() - 1), otherCase(n.keyOfMember()),
              new Doc.Obj(List.of(last)));
        }
        case SINGLETON_ARRAY_UNWRAPPED, STATEMENT_AS_OBJECT -> d.replace(n.path(), ((Doc.Arr) n.doc()).items().get(0));
        case STRING_AS_NUMBER_OR_BOOLEAN -> {
          String v = ((Doc.Str) n.doc()).value();
          yield d.replace(n.path(), v.equals("true") || v.equals("false") ? new Doc.Bool(Boolean.parseBoolean(v)) : new Doc.Num(v));
        }
        case VALUE_REPLACED -> d.replace(n.path(), junk);
        case MEMBER_REMOVED -> d.remove(n.path());
        case MEMBER_ADDED -> d.add(n.path(), List.of("Sid", "Condition", "Resource", "x", "Effect").get(pick % 5), junk);
        case MEMBER_REPEATED -> d.duplicate(n.path(), pick % 2 == 0 ? n.doc() : junk);
      };
    }

    /** A member of a Condition block. */
    private static boolean isOperator(Doc.Node n) {
      List<String> t = n.tokens();
      return t.size() >= 2 && t.get(t.size() - 2).equals("Condition") && n.keyOfMember() != null;
    }

    private static String otherCase(String s) {
      String lower = s.toLowerCase(java.util.Locale.ROOT);
      return lower.equals(s) ? s.toUpperCase(java.util.Locale.ROOT) : lower;
    }

    static Arbitrary<Doc> leaf() {
      return Arbitraries.frequencyOf(
          Tuple.of(6, Arbitraries.of(STRINGS).map(Doc.Str::new)),
          Tuple.of(1, Arbitraries.strings().ofMaxLength(6).map(Doc.Str::new)),
          Tuple.of(2, Arbitraries.of(NUMBERS).map(Doc.Num::new)),
          Tuple.of(1, Arbitraries.of(true, false).map(Doc.Bool::new)),
          Tuple.of(1, Arbitraries.just(new Doc.Null())));
    }

    static Arbitrary<Doc> any(int depth) {
      if (depth == 0) {
        return leaf();
      }
      Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of(TOP_KEYS), Arbitraries.of(STATEMENT_KEYS),
          Arbitraries.of(OPERATORS), Arbitraries.of(CONDITION_KEYS));
      return Arbitraries.frequencyOf(
          Tuple.of(3, leaf()),
          Tuple.of(1, Arbitraries.lazy(() -> any(depth - 1)).list().ofMaxSize(3).map(Doc.Arr::new)),
          Tuple.of(1, members(keys, Arbitraries.lazy(() -> any(depth - 1)), 3)));
    }

    /** An object of 0–{@code max} members, keys drawn with repetition. */
    static Arbitrary<Doc> members(Arbitrary<String> keys, Arbitrary<Doc> values, int max) {
      return Combinators.combine(keys, values).as(Map::entry).list().ofMaxSize(max).map(Doc.Obj::new);
    }

    /** An object whose members come from the given (key → value) choices, possibly repeated. */
    @SafeVarargs
    static Arbitrary<Doc> shaped(int max, Arbitrary<Map.Entry<String, Doc>>... choices) {
      return Arbitraries.oneOf(List.of(choices)).list().ofMaxSize(max).map(Doc.Obj::new);
    }

    static Arbitrary<Map.Entry<String, Doc>> entry(Arbitrary<String> key, Arbitrary<Doc> value) {
      return Combinators.combine(key, value).as(Map::entry);
    }

    static <T> Arbitrary<T> mostly(Arbitrary<T> usual, Arbitrary<T> odd) {
      return Arbitraries.frequencyOf(Tuple.of(6, usual), Tuple.of(1, odd));
    }

    static Arbitrary<Doc> stringOrList(Arbitrary<Doc> item) {
      return Arbitraries.oneOf(item, item.list().ofMaxSize(3).map(Doc.Arr::new));
    }

    static Arbitrary<Doc> policy() {
      Arbitrary<Doc> statement = statement();
      Arbitrary<Doc> statements = Arbitraries.frequencyOf(
          Tuple.of(4, statement.list().ofMaxSize(3).map(Doc.Arr::new)),
          Tuple.of(2, statement),
          Tuple.of(1, any(2)));
      return shaped(4,
          entry(Arbitraries.just("Version"), mostly(Arbitraries.of("2012-10-17", "2008-10-17").map(Doc.Str::new), leaf())),
          entry(Arbitraries.just("Id"), leaf()),
          entry(Arbitraries.just("Statement"), statements),
          entry(Arbitraries.just("Statement"), statements),
          entry(Arbitraries.of(TOP_KEYS), any(1)));
    }

    static Arbitrary<Doc> statement() {
      Arbitrary<Doc> actions = stringOrList(mostly(
          Arbitraries.of("*", "s3:GetObject", "s3:Get*", "kms:?ecrypt", "sqs:*").map(Doc.Str::new), leaf()));
      Arbitrary<Doc> resources = stringOrList(mostly(
          Arbitraries.of("*", "arn:aws:s3:::a/*", "arn:aws:s3:::a/${aws:username}", "arn:aws:kms:*:*:key/k1").map(Doc.Str::new),
          leaf()));
      return shaped(7,
          entry(Arbitraries.just("Sid"), leaf()),
          entry(Arbitraries.just("Effect"), mostly(Arbitraries.of("Allow", "Deny").map(Doc.Str::new), leaf())),
          entry(Arbitraries.of("Principal", "NotPrincipal"), principal()),
          entry(Arbitraries.of("Action", "NotAction"), mostly(actions, any(1))),
          entry(Arbitraries.of("Resource", "NotResource"), mostly(resources, any(1))),
          entry(Arbitraries.just("Condition"), condition()),
          entry(Arbitraries.of(STATEMENT_KEYS), any(2)));
    }

    static Arbitrary<Doc> principal() {
      Arbitrary<Doc> values = stringOrList(mostly(Arbitraries.of("*", "111111111111", "arn:aws:iam::111111111111:root",
          "arn:aws:sts::111111111111:assumed-role/r/s", "s3.amazonaws.com", "AIDAAAAAAAAAAAAAAAAA").map(Doc.Str::new), leaf()));
      return Arbitraries.frequencyOf(
          Tuple.of(2, Arbitraries.just(new Doc.Str("*"))),
          Tuple.of(5, shaped(3, entry(Arbitraries.of(PRINCIPAL_KEYS), values))),
          Tuple.of(1, any(2)));
    }

    static Arbitrary<Doc> condition() {
      Arbitrary<Doc> values = stringOrList(leaf());
      Arbitrary<Doc> keys = shaped(3, entry(Arbitraries.of(CONDITION_KEYS), mostly(values, any(1))));
      return mostly(shaped(3, entry(Arbitraries.of(OPERATORS), mostly(keys, any(1)))), any(2));
    }
  }
}
