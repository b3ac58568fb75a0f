package dev.hornbeam.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generated hard-but-realistic resource policies (the stress corpus): many overlapping wildcards in
 * Action and Resource, long NotAction lists, many condition keys (IP, ARN, String, Numeric, Date, Bool,
 * set operators), up to 100 statements, Deny statements with conditions. Written as JSON text so that the
 * parser sees them as any policy file. Policy {@code i} of seed {@code s} depends on (s, i) only.
 */
final class StressPolicies {
  /** Corpus folder (resource type) of each policy, in turn. */
  static final List<String> FOLDERS = List.of("s3", "kms", "sqs", "sns");
  static final List<String> ACCOUNTS = List.of("111122223333", "444455556666", "777788889999");

  private StressPolicies() {}

  /** Policy {@code i}: its corpus folder and JSON text. */
  record Generated(String folder, String json, int statements) {}

  static Generated generate(long seed, int i) {
    // Nearby java.util.Random seeds give correlated first draws: mix (seed, i) first.
    Random r = new Random(new java.util.SplittableRandom(seed * 1_000_003L + i).nextLong());
    // A third of the policies are "closed": every public Allow is guarded by a restricting condition and a
    // Deny outside the organisation comes first (usually NOT_PUBLIC); the rest are open (usually PUBLIC).
    boolean closed = r.nextInt(3) == 0;
    String folder = FOLDERS.get(i % FOLDERS.size());
    // Every fifth policy has the full 100 statements; the rest 1–100, skewed to the small end.
    int n = i % 5 == 4 ? 100 : 1 + (int) Math.floor(100 * Math.pow(r.nextDouble(), 2));
    StringBuilder b = new StringBuilder("{\"Version\":\"2012-10-17\",\"Id\":\"stress-").append(seed).append('-').append(i)
        .append("\",\"Statement\":[");
    for (int k = 0; k < n; k++) {
      String st = closed && k == 0 ? orgDeny(folder) : statement(r, folder, k, closed);
      b.append(k == 0 ? "\n " : ",\n ").append(st);
    }
    return new Generated(folder, b.append("]}\n").toString(), n);
  }

  /** The usual guard of a closed policy: deny every caller outside the organisation. */
  private static String orgDeny(String folder) {
    return "{\"Sid\":\"DenyOutsideOrg\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"" + folder
        + ":*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}}";
  }

  private static String statement(Random r, String folder, int k, boolean closed) {
    boolean deny = r.nextInt(4) == 0;
    StringBuilder b = new StringBuilder("{\"Sid\":\"S").append(k).append("\",\"Effect\":\"").append(deny ? "Deny" : "Allow").append("\",");
    String principal = principal(r);
    b.append("\"Principal\":").append(principal).append(',');
    if (r.nextInt(5) == 0) {
      b.append("\"NotAction\":").append(array(notActions(r, folder)));
    } else {
      b.append("\"Action\":").append(array(actions(r, folder)));
    }
    b.append(r.nextInt(10) == 0 ? ",\"NotResource\":" : ",\"Resource\":").append(array(resources(r, folder)));
    // Deny statements nearly always carry conditions (the usual "deny unless from our network" shape).
    int conditions = deny ? 1 + r.nextInt(4) : r.nextInt(3) == 0 ? 0 : r.nextInt(6);
    boolean guard = closed && !deny && principal.contains("\"*\"");
    if (conditions > 0 || guard) {
      b.append(",\"Condition\":").append(conditions(r, folder, conditions, deny, guard));
    }
    return b.append('}').toString();
  }

  private static String principal(Random r) {
    return switch (r.nextInt(6)) {
      case 0, 1 -> "\"*\"";
      case 2 -> "{\"AWS\":\"*\"}";
      case 3 -> "{\"AWS\":[\"arn:aws:iam::" + pick(r, ACCOUNTS) + ":root\",\"arn:aws:iam::" + pick(r, ACCOUNTS)
          + ":role/app-" + r.nextInt(5) + "\"]}";
      case 4 -> "{\"AWS\":\"" + pick(r, ACCOUNTS) + "\"}";
      default -> "{\"Service\":\"" + pick(r, List.of("cloudtrail.amazonaws.com", "logs.amazonaws.com", "sns.amazonaws.com")) + "\"}";
    };
  }

