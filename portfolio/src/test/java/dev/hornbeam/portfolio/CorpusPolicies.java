package dev.hornbeam.portfolio;

import dev.hornbeam.policy.Corpus;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.resource.ResourceType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The valid S3 / KMS / SQS / SNS policies of ../shared/corpus (empty when the corpus is absent). */
record CorpusPolicies(String name, Policy policy, ResourceType type) {
  static List<CorpusPolicies> load() throws IOException {
    List<CorpusPolicies> out = new ArrayList<>();
    for (Corpus.Entry e : Corpus.entries()) {
      var type = ResourceType.fromName(e.folder());
      if (type.isEmpty()) {
        continue;
      }
      ParseResult r = PolicyParser.parse(e.bytes(), e.kind(), e.limits());
      if (r.isValid()) {
        out.add(new CorpusPolicies(e.name(), r.policy(), type.get()));
      }
    }
    return out;
  }
}
