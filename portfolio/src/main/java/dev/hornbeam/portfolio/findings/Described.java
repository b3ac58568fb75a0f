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
public record Described(List<String> principals, List<String> exceptPrincipals, List<String> actions,
    List<String> exceptActions, List<String> catalogueActions, Map<String, Integer> accessLevels, List<String> resources,
    List<String> exceptResources, List<String> conditions, List<String> unless) {

  static Described of(Cube cube, Zone zone, String service, String version) {
    List<String> principals = new ArrayList<>();
    List<String> exceptPrincipals = new ArrayList<>();
    List<String> actions = new ArrayList<>();
    List<String> exceptActions = new ArrayList<>();
    List<String> resources = new ArrayList<>();
    List<String> exceptResources = new ArrayList<>();
    List<String> conditions = new ArrayList<>();
    List<String> unless = new ArrayList<>();
    List<Cube.Literal> actionLiterals = new ArrayList<>();
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
        (l.positive() ? actions : exceptActions).add(text);
        actionLiterals.add(l);
      } else if (a instanceof Atom.Resource) {
        (l.positive() ? resources : exceptResources).add(text);
      } else {
        (positive ? conditions : unless).add(text);
      }
    }
    if (principals.isEmpty()) {
      principals.add(zone instanceof Zone.Public ? "anyone" : "anyone outside " + Zone.describe(zone));
    }
    List<String> catalogue = new ArrayList<>();
    Map<String, Integer> levels = new TreeMap<>();
    Cube actionsOnly = new Cube(actionLiterals);
    Policy p = actionsOnly.asPolicy(version);
    for (Action x : Catalog.aws().actions(service)) {
      String name = x.service() + ":" + x.name();
      Request r = new Request(new RequestPrincipal.Anonymous(), name, "*", Map.of());
      if (Evaluator.evaluate(p, r).outcome() == Outcome.ALLOW) {
        catalogue.add(name);
        levels.merge(x.accessLevel().label(), 1, Integer::sum);
      }
    }
    return new Described(principals, exceptPrincipals, actions, exceptActions, catalogue, levels, resources,
        exceptResources, conditions, unless);
  }

  /** "anyone can call s3:GetObject on arn:aws:s3:::b/* if aws:SecureTransport Bool true". */
  String words(String service) {
    StringBuilder b = new StringBuilder(String.join(" or ", principals));
    if (!exceptPrincipals.isEmpty()) {
      b.append(" (but not ").append(String.join(", ", exceptPrincipals)).append(")");
    }
    b.append(" can call ");
    b.append(actions.isEmpty() ? "any " + service + " action" : String.join(" and ", actions));
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
    b.append(resources.isEmpty() ? " on the resource" : " on " + String.join(" and ", resources));
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
