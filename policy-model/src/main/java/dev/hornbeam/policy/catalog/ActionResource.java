package dev.hornbeam.policy.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A resource type an action accepts.
 *
 * @param required whether the action always acts on a resource of this type (marked {@code *} in the
 *     Service Authorization Reference)
 * @param conditionKeys the condition keys that apply to the action on this type (patterns such as
 *     {@code aws:ResourceTag/${TagKey}} as AWS writes them)
 */
public record ActionResource(ResourceType resourceType, boolean required, List<String> conditionKeys) {
  public ActionResource {
    Objects.requireNonNull(resourceType, "resourceType");
    conditionKeys = List.copyOf(conditionKeys);
  }
}