  static final List<String> S3_ACTIONS = List.of("GetObject", "GetObjectAcl", "GetObjectVersion", "GetObjectTagging", "PutObject",
      "PutObjectAcl", "PutObjectTagging", "DeleteObject", "DeleteObjectVersion", "ListBucket", "ListBucketVersions",
      "GetBucketPolicy", "PutBucketPolicy", "GetBucketAcl", "PutBucketAcl", "GetBucketLocation", "ListMultipartUploadParts",
      "AbortMultipartUpload", "RestoreObject", "GetLifecycleConfiguration", "PutLifecycleConfiguration", "GetEncryptionConfiguration",
      "PutEncryptionConfiguration", "ReplicateObject", "ReplicateDelete", "GetReplicationConfiguration", "BypassGovernanceRetention");
  static final List<String> KMS_ACTIONS = List.of("Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo", "GenerateDataKey",
      "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair", "DescribeKey", "CreateGrant", "ListGrants", "RevokeGrant",
      "RetireGrant", "GetKeyPolicy", "PutKeyPolicy", "ScheduleKeyDeletion", "CancelKeyDeletion", "EnableKey", "DisableKey",
      "Sign", "Verify", "GetPublicKey", "TagResource", "UntagResource", "EnableKeyRotation", "DisableKeyRotation");
  static final List<String> SQS_ACTIONS = List.of("SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility",
      "GetQueueAttributes", "SetQueueAttributes", "GetQueueUrl", "PurgeQueue", "ListQueueTags", "TagQueue", "UntagQueue",
      "ListDeadLetterSourceQueues", "AddPermission", "RemovePermission", "DeleteQueue");
  static final List<String> SNS_ACTIONS = List.of("Publish", "Subscribe", "Unsubscribe", "ConfirmSubscription", "GetTopicAttributes",
      "SetTopicAttributes", "ListSubscriptionsByTopic", "AddPermission", "RemovePermission", "DeleteTopic", "TagResource",
      "UntagResource", "ListTagsForResource", "Receive");

  static List<String> vocabulary(String folder) {
    return switch (folder) {
      case "s3" -> S3_ACTIONS;
      case "kms" -> KMS_ACTIONS;
      case "sqs" -> SQS_ACTIONS;
      default -> SNS_ACTIONS;
    };
  }

  /** 1–8 overlapping patterns: exact names, prefixes, infixes, '?' and the odd other-service action. */
  private static List<String> actions(Random r, String folder) {
    List<String> names = vocabulary(folder);
    Set<String> out = new LinkedHashSet<>();
    int n = 1 + r.nextInt(8);
    while (out.size() < n) {
      String a = pick(r, names);
      String p = switch (r.nextInt(8)) {
        case 0 -> folder + ":" + a.substring(0, 1 + r.nextInt(Math.min(4, a.length()))) + "*";
        case 1 -> folder + ":*" + a.substring(a.length() / 2);
        case 2 -> folder + ":*" + a.substring(1, Math.min(a.length(), 4)) + "*";
        case 3 -> folder + ":" + a.substring(0, a.length() - 1) + "?";
        case 4 -> r.nextInt(10) == 0 ? folder + ":*" : folder + ":" + a;
        case 5 -> pick(r, List.of("s3", "kms", "sqs", "sns")) + ":" + a; // another service's spelling (pruned or not)
        default -> folder + ":" + a;
      };
      out.add(p);
    }
    return new ArrayList<>(out);
  }

  /** 10–25 names, some with wildcards. */
  private static List<String> notActions(Random r, String folder) {
    List<String> names = vocabulary(folder);
    Set<String> out = new LinkedHashSet<>();
    int n = Math.min(names.size(), 10 + r.nextInt(16));
    while (out.size() < n) {
      String a = pick(r, names);
      out.add(r.nextInt(6) == 0 ? folder + ":" + a.substring(0, Math.min(a.length(), 3)) + "*" : folder + ":" + a);
    }
    return new ArrayList<>(out);
  }

  private static List<String> resources(Random r, String folder) {
    List<String> out = new ArrayList<>();
    int n = 1 + r.nextInt(5);
    for (int j = 0; j < n; j++) {
      String acct = pick(r, ACCOUNTS);
      out.add(switch (folder) {
        case "s3" -> pick(r, List.of("arn:aws:s3:::data-" + r.nextInt(5), "arn:aws:s3:::data-" + r.nextInt(5) + "/*",
            "arn:aws:s3:::data-*/logs/*", "arn:aws:s3:::*-" + r.nextInt(5) + "/20??/*", "arn:aws:s3:::data-?/home/*/private/*",
            "arn:aws:s3:::*/public/*", "arn:aws:s3:::data-" + r.nextInt(5) + "/*/*.csv", "*"));
        case "kms" -> pick(r, List.of("*", "arn:aws:kms:us-east-1:" + acct + ":key/*", "arn:aws:kms:*:" + acct + ":key/1234*",
            "arn:aws:kms:us-*-?:" + acct + ":alias/app-*"));
        case "sqs" -> pick(r, List.of("*", "arn:aws:sqs:us-east-1:" + acct + ":queue-" + r.nextInt(5), "arn:aws:sqs:*:" + acct + ":queue-*",
            "arn:aws:sqs:us-*:" + acct + ":*-dlq"));
        default -> pick(r, List.of("*", "arn:aws:sns:us-east-1:" + acct + ":topic-" + r.nextInt(5), "arn:aws:sns:*:" + acct + ":topic-*",
            "arn:aws:sns:eu-*-?:" + acct + ":*alerts*"));
      });
    }
    return out.stream().distinct().toList();
  }

