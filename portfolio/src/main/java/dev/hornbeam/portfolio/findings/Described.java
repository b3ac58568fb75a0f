package dev.hornbeam.portfolio.findings;

import dev.hornbeam.policy.catalog.Action;
import dev.hornbeam.policy.catalog.Catalog;
import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.findings.Atom;
import dev.hornbeam.policy.findings.Cube;
import dev.hornbeam.policy.findings.Zone;

import dev.hornbeam.policy.model.Policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A finding's cube by part, as Access Analyzer shows a finding: principal, action, resource, condition.
 *
 * @param resource the resource the policy is for (its ARN), or "the resource" when not given
 * @param principals who (the cube's principal entries; "anyone outside the zone" when it names none)
 * @param exceptPrincipals principal entries the cube leaves out
 * @param actions action patterns (empty: every action of the service)
 * @param exceptActions action patterns left out
 * @param catalogueActions the catalogued actions of the service in the cube, by name
 * @param accessLevels how many of those there are of each access level (Read, Write, List, …)
 * @param resources resource patterns (empty: the resource)
 * @param exceptResources resource patterns left out
 * @param conditions condition tests the request passes
 * @param unless condition tests the request fails
 */
public record Described(String resource, List<String> principals, List<String> exceptPrincipals, List<String> actions,
    List<String> exceptActions, List<String> catalogueActions, Map<String, Integer> accessLevels, List<String> resources,
    List<String> exceptResources, List<String> conditions, List<String> unless) {

  static Described of(List<Cube> cubes, Zone zone, String service, String version, String resourceArn) {
    Cube cube = cubes.get(0);
    List<String> principals = new ArrayList<>();
    List<String> exceptPrincipals = new ArrayList<>();
    List<String> actions = new ArrayList<>();
    List<String> exceptActions = new ArrayList<>();
    List<String> resources = new ArrayList<>();
    List<String> exceptResources = new ArrayList<>();
    List<String> conditions = new ArrayList<>();
    List<String> unless = new ArrayList<>();
    for (Cube.Literal l : cube.literals()) {
      Atom a = l.atom();
      String text = Atom.describe(a);
      boolean positive = l.positive();
      if (!positive && a instanceof Atom.Test t && t.condition().operator().base().negated()
          && t.condition().operator().qualifier() == dev.hornbeam.policy.model.SetQualifier.NONE
          && !t.condition().operator().ifExists() && t.condition().values().size() == 1) {
        // Failing "k StringNotEquals v" is passing "k StringEquals v" (the key is present: a negated
        // operator passes an absent key), which reads better.
        text = t.condition().key() + " " + t.condition().operator().json().replace("Not", "") + " " + t.condition().values().get(0);
        positive = true;
      }
      if (a instanceof Atom.Principal) {
        (l.positive() ? principals : exceptPrincipals).add(text);
      } else if (a instanceof Atom.Action) {
        continue;
      } else if (a instanceof Atom.Resource) {
        (l.positive() ? resources : exceptResources).add(text);
      } else {
        (positive ? conditions : unless).add(text);
      }
    }
    if (principals.isEmpty()) {
      principals.add(zone instanceof Zone.Public ? "anyone" : "anyone outside " + Zone.describe(zone));
    }
    List<Policy> actionParts = new ArrayList<>();
    for (Cube c : cubes) {
      List<Cube.Literal> actionLiterals = new ArrayList<>();
      for (Cube.Literal l : c.literals()) {
        if (l.atom() instanceof Atom.Action) {
          actionLiterals.add(l);
          List<String> into = l.positive() ? actions : exceptActions;
          if (!into.contains(Atom.describe(l.atom()))) {
            into.add(Atom.describe(l.atom()));
          }
        }
      }
      actionParts.add(new Cube(actionLiterals).asPolicy(version));
    }
    List<String> catalogue = new ArrayList<>();
    Map<String, Integer> levels = new TreeMap<>();
    for (Action x : Catalog.aws().actions(service)) {
      String name = x.service() + ":" + x.name();
      Request r = new Request(new RequestPrincipal.Anonymous(), name, "*", Map.of());
      if (actionParts.stream().anyMatch(p -> Evaluator.evaluate(p, r).outcome() == Outcome.ALLOW)) {
        catalogue.add(name);
        levels.merge(x.accessLevel().label(), 1, Integer::sum);
      }
    }
    return new Described(resourceArn == null ? "the resource" : resourceArn, principals, exceptPrincipals, actions, exceptActions, catalogue, levels, resources,
        exceptResources, conditions, unless);
  }

  /** "anyone can call s3:GetObject on arn:aws:s3:::b/* if aws:SecureTransport Bool true". */
  String words(String service) {
    StringBuilder b = new StringBuilder(String.join(" or ", principals));
    if (!exceptPrincipals.isEmpty()) {
      b.append(" (but not ").append(String.join(", ", exceptPrincipals)).append(")");
    }
    b.append(" can call ");
    b.append(actions.isEmpty() ? "any " + service + " action" : actions.size() == 1 ? actions.get(0)
        : String.join(", ", actions.subList(0, actions.size() - 1)) + " and " + actions.get(actions.size() - 1));
    if (!exceptActions.isEmpty()) {
      b.append(" except ").append(String.join(", ", exceptActions));
    }
    b.append(" (").append(catalogueActions.size()).append(catalogueActions.size() == 1 ? " action" : " actions");
    if (catalogueActions.size() == 1) {
      b.append(", ").append(accessLevels.keySet().iterator().next());
    } else if (!accessLevels.isEmpty()) {
      List<String> parts = new ArrayList<>();
      accessLevels.forEach((k, v) -> parts.add(k + " " + v));
      b.append(": ").append(String.join(", ", parts));
    }
    b.append(")");
    b.append(" on ").append(resources.isEmpty() ? resource : String.join(" and ", resources));
    if (!exceptResources.isEmpty()) {
      b.append(" except ").append(String.join(", ", exceptResources));
    }
    if (!conditions.isEmpty()) {
      b.append(" if ").append(String.join(" and ", conditions));
    }
    if (!unless.isEmpty()) {
      b.append(conditions.isEmpty() ? " unless " : ", unless ").append(String.join(" or ", unless));
    }
    return b.toString();
  }

}
