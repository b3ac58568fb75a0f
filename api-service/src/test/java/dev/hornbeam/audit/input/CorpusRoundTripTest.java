package dev.hornbeam.audit.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.hornbeam.audit.ResourceRecord;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resources built from the policy corpus ({@code ../shared/corpus/{s3,kms,sqs,sns}}), written by the test as
 * an NDJSON file, an AWS Config snapshot and a policy directory, and read back: the same resources with the
 * same policies (equal after parsing both), none lost.
 */
class CorpusRoundTripTest {
  /** One corpus policy as a resource: ten resources per account. */
  record Resource(int index, String account, String type, String arn, String bucket, String policy) {}

  private static final List<Resource> RESOURCES = new ArrayList<>();

  @BeforeAll
  static void load() throws IOException {
    String corpus = System.getProperty("hornbeam.corpus");
    assumeTrue(corpus != null && Files.isDirectory(Path.of(corpus)), "no policy corpus (hornbeam.corpus)");
    Map<String, String> types = new LinkedHashMap<>();
    types.put("s3", "AWS::S3::Bucket");
    types.put("kms", "AWS::KMS::Key");
    types.put("sqs", "AWS::SQS::Queue");
    types.put("sns", "AWS::SNS::Topic");
    RESOURCES.clear();
    for (Map.Entry<String, String> t : types.entrySet()) {
      List<Path> files;
      try (Stream<Path> s = Files.list(Path.of(corpus, t.getKey()))) {
        files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      }
      for (Path f : files) {
        int i = RESOURCES.size();
        String account = String.format("%012d", 210000000000L + i / 10);
        String bucket = "corpus-bucket-" + i;
        String arn = switch (t.getKey()) {
          case "s3" -> "arn:aws:s3:::" + bucket;
          case "kms" -> "arn:aws:kms:us-east-1:" + account + ":key/" + String.format("00000000-0000-4000-8000-%012d", i);
          case "sqs" -> "arn:aws:sqs:us-east-1:" + account + ":queue-" + i;
          default -> "arn:aws:sns:us-east-1:" + account + ":topic-" + i;
        };
        RESOURCES.add(new Resource(i, account, t.getValue(), arn, bucket, Files.readString(f)));
      }
    }
  }

  @Test
  void ndjson(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("corpus.ndjson");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int from = 0; from < RESOURCES.size(); from += 10) {
        List<Resource> account = RESOURCES.subList(from, Math.min(from + 10, RESOURCES.size()));
        try (JsonGenerator g = JsonTree.FACTORY.createGenerator(w).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
          g.writeStartObject();
          g.writeStringField("accountId", account.get(0).account());
          g.writeArrayFieldStart("resources");
          for (Resource r : account) {
            g.writeStartObject();
            g.writeStringField("arn", r.arn());
            g.writeStringField("type", r.type());
            if (r.index() % 2 == 0 && isJsonObject(r.policy())) {
              g.writeFieldName("policy"); // as an object, compacted onto the line
              try (JsonParser p = JsonTree.FACTORY.createParser(r.policy())) {
                p.nextToken();
                g.copyCurrentStructure(p);
              }
            } else {
              g.writeStringField("policyDocument", r.policy());
            }
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        }
        w.write('\n');
      }
    }
    check(Read.of(new NdjsonInput(file)));
  }

  @Test
  void awsConfigSnapshot(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("snapshot.json");
    try (JsonGenerator g = JsonTree.FACTORY.createGenerator(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      g.writeStartObject();
      g.writeStringField("fileVersion", "1.0");
      g.writeStringField("configSnapshotId", "corpus");
      g.writeArrayFieldStart("configurationItems");
      for (Resource r : RESOURCES) {
        g.writeStartObject();
        g.writeStringField("awsAccountId", r.account());
        g.writeStringField("configurationItemStatus", "OK");
        g.writeStringField("resourceType", r.type());
        g.writeStringField("ARN", r.arn());
        g.writeObjectFieldStart("configuration");
        if (r.type().equals("AWS::SQS::Queue") || r.type().equals("AWS::SNS::Topic")) {
          g.writeStringField("Policy", r.policy());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("supplementaryConfiguration");
        if (r.type().equals("AWS::S3::Bucket")) {
          g.writeObjectFieldStart("BucketPolicy");
          g.writeStringField("policyText", r.policy());
          g.writeEndObject();
        } else if (r.type().equals("AWS::KMS::Key")) {
          g.writeStringField("Policy", r.policy());
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    check(Read.of(new AwsConfigInput(file)));
  }

  @Test
  void directory(@TempDir Path dir) throws IOException {
    for (Resource r : RESOURCES) {
      String name = r.type().equals("AWS::S3::Bucket") ? r.bucket() : r.arn();
      Path f = dir.resolve(r.account()).resolve(name + ".json");
      Files.createDirectories(f.getParent());
      Files.writeString(f, r.policy());
    }
    check(Read.of(new DirectoryInput(dir)));
  }

  private static void check(Read read) throws IOException {
    assertEquals(List.of(), read.bad());
    assertEquals(RESOURCES.size(), read.records().size());
    Map<String, ResourceRecord> byArn = new LinkedHashMap<>();
    read.records().forEach(r -> byArn.put(r.arn(), r));
    assertEquals(RESOURCES.size(), byArn.size(), "ARNs are unique");
    for (Resource r : RESOURCES) {
      ResourceRecord got = byArn.get(r.arn());
      assertEquals(r.account(), got.accountId(), r.arn());
      assertEquals(r.type(), got.resourceType(), r.arn());
      if (isJsonObject(r.policy())) {
        assertEquals(JsonTree.parse(r.policy()), JsonTree.parse(got.policy()), r.arn());
      } else {
        assertEquals(r.policy(), got.policy(), r.arn());
      }
    }
  }

  private static boolean isJsonObject(String text) {
    try {
      return JsonTree.parse(text) instanceof Map;
    } catch (IOException e) {
      return false;
    }
  }
}
