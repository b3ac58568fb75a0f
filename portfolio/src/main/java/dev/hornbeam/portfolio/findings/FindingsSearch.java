package dev.hornbeam.portfolio.findings;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.findings.Atom;
import dev.hornbeam.policy.findings.Atoms;
import dev.hornbeam.policy.findings.Cube;
import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.portfolio.CheckAnswer;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.Reason;
import dev.hornbeam.smt.WitnessText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds who outside a zone of trust has access, as IAM Access Analyzer does (CAV 2020, "Stratified
 * Abstraction of Access Control Policies": ask the solver repeatedly with more and more specific
 * questions). The abstraction is the policy's own atoms ({@link Atoms}).
 *
 * <ol>
 *   <li>Ask for a request from outside the zone that the policy allows and no finding so far covers. None
 *       (UNSAT): the findings cover all outside access, proved. No definite answer: the rest is one
 *       undecided finding (fail closed).
 *   <li>Its cell (the atoms it passes and fails) is the first guess of a finding. If the policy allows the
 *       whole cell from outside (UNSAT of "in the cube, outside, not allowed"), widen it: drop each literal
 *       whose loss keeps that true, negative literals first, then conditions, resources, actions and
 *       principals last. The finding is then exact and prime; else the cell is kept, marked not exact.
 *   <li>An exact finding with one action gathers its siblings: the same cube with another action pattern of
 *       the policy, where that is exact too and holds outside access not covered yet ({@link #withSiblings}).
 *   <li>Repeat. Every round covers a new cell, and there are finitely many, so the loop ends.
 *   <li>Set cover: drop every finding whose outside, allowed requests the others already cover (proved).
 * </ol>
 *
 * <p>Both guarantees are proved by the solver and rechecked on the witnesses by the reference evaluator:
 * every allowed outside request is in a finding, and every finding but an undecided one has a witness.
 */
public final class FindingsSearch {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FindingsSearch.class);
  /** At most this many findings before the rest is one undecided finding. */
  public static final int MAX_FINDINGS = 64;

  private final PolicyChecker checker;
  private final Policy policy;
  private final ResourceType type;
  private final String resourceArn;
  private final Zone zone;
  private final long deadlineNanos;
  private final String version;
  private int queries;

  private FindingsSearch(PolicyChecker checker, Policy policy, ResourceType type, String resourceArn, Zone zone,
      long deadlineNanos) {
    this.checker = checker;
    this.policy = policy;
    this.type = type;
    this.resourceArn = resourceArn;
    this.zone = zone;
    this.deadlineNanos = deadlineNanos;
    this.version = policy.version() == null ? Policy.VERSION_2008 : policy.version();
  }

  public static FindingsAnswer run(PolicyChecker checker, Policy policy, ResourceType type, String resourceArn,
      Zone zone, long deadlineNanos) {
    long start = System.nanoTime();
    return new FindingsSearch(checker, policy, type, resourceArn, zone, deadlineNanos).run(start);
  }

  private FindingsAnswer run(long start) {
    List<Atom> atoms = Atoms.of(policy);
    List<Finding> findings = new ArrayList<>();
    String detail = "";
    boolean proved = false;
    while (true) {
      if (findings.size() >= MAX_FINDINGS) {
        detail = "more than " + MAX_FINDINGS + " findings";
        break;
      }
      CheckAnswer next = ask(List.of(policy), cubes(findings, -1));
      if (next.passed()) {
        proved = true;
        break;
      }
      if (next.reason() != Reason.SOLVED || next.witness().isEmpty()) {
        detail = next.reason() + ": " + next.detail();
        break;
      }
      Request w = next.witness().get();
      Cube cube = Cube.cellOf(atoms, w, version);
      boolean exact = exact(cube);
      if (exact) {
        cube = widen(cube);
      }
      if (!cube.contains(w, version)) {
        // Cannot happen (the witness passes its cell's atoms, and widening keeps them); fail closed if it does.
        detail = "internal error: a finding does not hold its witness " + WitnessText.describe(w);
        break;
      }
      java.util.TreeSet<Integer> statements = new java.util.TreeSet<>(Evaluator.evaluate(policy, w).matchedAllows());
      List<Cube> cubes = exact ? withSiblings(cube, atoms, findings, statements) : List.of(cube);
      findings.add(finding(cubes, exact, w, List.copyOf(statements)));
    }
    int found = findings.size();
    if (proved) {
      findings = merged(irredundant(findings));
    } else {
      Described d = Described.of(List.of(Cube.everything()), zone, type.service(), version, resourceArn);
      findings.add(new Finding(List.of(Cube.everything()), false, true, Optional.empty(), "", List.of(), d,
          "undecided: other access from outside " + Zone.describe(zone) + " may exist (" + detail + ")"));
    }
    return new FindingsAnswer(zone, proved ? FindingsAnswer.Coverage.PROVED : FindingsAnswer.Coverage.UNDECIDED,
        findings, found, queries, (System.nanoTime() - start) / 1_000, detail);
  }

  private Finding finding(List<Cube> cubes, boolean exact, Request w, List<Integer> statements) {
    Described described = Described.of(cubes, zone, type.service(), version, resourceArn);
    return new Finding(cubes, exact, false, Optional.of(w), WitnessText.describe(w), statements, described,
        described.words(type.service()));
  }

  /**
   * An exact finding's cube with its action swapped for each other action pattern of the policy, kept where
   * that cube is exact too and holds outside access no finding covers yet (both proved): a principal's
   * actions become one finding in one round, and the coverage questions exclude one policy per finding
   * ({@link Cube#union}) instead of one per action (the KMS example key policy: 64 questions and 3.4 s before,
   * when each action took a round of the search). Only for cubes with one positive action literal. The
   * statements that allow the siblings' witnesses are added to {@code statements}.
   */
  private List<Cube> withSiblings(Cube cube, List<Atom> atoms, List<Finding> findings, java.util.Set<Integer> statements) {
    List<Cube.Literal> actions = cube.literals().stream().filter(l -> l.positive() && l.atom() instanceof Atom.Action).toList();
    List<Cube> out = new ArrayList<>(List.of(cube));
    if (actions.size() != 1) {
      return out;
    }
    Cube.Literal own = actions.get(0);
    List<Atom> candidates = new ArrayList<>();
    for (Atom a : atoms) {
      if (a instanceof Atom.Action && !a.equals(own.atom()) && !candidates.contains(a)) {
        candidates.add(a);
      }
    }
    // One question for all candidates at once: an allowed outside request in the cube with any other action,
    // not covered yet. Its action names the candidates worth a question of their own.
    List<Policy> earlier = cubes(findings, -1); // the earlier findings do not change in this round
    while (!candidates.isEmpty() && System.nanoTime() - deadlineNanos < 0) {
      List<Cube> others = candidates.stream().map(a -> cube.replacing(own, new Cube.Literal(a, true))).toList();
      List<Policy> covered = new ArrayList<>(earlier);
      covered.add(Cube.union(out, version).orElseThrow());
      CheckAnswer fresh = ask(List.of(policy, Cube.union(others, version).orElseThrow()), covered);
      if (fresh.reason() != Reason.SOLVED || fresh.passed() || fresh.witness().isEmpty()) {
        break;
      }
      Request w = fresh.witness().get();
      List<Atom> matched = candidates.stream().filter(a -> Cube.cellOf(List.of(a), w, version).literals().get(0).positive()).toList();
      if (matched.isEmpty()) {
        break; // cannot happen: the witness is in the union of the candidates' cubes
      }
      List<Integer> granting = Evaluator.evaluate(policy, w).matchedAllows();
      for (Atom a : matched) {
        Cube sibling = cube.replacing(own, new Cube.Literal(a, true));
        if (exact(sibling)) {
          out.add(sibling);
          statements.addAll(granting);
        }
      }
      candidates.removeAll(matched);
    }
    return out;
  }

  /** The policy allows every request of the cube from outside the zone (proved). */
  private boolean exact(Cube cube) {
    return ask(List.of(cube.asPolicy(version)), List.of(policy)).passed();
  }

  private Cube widen(Cube cube) {
    // Most negative literals of a cell say nothing (the request fails an atom no statement needs): try
    // dropping them all at once first, one question instead of one each.
    List<Cube.Literal> positives = cube.literals().stream().filter(Cube.Literal::positive).toList();
    if (positives.size() < cube.literals().size()) {
      Cube onlyPositive = new Cube(positives);
      if (exact(onlyPositive)) {
        cube = onlyPositive;
      }
    }
    List<Cube.Literal> order = new ArrayList<>(cube.literals());
    order.sort(Comparator.comparingInt(FindingsSearch::dropOrder));
    for (Cube.Literal l : order) {
      int i = cube.literals().indexOf(l);
      Cube wider = cube.without(i);
      if (exact(wider)) {
        cube = wider;
      }
    }
    return cube;
  }

  /** Negative literals first (they read worst), then conditions, resources, actions, principals. */
  private static int dropOrder(Cube.Literal l) {
    int kind;
    Atom a = l.atom();
    if (a instanceof Atom.Test) {
      kind = 0;
    } else if (a instanceof Atom.Resource) {
      kind = 1;
    } else if (a instanceof Atom.Action) {
      kind = 2;
    } else {
      kind = 3;
    }
    return (l.positive() ? 4 : 0) + kind;
  }

  /**
   * Findings that differ only in their action literals become one (a union of their cubes), in the order
   * of their first member: "Alice can call kms:Create*, kms:Delete* and …" rather than one finding per
   * pattern. Merging changes no request set, so coverage and witnesses stand.
   */
  private List<Finding> merged(List<Finding> findings) {
    java.util.LinkedHashMap<List<Cube.Literal>, List<Finding>> groups = new java.util.LinkedHashMap<>();
    for (Finding f : findings) {
      List<Cube.Literal> rest = f.cubes().get(0).literals().stream().filter(l -> !(l.atom() instanceof Atom.Action)).toList();
      groups.computeIfAbsent(rest, k -> new ArrayList<>()).add(f);
    }
    List<Finding> out = new ArrayList<>();
    for (List<Finding> group : groups.values()) {
      if (group.size() == 1) {
        out.add(group.get(0));
        continue;
      }
      List<Cube> cubes = new ArrayList<>();
      java.util.TreeSet<Integer> statements = new java.util.TreeSet<>();
      boolean exact = true;
      for (Finding f : group) {
        cubes.addAll(f.cubes());
        statements.addAll(f.statements());
        exact &= f.exact();
      }
      Finding first = group.get(0);
      Described d = Described.of(cubes, zone, type.service(), version, resourceArn);
      out.add(new Finding(cubes, exact, false, first.witness(), first.witnessText(), List.copyOf(statements), d,
          d.words(type.service())));
    }
    return out;
  }

  /** Drops each finding whose allowed outside requests the others cover (proved), last found first. */
  private List<Finding> irredundant(List<Finding> findings) {
    List<Finding> kept = new ArrayList<>(findings);
    for (int i = kept.size() - 1; i >= 0 && kept.size() > 1; i--) {
      Optional<Policy> union = union(kept.get(i).cubes());
      if (union.isPresent() && ask(List.of(policy, union.get()), cubes(kept, i)).passed()) {
        kept.remove(i);
      }
    }
    return kept;
  }

  private List<Policy> cubes(List<Finding> findings, int except) {
    List<Policy> out = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      if (i != except) {
        List<Cube> cubes = findings.get(i).cubes();
        Optional<Policy> union = union(cubes);
        if (union.isPresent()) {
          out.add(union.get());
        } else {
          cubes.forEach(c -> out.add(c.asPolicy(version)));
        }
      }
    }
    return out;
  }

  /** The finding's cubes as one policy: the cube itself, or the union of cubes that differ only in their action. */
  private Optional<Policy> union(List<Cube> cubes) {
    return cubes.size() == 1 ? Optional.of(cubes.get(0).asPolicy(version)) : Cube.union(cubes, version);
  }

  private CheckAnswer ask(List<Policy> required, List<Policy> excluded) {
    queries++;
    long t0 = System.nanoTime();
    CheckAnswer a = checker.coverage(policy, required, excluded, type, resourceArn, zone, deadlineNanos);
    if (LOG.isDebugEnabled()) {
      LOG.debug("findings question {}: {} required, {} excluded: {} {} by {} in {} µs ({})", queries, required.size(), excluded.size(),
          a.verdict(), a.reason(), a.solver().map(Object::toString).orElse("-"), (System.nanoTime() - t0) / 1_000, a.timings());
    }
    return a;
  }
}
