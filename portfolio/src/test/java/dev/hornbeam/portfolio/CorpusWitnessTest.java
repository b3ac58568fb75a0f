package dev.hornbeam.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hornbeam.policy.catalog.Action;
import dev.hornbeam.policy.catalog.ActionResource;
import dev.hornbeam.policy.catalog.Catalog;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.universe.PolicyKeys;
import dev.hornbeam.policy.universe.PrincipalKind;
import dev.hornbeam.policy.universe.PublicMeaning;
import dev.hornbeam.policy.universe.Realistic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 over the corpus, through the facade: every PUBLIC witness is a request AWS could receive — a
 * stranger of a real kind with consistent derived keys, a catalogued action in AWS's spelling (or, when
 * the policy allows no catalogued action to that caller, the uncatalogued one, listed here), on a
 * resource that action accepts. Every answer is pinned in {@code corpus/public-access.tsv} (the test fails
 * when one changes; the file's header says how to regenerate it and lists the answers issue 13 changed).
 */
class CorpusWitnessTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String PINNED = "corpus/public-access.tsv";

  @Test
  void everyPublicWitnessIsARequestAwsCouldReceive() throws IOException, InterruptedException {
    List<CorpusPolicies> corpus = CorpusPolicies.load();
    assumeTrue(!corpus.isEmpty(), "no corpus on this machine");
    Map<String, String> answers = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    List<String> uncatalogued = new ArrayList<>();
    List<String> unaccepted = new ArrayList<>();
    Map<String, Integer> kinds = new TreeMap<>();
    PortfolioConfig config = PortfolioConfig.defaults().toBuilder().cacheEntries(0).workersPerSolver(1).build();
    try (PolicyChecker checker = PolicyChecker.start(config, new SimpleMeterRegistry())) {
      assertTrue(checker.portfolio().awaitReady(Duration.ofSeconds(60)), "workers up");
      for (CorpusPolicies c : corpus) {
        PublicAccessAnswer a = checker.isPublic(c.policy(), c.type(), DEADLINE);
        answers.put(c.name(), a.result() + "/" + a.reason());
        if (a.witness().isEmpty()) {
          continue;
        }
        Request w = a.witness().get();
        kinds.merge(PrincipalKind.of(w.principal()).map(Enum::name).orElse("NONE"), 1, Integer::sum);
        String unreal = Realistic.problem(w, PolicyKeys.mentioned(List.of(c.policy())));
        if (unreal != null) {
          problems.add(c.name() + ": " + unreal);
        }
        String stranger = PublicMeaning.whyNotStranger(c.policy(), w, c.type());
        if (stranger != null) {
          problems.add(c.name() + ": no stranger: " + stranger);
        }
        Optional<Action> action = Catalog.aws().action(w.action());
        if (action.isEmpty()) {
          uncatalogued.add(c.name() + ": " + a.witnessText());
          continue;
        }
        if (!action.get().fullName().equals(w.action())) {
          problems.add(c.name() + ": action not in AWS's spelling: " + w.action());
        }
        List<ActionResource> accepted = action.get().resourceTypes();
        if (!accepted.isEmpty() && accepted.stream().noneMatch(r -> r.resourceType().matches(w.resource()))) {
          // Allowed only on resources no real one can be (e.g. a template's "arn:aws:s3:::${S3Bucket}/*",
          // whose unknown variable resolves to ""): fine if the witness says so.
          unaccepted.add(c.name() + ": " + a.witnessText());
          if (!a.witnessText().contains("not a resource of a type")) {
            problems.add(c.name() + ": " + w.action() + " does not accept the resource " + w.resource() + ", unsaid");
          }
        }
      }
    }
    System.out.println("corpus witnesses by kind of caller: " + kinds + "\nuncatalogued actions (" + uncatalogued.size()
        + "):\n  " + String.join("\n  ", uncatalogued) + "\nresources no catalogued type matches (" + unaccepted.size()
        + "):\n  " + String.join("\n  ", unaccepted));
    assertEquals(List.of(), problems);
    StringBuilder tsv = new StringBuilder();
    answers.forEach((k, v) -> tsv.append(k).append('\t').append(v).append('\n'));
    Path out = Path.of("target", "public-access.tsv");
    Files.writeString(out, tsv.toString(), StandardCharsets.UTF_8);
    assertEquals(pinned(), tsv.toString(), "corpus answers changed: compare " + out.toAbsolutePath()
        + " with src/test/resources/" + PINNED + ", explain each change there, then copy it over");
  }

  /** The pinned answers, without the header's comment lines. */
  private static String pinned() throws IOException {
    try (InputStream in = CorpusWitnessTest.class.getResourceAsStream("/" + PINNED)) {
      if (in == null) {
        return "";
      }
      StringBuilder b = new StringBuilder();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.startsWith("#") && !line.isBlank()) {
          b.append(line).append('\n');
        }
      }
      return b.toString();
    }
  }
}
