package dev.hornbeam.policy.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.gen.RequestUniverse;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.universe.PublicMeaning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code Fn::If} on a condition not known before deployment, and the partition, in what a policy names
 * (templates/choices.yaml): the policies checked for it ({@link Deployment}) are as public as each policy it may
 * be once deployed — answered by brute force (the reference evaluator and {@code PublicMeaning}), no solver.
 * Who is a stranger depends on what the policy names, so writing every branch into one policy may make a
 * branch's stranger a caller the policy names.
 */
class ChoicesTest {
  static final String CONDITION = "{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:*\"}}";

  /**
   * Whether some policy checked for {@code name} is public by brute force (the answer is the worst of theirs), over the
   * requests of the universe of all of them and of {@code deployed}.
   */
  static boolean checkedAsPublic(String name, String deployed) throws IOException {
    List<Policy> checked = new ArrayList<>();
    for (Deployment.Variant v : DeploymentTest.policy("choices.yaml", name).variants().variants()) {
      assertTrue(v.widened().refusal().isEmpty(), v.widened().refusal()::get);
      checked.add(parse(v.widened().json()));
    }
    List<Policy> all = new ArrayList<>(checked);
    all.add(parse(bytes(deployed)));
    RequestUniverse universe = new RequestUniverse(all, null);
    return checked.stream().anyMatch(p -> publicIn(universe, p));
  }

  /** Whether {@code deployed}, a policy the template may be once deployed, is public by brute force. */
  static boolean deployedPublic(String name, String deployed) throws IOException {
    List<Policy> all = new ArrayList<>();
    for (Deployment.Variant v : DeploymentTest.policy("choices.yaml", name).variants().variants()) {
      all.add(parse(v.widened().json()));
    }
    Policy p = parse(bytes(deployed));
    all.add(p);
    return publicIn(new RequestUniverse(all, null), p);
  }

  static boolean publicIn(RequestUniverse universe, Policy p) {
    PublicMeaning.Check stranger = PublicMeaning.check(p, (String) null);
    return universe.find(q -> Evaluator.evaluate(p, q).outcome() == Outcome.ALLOW && stranger.whyNot(q) == null, 4, 1L) != null;
  }

  static Policy parse(byte[] json) {
    ParseResult r = PolicyParser.parse(json, PolicyKind.RESOURCE, Limits.DEFAULT);
    assertTrue(r.isValid(), () -> new String(json, StandardCharsets.UTF_8) + " " + r.errors());
    return r.policy();
  }

  static String checked(String name) throws IOException {
    return DeploymentTest.policy("choices.yaml", name).variants().variants().stream().map(DeploymentTest::json)
        .collect(Collectors.joining("\n"));
  }

  /** {@code deployed}, one policy {@code name} may be, is public, and so is some policy checked for it. */
  static void bothPublic(String name, String deployed) throws IOException {
    assertTrue(deployedPublic(name, deployed));
    assertTrue(checkedAsPublic(name, deployed), checked(name));
  }

