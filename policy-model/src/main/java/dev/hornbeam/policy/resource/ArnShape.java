package dev.hornbeam.policy.resource;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shape of a resource type's ARN, {@code arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE} (IAM User Guide,
 * "IAM identifiers", ARNs), as the Service Authorization Reference's resource-type table gives it (the
 * catalogue's ARN templates, {@code dev.hornbeam.policy.catalog}).
 *
 * @param service the ARN's service field (not always the actions' prefix: a role is {@code iam}, its
 *     trust policy's actions {@code sts})
 * @param region whether the ARN holds a region (an S3 bucket's and an IAM role's do not)
 * @param account whether the ARN holds a 12-digit account (an S3 bucket's does not)
 * @param resource the resource field's pattern
 * @param resourceText the resource field in words, with an example ARN
 * @param children the text after the resource's ARN that starts the ARNs of its sub-resources a request may
 *     name under its policy (an S3 bucket's objects: {@code /}), or empty
 */
public record ArnShape(String service, boolean region, boolean account, Pattern resource, String resourceText,
    Optional<String> children) {

  static ArnShape regional(String service, String resource, String resourceText) {
    return new ArnShape(service, true, true, Pattern.compile(resource), resourceText, Optional.empty());
  }

  ArnShape withChildren(String separator) {
    return new ArnShape(service, region, account, resource, resourceText, Optional.of(separator));
  }
}