  /** {@code count} condition entries, grouped by operator (a JSON object cannot repeat an operator). */
  private static String conditions(Random r, String folder, int count, boolean deny, boolean guard) {
    java.util.Map<String, java.util.Map<String, List<String>>> byOp = new java.util.TreeMap<>();
    if (guard) { // a fixed value of a restricting key: the statement is not public (PublicAccess)
      String[] g = pick(r, List.of(new String[] {"StringEquals", "aws:SourceVpce", "vpce-1a2b3c4d"},
          new String[] {"StringEquals", "aws:SourceAccount", pick(r, ACCOUNTS)}, new String[] {"IpAddress", "aws:SourceIp", "203.0.113.0/24"},
          new String[] {"ArnEquals", "aws:PrincipalArn", "arn:aws:iam::" + pick(r, ACCOUNTS) + ":role/app-1"}));
      byOp.computeIfAbsent(g[0], k -> new java.util.TreeMap<>()).put(g[1], List.of(g[2]));
    }
    for (int j = 0; j < count; j++) {
      String[] c = condition(r, folder, deny);
      byOp.computeIfAbsent(c[0], k -> new java.util.TreeMap<>()).putIfAbsent(c[1], List.of(c).subList(2, c.length));
    }
    StringBuilder b = new StringBuilder("{");
    byOp.forEach((op, keys) -> {
      b.append(b.length() > 1 ? "," : "").append('"').append(op).append("\":{");
      int[] m = {0};
      keys.forEach((key, values) -> b.append(m[0]++ > 0 ? "," : "").append('"').append(key).append("\":").append(array(values)));
      b.append('}');
    });
    return b.append('}').toString();
  }

  /** Operator, key, values. Deny statements get the negated forms that protect a resource. */
  private static String[] condition(Random r, String folder, boolean deny) {
    String acct = pick(r, ACCOUNTS);
    int octet = r.nextInt(250);
    return switch (r.nextInt(13)) {
      case 0 -> new String[] {deny ? "NotIpAddress" : "IpAddress", "aws:SourceIp", "10." + octet + ".0.0/16", "192.0.2." + (octet & 0xf0) + "/28", "2001:db8::/32"};
      case 1 -> new String[] {deny ? "StringNotEquals" : "StringEquals", "aws:SourceVpce", "vpce-" + Integer.toHexString(0x1000 + octet), "vpce-0abc" + r.nextInt(9)};
      case 2 -> new String[] {deny ? "StringNotEquals" : "StringEquals", "aws:PrincipalOrgID", "o-" + Integer.toString(36 * 36 * 36 + octet * 97, 36)};
      case 3 -> new String[] {deny ? "ArnNotLike" : "ArnLike", "aws:SourceArn", "arn:aws:cloudtrail:*:" + acct + ":trail/*", "arn:aws:s3:::data-" + r.nextInt(5)};
      case 4 -> new String[] {deny ? "ArnNotEquals" : "ArnEquals", "aws:PrincipalArn", "arn:aws:iam::" + acct + ":role/app-" + r.nextInt(5)};
      case 5 -> new String[] {deny ? "StringNotEquals" : "StringEquals", "aws:SourceAccount", acct};
      case 6 -> new String[] {deny ? "NumericGreaterThan" : "NumericLessThanEquals", folder.equals("s3") ? "s3:max-keys" : "aws:MultiFactorAuthAge", Integer.toString(10 + r.nextInt(3600))};
      case 7 -> new String[] {deny ? "DateLessThan" : "DateGreaterThan", "aws:CurrentTime", "202" + r.nextInt(7) + "-0" + (1 + r.nextInt(9)) + "-15T00:00:00Z"};
      case 8 -> new String[] {"Bool", "aws:SecureTransport", deny ? "false" : "true"};
      case 9 -> new String[] {deny ? "StringNotLike" : "StringLike", "aws:PrincipalTag/team", "team-*", "ops?", "*-admin"};
      case 10 -> new String[] {deny ? "ForAnyValue:StringNotLike" : "ForAllValues:StringLike", "aws:TagKeys", "env", "team-*", "cost?center"};
      case 11 -> new String[] {"StringLike", "aws:userid", "AROA*:" + pick(r, List.of("alice", "bob", "*")), "AIDA?" + octet + "*"};
      default -> new String[] {deny ? "StringNotEqualsIgnoreCase" : "StringEqualsIgnoreCase", "aws:RequestedRegion", "us-east-1", "eu-west-" + (1 + r.nextInt(3))};
    };
  }

  private static String array(List<String> values) {
    StringBuilder b = new StringBuilder("[");
    for (int j = 0; j < values.size(); j++) {
      b.append(j == 0 ? "" : ",").append('"').append(values.get(j)).append('"');
    }
    return b.append(']').toString();
  }

  private static <T> T pick(Random r, List<T> xs) {
    return xs.get(r.nextInt(xs.size()));
  }
}
