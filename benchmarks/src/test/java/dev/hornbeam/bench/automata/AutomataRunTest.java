package dev.hornbeam.bench.automata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The two automaton libraries on the string checks of the corpus's resource policies: they agree on every
 * emptiness, and every member either gives is in the language by a plain regular-expression reading of
 * the globs (an independent check of the adapters).
 */
class AutomataRunTest {
  static Path corpus() {
    for (Path p : List.of(Path.of("../../shared/corpus"), Path.of("../shared/corpus"))) {
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    return null;
  }

  static boolean matches(String glob, boolean literal, String s) {
    if (literal) {
      return glob.equals(s);
    }
    StringBuilder re = new StringBuilder();
    for (String part : glob.split("((?<=[*?])|(?=[*?]))")) {
      re.append(part.equals("*") ? ".*" : part.equals("?") ? "." : Pattern.quote(part));
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(s).matches();
  }

  static boolean in(StringChecks.Patterns p, String s) {
    boolean any = p.globs().stream().anyMatch(g -> matches(g, p.literal(), s));
    return p.negated() != any;
  }

  static boolean member(StringChecks c, String s) {
    return c.allowed().stream().anyMatch(p -> in(p, s)) && (c.within() == null || matches(c.within(), false, s))
        && c.denied().stream().noneMatch(p -> in(p, s));
  }

  @Test
  void bothLibrariesAgreeAndTheirMembersAreInTheLanguage() throws Exception {
    Path corpus = corpus();
    assumeTrue(corpus != null, "no corpus");
    List<StringChecks> checks = AutomataRun.checks(corpus, List.of("s3", "kms", "sqs", "sns"));
    assertTrue(checks.size() > 500, "checks: " + checks.size());
    List<AutomataRun.Measured> all = List.of(AutomataRun.measure(new Brics(), checks, 1), AutomataRun.measure(new Lucene(), checks, 1));
    assertEquals(List.of(), AutomataRun.disagreements(checks, all));
    for (AutomataRun.Measured m : all) {
      for (int i = 0; i < checks.size(); i++) {
        StringChecks.Outcome o = m.outcomes().get(i);
        assertNull(o.failure(), m.library() + " " + checks.get(i).name());
        if (!o.empty()) {
          assertNotNull(o.example(), m.library() + " " + checks.get(i).name());
          assertTrue(member(checks.get(i), o.example()), m.library() + " " + checks.get(i).name() + ": " + o.example());
        }
      }
    }
  }

  @Test
  void aDenyOfEverythingAllowedIsEmptyAndNegationWorks() {
    StringChecks.Patterns get = new StringChecks.Patterns(List.of("s3:get*"), false, false);
    StringChecks.Patterns all = new StringChecks.Patterns(List.of("s3:*"), false, false);
    StringChecks.Patterns notGet = new StringChecks.Patterns(List.of("s3:get*"), true, false);
    for (StringChecks.Library<?> lib : List.of(new Brics(), new Lucene())) {
      assertTrue(new StringChecks("t", List.of(get), "s3:*", List.of(all)).run(lib).empty(), lib.name());
      StringChecks.Outcome o = new StringChecks("t", List.of(all), "s3:*", List.of(get)).run(lib);
      assertEquals("s3:", o.example(), lib.name());
      StringChecks.Outcome n = new StringChecks("t", List.of(notGet), "s3:g*", List.of()).run(lib);
      assertTrue(!n.empty() && member(new StringChecks("t", List.of(notGet), "s3:g*", List.of()), n.example()), lib.name() + n);
    }
  }
}
