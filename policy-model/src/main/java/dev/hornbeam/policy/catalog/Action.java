package dev.hornbeam.policy.catalog;

import java.util.List;
import java.util.Objects;

/**
 * An action of an AWS service.
 *
 * @param service the service prefix, e.g. {@code s3}
 * @param name the action's name in AWS's spelling, e.g. {@code GetObject}
 * @param resourceTypes the resource types it accepts; empty when it supports no resource-level
 *     permissions (its statements must name {@code "Resource": "*"})
 * @param conditionKeys the condition keys that apply to the action whatever the resource
 */
public record Action(
    String service, String name, AccessLevel accessLevel, List<ActionResource> resourceTypes, List<String> conditionKeys) {
  public Action {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(accessLevel, "accessLevel");
    resourceTypes = List.copyOf(resourceTypes);
    conditionKeys = List.copyOf(conditionKeys);
  }

  /** {@code s3:GetObject}: how a policy names the action. */
  public String fullName() {
    return service + ":" + name;
  }

  /** Whether the action accepts a resource of this type. */
  public boolean accepts(ResourceType type) {
    for (ActionResource r : resourceTypes) {
      if (r.resourceType().equals(type)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return fullName();
  }
}
