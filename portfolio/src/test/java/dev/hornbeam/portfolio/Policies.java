package dev.hornbeam.portfolio;

import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;

/** Small policies for the tests. */
final class Policies {
  private Policies() {}

  static Policy parse(String json) {
    ParseResult r = PolicyParser.parse(json, PolicyKind.RESOURCE, Limits.DEFAULT);
    if (!r.isValid()) {
      throw new IllegalArgumentException("invalid test policy: " + r.problems());
    }
    return r.policy();
  }

  static Policy of(String... statements) {
    return parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}");
  }

  static String st(String effect, String principal, String action, String resource, String condition) {
    return "{\"Effect\":\"" + effect + "\",\"Principal\":" + principal + ",\"Action\":\"" + action
        + "\",\"Resource\":\"" + resource + "\"" + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
  }

  /** Anyone may read the objects of bucket b. */
  static final Policy PUBLIC_READ = of(st("Allow", "\"*\"", "s3:GetObject", "arn:aws:s3:::b/*", null));

  /** Only account 111122223333 may read. */
  static final Policy ACCOUNT_ONLY = of(st("Allow", "{\"AWS\":\"arn:aws:iam::111122223333:root\"}", "s3:GetObject", "arn:aws:s3:::b/*", null));

  /** Anyone, but only through one VPC endpoint. */
  static final Policy VPCE_ONLY = of(st("Allow", "\"*\"", "s3:GetObject", "arn:aws:s3:::b/*",
      "{\"StringEquals\":{\"aws:SourceVpce\":\"vpce-1a2b3c4d\"}}"));
}
