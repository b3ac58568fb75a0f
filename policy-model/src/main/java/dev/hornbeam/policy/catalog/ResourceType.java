package dev.hornbeam.policy.catalog;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A resource type of an AWS service, such as S3's {@code object}, with its ARN format(s): most types
 * have one, a few (API Gateway, Lex) several.
 */
public final class ResourceType {
  private final String service;
  private final String name;
  private final List<ArnTemplate> templates;
  private final List<String> conditionKeys;

  ResourceType(String service, String name, List<String> arnTemplates, List<String> conditionKeys) {
    this.service = Objects.requireNonNull(service, "service");
    this.name = Objects.requireNonNull(name, "name");
    if (arnTemplates.isEmpty()) {
      throw new IllegalArgumentException(service + " " + name + ": no ARN format");
    }
    this.templates = arnTemplates.stream().map(ArnTemplate::new).toList();
    this.conditionKeys = List.copyOf(conditionKeys);
  }

  /** The service prefix, e.g. {@code s3}. */
  public String service() {
    return service;
  }

  /** The type's name as the Service Authorization Reference gives it, e.g. {@code object}. */
  public String name() {
    return name;
  }

  /** The first ARN format, e.g. {@code arn:${Partition}:s3:::${BucketName}/${ObjectName}}. */
  public String arnTemplate() {
    return templates.get(0).text();
  }

  /** Every ARN format of the type. */
  public List<String> arnTemplates() {
    return templates.stream().map(ArnTemplate::text).toList();
  }

  /**
   * The service field of the type's ARNs, lower case, when every format fixes it: {@code s3} for S3
   * objects, {@code iam} for STS's {@code role}; empty when a format leaves it to a variable.
   */
  public Optional<String> arnService() {
    String first = templates.get(0).serviceField();
    for (ArnTemplate t : templates) {
      if (t.serviceField() == null || !t.serviceField().equals(first)) {
        return Optional.empty();
      }
    }
    return Optional.of(first);
  }

  /** The condition keys of resources of this type (e.g. {@code aws:ResourceTag/${TagKey}}). */
  public List<String> conditionKeys() {
    return conditionKeys;
  }

  /**
   * Whether a concrete ARN has one of the type's formats, case-sensitively (see {@link ArnTemplate}
   * for what each variable may stand for): {@code arn:aws:s3:::b/k} is an S3 object, {@code
   * arn:aws:s3:::b} is not.
   */
  public boolean matches(String arn) {
    for (ArnTemplate t : templates) {
      if (t.matches(arn)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether some ARN that the policy pattern names has one of the type's formats. Generous where it
   * cannot be sure: a wildcard may cross {@code ':'}, a policy variable stands for anything, and the
   * formats' fixed text is compared ignoring case.
   */
  public boolean overlaps(ArnPattern pattern) {
    for (ArnTemplate t : templates) {
      if (t.overlaps(pattern)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A cheap test that implies {@link #overlaps(ArnPattern)}: the pattern with its wildcards and
   * variables filled in (as "x", then as "") is an ARN of this type. {@code false} settles nothing.
   */
  public boolean surelyOverlaps(ArnPattern pattern) {
    for (ArnTemplate at : templates) {
      if (at.matches(pattern.letterWitness()) || at.matches(pattern.emptyWitness())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether some ARN that the pattern names has the format of one of these types: {@link
   * #overlaps(ArnPattern)} for each, after a cheaper test on all of them (two ARNs the pattern surely
   * names), so that the usual answer, yes, costs a few regular-expression matches.
   */
  public static boolean anyOverlaps(Iterable<ResourceType> types, ArnPattern pattern) {
    for (ResourceType t : types) {
      for (ArnTemplate at : t.templates) {
        if (at.matches(pattern.letterWitness())) {
          return true;
        }
      }
    }
    for (ResourceType t : types) {
      for (ArnTemplate at : t.templates) {
        if (at.matches(pattern.emptyWitness())) {
          return true;
        }
      }
    }
    for (ResourceType t : types) {
      if (t.overlaps(pattern)) {
        return true;
      }
    }
    return false;
  }

  public boolean overlaps(String pattern) {
    return overlaps(ArnPattern.of(pattern));
  }

  /**
   * An ARN of this type: the first format with every variable replaced by a sample ({@code aws},
   * {@code us-east-1}, {@code 123456789012}, {@code example-…}), e.g. {@code
   * arn:aws:s3:::example-bucket/example-object}.
   */
  public String example() {
    return example(Map.of());
  }

  /**
   * An ARN of this type with the given variable values (names as in the format, ignoring case, e.g.
   * {@code Map.of("BucketName", "b", "ObjectName", "example-key")} gives {@code
   * arn:aws:s3:::b/example-key}) and samples for the others. The caller answers for the values: one
   * containing {@code ':'} can make an ARN that {@link #matches} refuses.
   */
  public String example(Map<String, String> values) {
    return templates.get(0).example(values);
  }

  /** The names of the first format's variables, in order (e.g. {@code Partition, BucketName, ObjectName}). */
  public List<String> variables() {
    return templates.get(0).parts().stream()
        .filter(p -> p instanceof ArnTemplate.Variable)
        .map(p -> ((ArnTemplate.Variable) p).name())
        .toList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceType r && r.service.equals(service) && r.name.equals(name);
  }

  @Override
  public int hashCode() {
    return service.hashCode() * 31 + name.hashCode();
  }

  /** {@code s3/object}. */
  @Override
  public String toString() {
    return service + "/" + name;
  }
}
