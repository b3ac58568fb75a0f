package dev.hornbeam.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.service.answer.PolicyProblem;
import dev.hornbeam.service.answer.PublicAccessResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decided answer as text (the Flink job's keyed state) and back, and the steps that need no solver. */
class DeciderTest {
  static final Finding FINDING = new Finding("in:1#0", "111122223333", "arn:aws:s3:::b", "AWS::S3::Bucket", "PUBLIC", "SOLVED",
      List.of(new PublicAccessResponse.Finding(0, "S", "grants")), null, List.of(new PolicyProblem("p", "", "W", "warning", "w")), "native",
      1.5, false, "abc", "in:1");

  @Test
  void aDecidedAnswerSurvivesItsTextForEveryKindOfCaller() {
    Map<String, ContextValue> context = new LinkedHashMap<>();
    context.put("aws:SourceVpce", ContextValue.single("vpce-1"));
    context.put("aws:TagKeys", ContextValue.multi("a", "b"));
    for (RequestPrincipal p : List.of(new RequestPrincipal.Anonymous(), new RequestPrincipal.Aws("444455556666", "arn:aws:iam::444455556666:user/x"),
        new RequestPrincipal.Aws("444455556666", "arn:aws:sts::444455556666:assumed-role/r/s", "arn:aws:iam::444455556666:role/r", "AROA1",
            "accounts.google.com"),
        new RequestPrincipal.Service("lambda.amazonaws.com"), new RequestPrincipal.Federated("cognito-identity.amazonaws.com"),
        new RequestPrincipal.CanonicalUser("79a59df900b949e55d96a1e698fbaced"))) {
      Request witness = new Request(p, "s3:GetObject", "arn:aws:s3:::b/k", context);
      AccountRenaming renaming = AccountRenaming.of(Map.of("111122223333", "999999000001"));
      Decider.Decided d = Decider.Decided.decode(new Decider.Decided(FINDING, witness, renaming).encode());
      assertEquals(FINDING, d.finding());
      assertEquals(witness, d.witness());
      assertEquals(renaming.toCanonical(), d.renaming().toCanonical());
    }
    Decider.Decided bare = Decider.Decided.decode(new Decider.Decided(FINDING, null, null).encode());
    assertEquals(FINDING, bare.finding());
    assertNull(bare.witness());
    assertNull(bare.renaming());
  }

  @Test
  void perAccountVariantsShareADedupKeyAndAnUnknownTypeNeedsNoCheck() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::%s:root\"},"
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::data-%s/*\"}]}";
    Decider.ToCheck a = (Decider.ToCheck) Decider.prepare(new ResourceRecord("k1", "111122223333", "arn:aws:s3:::data-111122223333",
        "AWS::S3::Bucket", policy.formatted("111122223333", "111122223333"), "s"), true);
    Decider.ToCheck b = (Decider.ToCheck) Decider.prepare(new ResourceRecord("k2", "444455556666", "arn:aws:s3:::data-444455556666",
        "AWS::S3::Bucket", policy.formatted("444455556666", "444455556666"), "s"), true);
    assertEquals(a.dedupKey(), b.dedupKey());
    assertNull(((Decider.ToCheck) Decider.prepare(a.record(), false)).dedupKey());
    assertInstanceOf(Decider.Done.class, Decider.prepare(new ResourceRecord("k3", "1", "arn:x", "AWS::No::Such", "{}", "s"), true));
  }
}
