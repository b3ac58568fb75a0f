package dev.hornbeam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test of {@code findings-run} on a small corpus written here: findings beside the naive per-statement baseline. */
class FindingsRunTest {
  /** The own account, and two Allow statements granting one outside account overlapping access: one finding, two naive ones. */
  static final String TWO_STATEMENTS = """
      {"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sqs:*","Resource":"arn:aws:sqs:us-east-1:111122223333:q"},
        {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111122223333:q"},
        {"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sqs:Send*","Resource":"arn:aws:sqs:us-east-1:111122223333:q"}]}""";

  @Test
  void findingsAndTheNaiveBaseline(@TempDir Path tmp) throws Exception {
    Path corpus = CorpusRunTest.corpus(tmp.resolve("corpus"));
    Files.writeString(corpus.resolve("sqs/c.json"), TWO_STATEMENTS);
    Path csv = tmp.resolve("findings.csv");
    CorpusRunTest.Run r = CorpusRunTest.run("findings-run", "--corpus", corpus.toString(), "--out", csv.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    List<String> rows = Files.readAllLines(csv);
    assertEquals("policy,type,zone,coverage,findings,exact,found,queries,ms,naive_findings,naive_undecided,naive_ms", rows.get(0));
    // s3__a: Principal "*" on objects of my-bucket, one finding and one naive; sqs__b: own account only, none.
    assertTrue(rows.stream().anyMatch(l -> l.matches("s3__a,s3,111122223333,PROVED,1,1,1,\\d+,[0-9.]+,1,0,[0-9.]+")), rows.toString());
    assertTrue(rows.stream().anyMatch(l -> l.matches("sqs__b,sqs,111122223333,PROVED,0,0,0,\\d+,[0-9.]+,0,0,[0-9.]+")), rows.toString());
    assertTrue(rows.stream().anyMatch(l -> l.matches("sqs__c,sqs,111122223333,PROVED,1,1,1,\\d+,[0-9.]+,2,0,[0-9.]+")), rows.toString());
    // Exit status 0: every finding's witness was rechecked by the evaluator (allowed, in its finding, outside).
  }
}
