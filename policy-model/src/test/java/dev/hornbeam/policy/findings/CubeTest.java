package dev.hornbeam.policy.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.PrincipalType;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A union of cubes that differ only in their action is one policy allowing exactly the requests of the cubes. */
class CubeTest {
  static final String V = Policy.VERSION_2012;

  static Condition vpc() {
    ParseResult r = PolicyParser.parse("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*",
          "Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"}}}]}""", PolicyKind.RESOURCE);
    return r.policy().statements().get(0).conditions().get(0);
  }

  @Test
  void unionOfCubesDifferingInTheirActionIsExact() {
    Cube.Literal principal = new Cube.Literal(new Atom.Principal(PrincipalType.AWS, "arn:aws:iam::444455556666:root"), true);
    Cube.Literal notList = new Cube.Literal(new Atom.Action("s3:List*"), false);
    Cube.Literal vpc = new Cube.Literal(new Atom.Test(vpc()), true);
    List<Cube> cubes = new ArrayList<>();
    for (String action : List.of("s3:Get*", "s3:PutObject", "s3:*Acl")) {
      cubes.add(new Cube(List.of(principal, new Cube.Literal(new Atom.Action(action), true), notList, vpc)));
    }
    Cube noPositiveAction = new Cube(List.of(principal, notList, vpc));
    assertTrue(Cube.union(List.of(noPositiveAction), V).isEmpty(), "a cube without a positive action literal");
    Cube twoPositiveActions = new Cube(List.of(principal, new Cube.Literal(new Atom.Action("s3:Get*"), true),
        new Cube.Literal(new Atom.Action("s3:*Object"), true)));
    assertTrue(Cube.union(List.of(twoPositiveActions), V).isEmpty(), "a cube with two positive action literals");
    assertTrue(Cube.union(List.of(cubes.get(0), new Cube(List.of(principal, new Cube.Literal(new Atom.Action("s3:Put*"), true)))), V).isEmpty(),
        "cubes with other literals that differ");
    Policy union = Cube.union(cubes, V).orElseThrow();
    int inside = 0;
    for (String account : List.of("444455556666", "777788889999")) {
      for (String action : List.of("s3:GetObject", "s3:PutObject", "s3:PutObjectAcl", "s3:ListBucket", "s3:DeleteObject", "s3:GetBucketAcl")) {
        for (String vpcValue : List.of("vpc-1", "vpc-2")) {
          Request r = new Request(new RequestPrincipal.Aws(account, "arn:aws:iam::" + account + ":root"), action, "arn:aws:s3:::b/k",
              Map.of("aws:SourceVpc", ContextValue.single(vpcValue)));
          boolean inSome = cubes.stream().anyMatch(c -> c.contains(r, V));
          assertEquals(inSome, Evaluator.evaluate(union, r).outcome() == Outcome.ALLOW, r::toString);
          inside += inSome ? 1 : 0;
        }
      }
    }
    assertEquals(4, inside, "GetObject, PutObject, PutObjectAcl and GetBucketAcl (not ListBucket) from 444455556666 in vpc-1");
  }
}