  static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aBranchThatNamesNoAccountIsCheckedOnItsOwn() throws IOException {
    // IsShared false: everyone, and the pattern lets in 111122223333's callers, whom this branch does not name.
    String deployed = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::open-branch/*\",\"Condition\":" + CONDITION + "}]}";
    bothPublic("OpenBranch", deployed);
  }

  @Test
  void aStatementThatMayBeAbsentIsCheckedAbsentToo() throws IOException {
    String deployed = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::optional-statement/*\",\"Condition\":" + CONDITION + "}]}";
    bothPublic("OptionalStatement", deployed);
  }

  @Test
  void aPrincipalThatMayBeEveryoneIsPublic() throws IOException {
    String everyone = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
        + "\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\"}]}";
    bothPublic("EveryoneOrPartner", everyone);
    String anyone = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"444455556666\",\"*\"]},"
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::account-or-anyone/*\"}]}";
    bothPublic("AccountOrAnyone", anyone);
  }

  @Test
  void aRoleInEachPartitionIsCheckedOnePartitionAtATime() throws IOException {
    // Deployed in aws: the role r of 111122223333 in aws-cn is a stranger the pattern lets in.
    String deployed = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
        + "\"arn:aws:iam::111122223333:role/r\"},\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::role-in-partition\"},"
        + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::role-in-partition/*\","
        + "\"Condition\":{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:*:iam::111122223333:role/r\"}}}]}";
    bothPublic("RoleInPartition", deployed);
  }

  /** More choices than are checked one by one: refused (INVALID, fail closed), never answered as one widened policy. */
  @Test
  void tooManyChoicesAreRefused() throws SourceException {
    StringBuilder t = new StringBuilder(String.join("\n", "Parameters: {P: {Type: String}}", "Conditions: {C: !Equals [!Ref P, x]}",
        "Resources:", "  Q:", "    Type: AWS::SQS::QueuePolicy", "    Properties:", "      Queues: [q]", "      PolicyDocument:",
        "        Version: \"2012-10-17\"", "        Statement:", ""));
    for (int i = 0; i < 5; i++) { // 2^5 = 32 cases
      t.append("          - {Effect: Allow, Principal: {AWS: !If [C, \"11112222333").append(i).append("\", \"*\"]}, Action: sqs:*,")
          .append(" Resource: \"*\"}\n");
    }
    Found.Policy p = (Found.Policy) Inputs.read("t.yaml", bytes(t.toString()), java.util.Map.of(), null).found().get(0);
    List<Deployment.Variant> vs = p.variants().variants();
    assertEquals(1, vs.size());
    assertEquals("the policy cannot be checked soundly: it holds more choices (Fn::If) around statements or in a Principal than"
        + " Hornbeam checks one by one (24 cases at most)", vs.get(0).widened().refusal().orElseThrow());
  }
  @Test
  void aResourceThatMayBeLeftOutIsWidenedToEveryResource() {
    // Resource: !If [C, "arn:aws:s3:::b/*", !Ref AWS::NoValue]: deployed without it, the statement matches every
    // resource as the evaluator reads it, so listing the one value is not enough (found by WideningPropertiesTest).
    Loc at = new Loc(1, 1);
    Node.Choice resource = new Node.Choice("Fn::If [C, ...]", List.of(Node.Scalar.string("arn:aws:s3:::b/*", at)), true, at);
    java.util.Map<String, Node> st = new java.util.LinkedHashMap<>();
    st.put("Effect", Node.Scalar.string("Allow", at));
    st.put("Principal", Node.Scalar.string("*", at));
    st.put("Action", Node.Scalar.string("s3:GetObject", at));
    st.put("Resource", resource);
    Node policy = new Node.Obj(java.util.Map.of("Version", Node.Scalar.string("2012-10-17", at), "Statement",
        new Node.Arr(List.of(new Node.Obj(st, at)), at)), at);
    Widening.Widened w = Widening.widen(policy, false);
    Policy widened = parse(w.json());
    Policy absent = parse(bytes("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
        + "\"Action\":\"s3:GetObject\"}]}"));
    dev.hornbeam.policy.eval.Request other = new dev.hornbeam.policy.eval.Request(new dev.hornbeam.policy.eval.RequestPrincipal.Anonymous(),
        "s3:GetObject", "arn:aws:s3:::other/k", java.util.Map.of());
    assertEquals(Outcome.ALLOW, Evaluator.evaluate(absent, other).outcome());
    assertEquals(Outcome.ALLOW, Evaluator.evaluate(widened, other).outcome(), () -> new String(w.json(), StandardCharsets.UTF_8));
    assertTrue(w.notes().stream().anyMatch(n -> n.effect().equals("Resource may be absent: widened to \"*\"")), w.notes()::toString);
  }
}
