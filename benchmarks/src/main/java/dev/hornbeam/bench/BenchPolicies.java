package dev.hornbeam.bench;

import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The policies the micro-benchmarks, {@code growth} and {@code breakdown} measure: S3 bucket policies of
 * a given number of statements.
 *
 * <ul>
 *   <li>{@code small}: one statement (anonymous read of a prefix: public) — the most common corpus shape.
 *   <li>{@code typical}: a real corpus S3 bucket policy, embedded (resources {@code policies/typical*.json},
 *       sources in {@code policies/SOURCES.tsv}, taken from {@code ../shared/corpus/MANIFEST.tsv}): three
 *       statements — deny outside one IP range, deny without MFA under a prefix, anonymous read — NOT_PUBLIC,
 *       because only callers from a fixed IP range get through. {@code typical-public}: three statements, an
 *       {@code aws:PrincipalArn} condition and an anonymous {@code NotAction} grant — PUBLIC. The corpus's S3
 *       policies have 1–3 statements (94% have 1 or 2), so three is typical-to-large there.
 *   <li>{@code large}: {@link #generated(int, boolean) generated}, not public, 100 statements (AWS's statement limit;
 *       about 27 KB, over S3's 20 KB policy quota, so parsed with {@link Limits#DEFAULT}).
 * </ul>
 *
 * <p>Generated policies are deterministic (no randomness: statement {@code i} depends only on {@code i}) and
 * built from the statements real bucket policies are made of: deny without TLS, cross-account read of a team
 * prefix, cross-account write that requires {@code bucket-owner-full-control}, log delivery by a service
 * principal pinned by {@code aws:SourceAccount}/{@code aws:SourceArn}, listing under a home prefix, deny
 * outside a VPC endpoint, organisation-wide read ({@code aws:PrincipalOrgID}), office IP ranges. None of
 * these grants a stranger anything; the public variant's last statement is an anonymous read of
 * {@code public/*}.
 */
public final class BenchPolicies {
  public static final String BUCKET = "arn:aws:s3:::hornbeam-bench-bucket";
  static final List<String> SIZES = List.of("small", "typical", "large");
  public static final int LARGE = 100;

  private BenchPolicies() {}

  /**
   * JSON text of {@code small} (PUBLIC), {@code typical} (NOT_PUBLIC), {@code typical-public} or {@code large} (the
   * not-public variant: Z3 does not decide the public 100-statement variant within a minute; see BENCHMARKS.md).
   */
  public static String json(String size) {
    return switch (size) {
      case "small" -> generated(1, true);
      case "typical" -> resource("typical.json");
      case "typical-public" -> resource("typical-public.json");
      case "large" -> generated(LARGE, false);
      default -> throw new IllegalArgumentException("unknown policy size " + size + " (small, typical, typical-public, large)");
    };
  }

  /** A request each policy allows (so the evaluator walks every statement and matches one). */
  public static Request request(String size) {
    return switch (size) {
      case "typical" -> new Request(new RequestPrincipal.Anonymous(), "s3:GetObject", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/photos/cat.jpg",
          Map.of("aws:SourceIp", ContextValue.single("54.240.143.7"), "aws:MultiFactorAuthAge", ContextValue.single("300"),
              "aws:SecureTransport", ContextValue.single("true")));
      case "typical-public" -> new Request(new RequestPrincipal.Anonymous(), "s3:GetObject", "arn:aws:s3:::any-bucket/reports/q3.pdf",
          Map.of("aws:SecureTransport", ContextValue.single("true")));
      case "large" -> new Request(new RequestPrincipal.Aws(account(8), "arn:aws:iam::" + account(8) + ":role/team-8-reader"),
          "s3:GetObject", BUCKET + "/teams/team-8/report.csv", Map.of("aws:SecureTransport", ContextValue.single("true")));
      default -> new Request(new RequestPrincipal.Anonymous(), "s3:GetObject", BUCKET + "/public/index.html",
          Map.of("aws:SecureTransport", ContextValue.single("true"), "aws:SourceIp", ContextValue.single("198.51.100.20")));
    };
  }

  /** Parses and validates with the {@code any} quota (256 KB, 100 statements); throws when invalid. */
  public static Policy parse(String json) {
    ParseResult r = PolicyParser.parse(json.getBytes(StandardCharsets.UTF_8), PolicyKind.RESOURCE, Limits.DEFAULT);
    if (!r.isValid()) {
      throw new IllegalArgumentException("invalid benchmark policy: " + r.errors());
    }
    return r.policy();
  }

  static String resource(String name) {
    try (InputStream in = BenchPolicies.class.getResourceAsStream("policies/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource policies/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A bucket policy of {@code statements} statements. Not public: every statement names its principal, or
   * restricts it by a restricting key (org id, source account), or denies. Public: the same with the last
   * statement replaced by an anonymous {@code s3:GetObject} on {@code public/*}.
   */
  public static String generated(int statements, boolean isPublic) {
    if (statements < 1) {
      throw new IllegalArgumentException("statements must be positive: " + statements);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < statements; i++) {
      if (isPublic && i == statements - 1) {
        out.add(statement("PublicRead", "Allow", "\"*\"", "\"s3:GetObject\"", q(BUCKET + "/public/*"), null));
      } else if (i == 0 && statements > 1) {
        out.add(statement("DenyInsecureTransport", "Deny", "\"*\"", "\"s3:*\"", "[" + q(BUCKET) + "," + q(BUCKET + "/*") + "]",
            "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}"));
      } else {
        out.add(template(i));
      }
    }
    return "{\n  \"Version\": \"2012-10-17\",\n  \"Id\": \"hornbeam-bench-" + statements + (isPublic ? "-public" : "-private")
        + "\",\n  \"Statement\": [\n" + String.join(",\n", out) + "\n  ]\n}\n";
  }

  /** A 12-digit account id that depends only on {@code i}. */
  static String account(int i) {
    return Long.toString(210_000_000_000L + (i * 7_919L) % 89_999_999_999L);
  }

  private static String template(int i) {
    String acct = account(i);
    String team = "team-" + i;
    return switch (i % 8) {
      case 0 -> statement("TeamRead" + i, "Allow", aws("arn:aws:iam::" + acct + ":role/" + team + "-reader"),
          "[\"s3:GetObject\",\"s3:GetObjectVersion\"]", q(BUCKET + "/teams/" + team + "/*"), null);
      case 1 -> statement("PartnerUpload" + i, "Allow", aws("arn:aws:iam::" + acct + ":root"), "\"s3:PutObject\"",
          q(BUCKET + "/uploads/" + acct + "/*"), "{\"StringEquals\":{\"s3:x-amz-acl\":\"bucket-owner-full-control\"}}");
      case 2 -> statement("LogDelivery" + i, "Allow", "{\"Service\":\"logging.s3.amazonaws.com\"}", "\"s3:PutObject\"",
          q(BUCKET + "/logs/" + i + "/*"), "{\"StringEquals\":{\"aws:SourceAccount\":\"" + acct + "\"},"
              + "\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:s3:::source-bucket-" + i + "\"}}");
      case 3 -> statement("HomeListing" + i, "Allow", aws("arn:aws:iam::" + acct + ":user/user-" + i), "\"s3:ListBucket\"",
          q(BUCKET), "{\"StringLike\":{\"s3:prefix\":[\"home/user-" + i + "/*\",\"home/user-" + i + "\"]}}");
      case 4 -> statement("DenyOutsideVpce" + i, "Deny", "\"*\"", "[\"s3:GetObject\",\"s3:PutObject\"]",
          q(BUCKET + "/restricted/" + i + "/*"), "{\"StringNotEquals\":{\"aws:SourceVpce\":\"vpce-" + String.format("%017x", 0x1f2e3d4cL * (i + 1)) + "\"}}");
      case 5 -> statement("OrgRead" + i, "Allow", "\"*\"", "[\"s3:GetObject\",\"s3:GetObjectTagging\"]",
          q(BUCKET + "/shared/" + i + "/*"), "{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-" + String.format("%010x", 0x5a17c3L * (i + 3)) + "\"}}");
      case 6 -> statement("OfficeRead" + i, "Allow", aws("arn:aws:iam::" + acct + ":role/office-" + i), "[\"s3:GetObject\",\"s3:ListBucket\"]",
          "[" + q(BUCKET) + "," + q(BUCKET + "/office/" + i + "/*") + "]",
          "{\"IpAddress\":{\"aws:SourceIp\":[\"203.0." + (i % 256) + ".0/24\",\"198.51.100." + (i % 256) + "/32\"]}}");
      default -> statement("CrossAccountAdmin" + i, "Allow", aws("arn:aws:iam::" + acct + ":role/admin"),
          "[\"s3:GetBucketPolicy\",\"s3:PutBucketPolicy\",\"s3:GetBucketAcl\",\"s3:PutLifecycleConfiguration\"]", q(BUCKET),
          "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}");
    };
  }

  private static String aws(String arn) {
    return "{\"AWS\":" + q(arn) + "}";
  }

  private static String q(String s) {
    return "\"" + s + "\"";
  }

  private static String statement(String sid, String effect, String principal, String action, String resource, String condition) {
    return "    {\"Sid\":\"" + sid + "\",\"Effect\":\"" + effect + "\",\"Principal\":" + principal + ",\"Action\":" + action
        + ",\"Resource\":" + resource + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
  }
}
