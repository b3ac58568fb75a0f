package dev.hornbeam.audit.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.hornbeam.audit.BadRecord;
import dev.hornbeam.audit.ResourceRecord;
import dev.hornbeam.json.StrictUtf8;
import dev.hornbeam.policy.parse.PercentDecoding;
import dev.hornbeam.policy.resource.PolicyLocation;
import dev.hornbeam.policy.resource.PolicyLocation.Encoding;
import dev.hornbeam.policy.resource.PolicyLocation.NoPolicy;
import dev.hornbeam.policy.resource.ResourceType;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * AWS Config configuration items, in the shapes AWS Config exports them:
 *
 * <ul>
 *   <li>a configuration snapshot file delivered to S3
 *       ({@code {"fileVersion": ..., "configSnapshotId": ..., "configurationItems": [...]}}), whose items
 *       carry {@code awsAccountId}, {@code ARN}, and {@code configuration} / {@code supplementaryConfiguration}
 *       as objects;
 *   <li>{@code aws configservice get-resource-config-history} ({@code {"configurationItems": [...]}}) and
 *       {@code batch-get-resource-config} ({@code {"baseConfigurationItems": [...], "unprocessedResourceKeys":
 *       [...]}}), whose items carry {@code accountId}, {@code arn}, {@code configuration} as a JSON string and
 *       each {@code supplementaryConfiguration} value as a JSON string;
 *   <li>{@code select-resource-config} ({@code {"Results": ["{...}", ...], "QueryInfo": ...}}), each result a
 *       JSON string holding one item (select {@code *} or the fields below).
 * </ul>
 *
 * Where AWS Config records each resource policy is the registry's ({@link ResourceType#configLocation}: the AWS
 * Config type, the members to the policy, which values mean "no policy" and the policy's {@link Encoding}); this
 * class has nothing of its own for any type (docs/audit-inputs.md lists them with their sources). A record carries
 * the registry's name of the type (an {@code AWS::IAM::Role} item gives its trust policy's type). Each member on
 * the way may be given as a JSON string holding an object.
 *
 * <p>Fail closed: an item without its policy member, or with {@code null} or {@code {}} there, is a resource
 * without a policy only where the registry says AWS Config writes that for "no policy"; otherwise it is a
 * {@link BadRecord} ("the item has no policy field", "is null: not a policy"): AWS Config did not say whether there
 * is a policy, and reporting it as policy-less would be a guess. A policy that is not in its encoding (an object
 * where JSON text is due, URL-encoded text that does not decode, an object with a member twice) is a
 * {@link BadRecord} naming the item's type, the member and the rule. Items of types whose policy AWS Config does
 * not record (or the registry does not know), and items whose {@code configurationItemStatus} is
 * {@code ResourceDeleted} / {@code ResourceDeletedNotRecorded}, are skipped silently (they are not resources to
 * audit), so counts cover the types with a configuration location only. What only looks like another type is a
 * {@link BadRecord}: an item without a {@code resourceType} string, or with one of the registry's types spelt
 * otherwise (case, spaces, the registry's own name); so is an item with a member on the way to its policy spelt
 * otherwise ({@code "policy"} beside or instead of {@code "Policy"}), and a top-level member that spells an item
 * array otherwise.
 *
 * <p>Key {@code <file name>#<item index>} (index across the file's item arrays, from 0); source
 * {@code <file name>:<line>} of the item's first token (never the server's absolute path). An item longer
 * than the record limit is a {@link BadRecord} and is read past without being held in memory. The file is read as a stream of items, one item in
 * memory at a time. A JSON syntax error ends the file with one {@link BadRecord} at its line (items before
 * it have been read). A file that is not strict UTF-8 ({@link StrictUtf8}: UTF-16 or UTF-32 with or without
 * a byte order mark, invalid UTF-8) is one {@link BadRecord} naming its line, byte offset and rule, and none
 * of its items are read; a text member (account, ARN, policy) holding an unpaired surrogate
 * ({@code "\ud800"}) makes its item a {@link BadRecord}.
 */
public final class AwsConfigInput implements AuditInput {
  /** Top-level members whose value is an array of items. */
  static final Set<String> ITEM_ARRAYS = Set.of("configurationItems", "baseConfigurationItems", "Results");
  /** Top-level members that mark a file as AWS Config output (for auto-detection). */
  static final Set<String> MARKERS = Set.of("configurationItems", "baseConfigurationItems", "Results", "configSnapshotId",
      "fileVersion");

  private static final Set<String> DELETED = Set.of("ResourceDeleted", "ResourceDeletedNotRecorded");

  private final Path file;
  private final long maxItemBytes;

  public AwsConfigInput(Path file) {
    this(file, Inputs.DEFAULT_MAX_RECORD_BYTES);
  }

  /** {@code maxItemBytes}: an item longer than this is a {@link BadRecord}, read past without being held. */
  public AwsConfigInput(Path file, long maxItemBytes) {
    this.file = file;
    this.maxItemBytes = maxItemBytes;
  }

  @Override
  public String describe() {
    return file + " (AWS Config)";
  }

  @Override
  public void read(Consumer<ResourceRecord> resources, Consumer<BadRecord> bad) throws IOException {
    String name = file.getFileName().toString();
    // The whole file is strict UTF-8 (RFC 8259 section 8.1) or none of it is read: checked in a first pass,
    // so that a parser never guesses UTF-16 or UTF-32 and no item is read from a file that turns out not to
    // be text. The parse reads through the same check (the file may change in between).
    Optional<StrictUtf8.NotUtf8> encoding = encodingProblem(file);
    if (encoding.isPresent()) {
      bad.accept(notUtf8(name, encoding.get()));
      return;
    }
    try (InputStream in = StrictUtf8.checking(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        JsonParser p = JsonTree.FACTORY.createParser(in)) {
      int line = 1;
      try {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          bad.accept(new BadRecord(name, "not a JSON object: not AWS Config output"));
          return;
        }
        int index = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String member = p.currentName();
          JsonToken t = p.nextToken();
          if (!ITEM_ARRAYS.contains(member)) {
            Optional<String> meant = JsonTree.spelling(ITEM_ARRAYS, member);
            if (meant.isPresent()) {
              // Read as another member, a snapshot's items would be skipped, and the file audited as empty.
              bad.accept(new BadRecord(name + ":" + p.currentTokenLocation().getLineNr(), "\"" + member
                  + "\" is not AWS Config's spelling, \"" + meant.get() + "\": its items are not read"));
            }
            p.skipChildren();
            continue;
          }
          if (t != JsonToken.START_ARRAY) {
            bad.accept(new BadRecord(name + ":" + p.currentTokenLocation().getLineNr(), "\"" + member + "\" is not an array"));
            p.skipChildren();
            continue;
          }
          int depth = p.getParsingContext().getNestingDepth();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            line = p.currentTokenLocation().getLineNr();
            String source = name + ":" + line;
            long start = p.currentTokenLocation().getByteOffset();
            Object item;
            try {
              item = JsonTree.read(p, start + maxItemBytes, maxItemBytes);
            } catch (JsonTree.TooLarge | JsonTree.Duplicate e) {
              bad.accept(new BadRecord(source, e instanceof JsonTree.TooLarge ? "the item is " + e.getMessage() : "the item is not read: "
                  + e.getMessage()));
              while (p.getParsingContext().getNestingDepth() > depth && p.nextToken() != null) {
                // read past the rest of the item without keeping it
              }
              index++;
              continue;
            }
            item(item, name + "#" + index, source, resources, bad);
            index++;
          }
        }
      } catch (JsonProcessingException e) {
        int at = e.getLocation() == null ? line : e.getLocation().getLineNr();
        bad.accept(new BadRecord(name + ":" + at, "not valid JSON, the rest of the file is skipped: " + e.getOriginalMessage()));
      } catch (StrictUtf8.NotUtf8 e) {
        bad.accept(new BadRecord(name + ":" + e.line(), "changed while read and is no longer UTF-8, the rest of the file is skipped: line "
            + e.line() + ", " + e.violation().describe()));
      }
    }
  }

  /** Why {@code file} is not strict UTF-8 JSON text ({@link StrictUtf8}), read once to its end; empty when it is. */
  static Optional<StrictUtf8.NotUtf8> encodingProblem(Path file) throws IOException {
    try (InputStream in = StrictUtf8.checking(Files.newInputStream(file))) {
      byte[] buffer = new byte[1 << 16];
      while (in.read(buffer, 0, buffer.length) >= 0) {
        // checked as read
      }
      return Optional.empty();
    } catch (StrictUtf8.NotUtf8 e) {
      return Optional.of(e);
    }
  }

  /** The bad record of a whole file that is not UTF-8: its name and the line, byte offset and rule. */
  static BadRecord notUtf8(String name, StrictUtf8.NotUtf8 e) {
    return new BadRecord(name + ":" + e.line(), "the file is not read: line " + e.line() + ", " + e.violation().describe());
  }

  private static void item(Object value, String key, String source, Consumer<ResourceRecord> resources, Consumer<BadRecord> bad) {
    try {
      if (value instanceof String s) {
        value = JsonTree.parse(s); // a select-resource-config result
      }
      if (!(value instanceof Map<?, ?> item)) {
        bad.accept(new BadRecord(source, "the item is " + JsonTree.kind(value) + ", not an object"));
        return;
      }
      if (DELETED.contains(String.valueOf(text(item, "configurationItemStatus")))) {
        return;
      }
      String configType = text(item, "resourceType");
      if (configType == null) {
        bad.accept(new BadRecord(source, "the item has no \"resourceType\" string: cannot tell which resource it is"));
        return;
      }
      Optional<Located> located = Located.of(configType);
      if (located.isEmpty()) {
        // Another AWS Config type is skipped; a registry type spelt otherwise is reported, never skipped unseen.
        Located.spelling(configType).ifPresent(meant -> bad.accept(new BadRecord(source, "the item's resourceType \"" + configType
            + "\" is not AWS Config's spelling, \"" + meant + "\": not read")));
        return;
      }
      ResourceType type = located.get().type();
      PolicyLocation location = located.get().location();
      String account = first(text(item, "awsAccountId"), text(item, "accountId"));
      String arn = first(text(item, "ARN"), text(item, "arn"));
      if (account == null) {
        bad.accept(new BadRecord(source, configType + " item lacks \"awsAccountId\" / \"accountId\""));
        return;
      }
      if (arn == null) {
        bad.accept(new BadRecord(source, configType + " item lacks \"ARN\" / \"arn\""));
        return;
      }
      for (String[] text : new String[][] {{"the account id", account}, {"the ARN", arn}}) {
        if (StrictUtf8.unpairedSurrogate(text[1]) >= 0) {
          bad.accept(new BadRecord(source, text[0] + " holds " + StrictUtf8.surrogateRule(text[1], StrictUtf8.unpairedSurrogate(text[1]))));
          return;
        }
      }
      String where = location.dotted();
      List<String> path = location.path();
      Object holder = item;
      for (String member : path.subList(0, path.size() - 1)) {
        if (twin(holder, member, configType, where, source, bad)) {
          return;
        }
        holder = holder instanceof Map<?, ?> m ? decoded(m.get(member)) : null;
      }
      String field = path.get(path.size() - 1);
      if (twin(holder, field, configType, where, source, bad)) {
        return;
      }
      // The record carries the registry's name: an AWS::IAM::Role item holds the trust policy type's policy.
      String name = type.cloudFormationName();
      if (!(holder instanceof Map<?, ?> h) || !h.containsKey(field)) {
        if (location.noPolicy().contains(NoPolicy.ABSENT) && holder instanceof Map<?, ?>) {
          if (!elsewhere(item, configType, path, source, bad)) {
            resources.accept(new ResourceRecord(key, account, arn, name, null, source)); // no policy attribute
          }
        } else {
          bad.accept(new BadRecord(source, configType + " item has no policy field (" + where + "): cannot tell whether it has a policy"));
        }
        return;
      }
      Object policy = h.get(field);
      if (policy == null || policy instanceof Map<?, ?> m && m.isEmpty() && location.encoding() == Encoding.JSON_OBJECT_OR_TEXT) {
        NoPolicy none = policy == null ? NoPolicy.NULL : NoPolicy.EMPTY_OBJECT;
        if (location.noPolicy().contains(none)) {
          if (!elsewhere(item, configType, path, source, bad)) {
            resources.accept(new ResourceRecord(key, account, arn, name, null, source));
          }
        } else {
          bad.accept(new BadRecord(source, configType + " item's " + where + " is " + (policy == null ? "null" : "{}")
              + ": not a policy, and AWS Config is not known to write it for \"no policy\" (" + location.page() + ")"));
        }
        return;
      }
      Optional<String> text = policyText(configType, where, location.encoding(), policy, source, bad);
      if (text.isEmpty()) {
        return;
      }
      if (StrictUtf8.unpairedSurrogate(text.get()) >= 0) {
        // Passed on as UTF-8 it would silently become '?': a policy other than the one recorded.
        bad.accept(new BadRecord(source, where + " holds " + StrictUtf8.surrogateRule(text.get(), StrictUtf8.unpairedSurrogate(text.get()))));
        return;
      }
      resources.accept(new ResourceRecord(key, account, arn, name, text.get(), source));
    } catch (IOException e) {
      bad.accept(new BadRecord(source, "an embedded JSON string is not valid JSON: " + e.getMessage()));
    }
  }

  /** A registry type and where AWS Config's items of it hold its policy. */
  private record Located(ResourceType type, PolicyLocation location) {
    /** The registry type whose AWS Config location is of {@code configType}, if any (the registry's list, no other). */
    static Optional<Located> of(String configType) {
      for (ResourceType t : ResourceType.values()) {
        Optional<PolicyLocation> l = t.configLocation();
        if (l.isPresent() && l.get().source().equals(configType)) {
          return Optional.of(new Located(t, l.get()));
        }
      }
      return Optional.empty();
    }

    /**
     * The AWS Config type {@code configType} is not but names: one of the registry's, in another case, with spaces
     * around it, or by the registry's own name (a trust policy's, for an IAM role).
     */
    static Optional<String> spelling(String configType) {
      for (ResourceType t : ResourceType.values()) {
        Optional<PolicyLocation> l = t.configLocation();
        if (l.isPresent()) {
          Optional<String> meant = JsonTree.spelling(List.of(l.get().source(), t.cloudFormationName()), configType);
          if (meant.isPresent()) {
            return Optional.of(l.get().source());
          }
        }
      }
      return Optional.empty();
    }
  }

  /**
   * Whether {@code item}, about to count as a resource without a policy, has a member named as the policy's
   * ({@code "Policy"}, in any case) anywhere other than {@code path} (e.g. {@code configuration.Attributes.Policy}
   * as {@code get-queue-attributes} prints it), after a bad record: that member may be the resource's policy.
   */
  private static boolean elsewhere(Map<?, ?> item, String configType, List<String> path, String source, Consumer<BadRecord> bad) {
    Optional<List<String>> at = memberAt(item, path.get(path.size() - 1), List.of(), path);
    at.ifPresent(a -> bad.accept(new BadRecord(source, configType + " item has no policy at " + String.join(".", path) + " but a \""
        + a.get(a.size() - 1) + "\" member at " + String.join(".", a) + ": cannot tell whether it has a policy")));
    return at.isPresent();
  }

  /** Where within {@code value} (found at {@code at}) a member named {@code name} in any case is, other than {@code except}. */
  private static Optional<List<String>> memberAt(Object value, String name, List<String> at, List<String> except) {
    if (value instanceof String s && s.strip().startsWith("{")) {
      try {
        value = JsonTree.parse(s); // as decoded() reads a member given as a JSON string holding an object
      } catch (IOException e) {
        return Optional.empty(); // text, not an object: it has no members
      }
    }
    Map<String, Object> inside = new java.util.LinkedHashMap<>(); // members by name, items by index
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> inside.put(String.valueOf(k), v));
    } else if (value instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        inside.put(String.valueOf(i), l.get(i));
      }
    }
    for (Map.Entry<String, Object> e : inside.entrySet()) {
      List<String> here = new ArrayList<>(at);
      here.add(e.getKey());
      if (value instanceof Map<?, ?> && e.getKey().equalsIgnoreCase(name) && !here.equals(except)) {
        return Optional.of(here);
      }
      Optional<List<String>> deeper = memberAt(e.getValue(), name, here, except);
      if (deeper.isPresent()) {
        return deeper;
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code holder} (an object on the way to the policy) has, beside or instead of {@code member}, a member
   * spelt otherwise ({@code "policy"} for {@code "Policy"}), after a bad record: either might hold the policy, and
   * reading only {@code member} could count a resource whose policy is there as having none.
   */
  private static boolean twin(Object holder, String member, String configType, String where, String source, Consumer<BadRecord> bad) {
    if (!(holder instanceof Map<?, ?> m)) {
      return false;
    }
    for (Object key : m.keySet()) {
      if (key instanceof String k && !k.equals(member) && JsonTree.spelling(List.of(member), k).isPresent()) {
        bad.accept(new BadRecord(source, configType + " item has \"" + k + "\" where AWS Config writes \"" + member + "\" (" + where
            + "): cannot tell which holds the policy"));
        return true;
      }
    }
    return false;
  }

  /**
   * The policy's JSON text from the member's value {@code policy} (not null) in its {@code encoding}, or empty
   * after a bad record naming the item's type, the member and the rule.
   */
  private static Optional<String> policyText(String configType, String where, Encoding encoding, Object policy, String source,
      Consumer<BadRecord> bad) throws IOException {
    String at = configType + " item's " + where;
    return switch (encoding) {
      case JSON_TEXT -> {
        if (!(policy instanceof String s)) {
          bad.accept(new BadRecord(source, where + " is " + JsonTree.kind(policy) + ", not a string"));
          yield Optional.empty();
        }
        yield Optional.of(JsonTree.unwrapEncoded(s));
      }
      case URL_ENCODED_JSON_TEXT -> {
        if (!(policy instanceof String s)) {
          bad.accept(new BadRecord(source, at + " is " + JsonTree.kind(policy) + ", not a string of URL-encoded JSON text"));
          yield Optional.empty();
        }
        try {
          yield Optional.of(PercentDecoding.decode(s));
        } catch (PercentDecoding.Malformed e) {
          bad.accept(new BadRecord(source, at + " is not URL-encoded JSON text (RFC 3986, as IAM returns a trust policy): " + e.getMessage()));
          yield Optional.empty();
        }
      }
      case JSON_OBJECT_OR_TEXT -> {
        if (policy instanceof Map<?, ?>) {
          yield Optional.of(JsonTree.write(policy));
        }
        if (policy instanceof String s) {
          yield Optional.of(JsonTree.unwrapEncoded(s));
        }
        bad.accept(new BadRecord(source, at + " is " + JsonTree.kind(policy) + ", not a policy object or JSON text"));
        yield Optional.empty();
      }
      case ESCAPED_JSON_TEXT -> { // only API Gateway's CLI output; no AWS Config location has it
        bad.accept(new BadRecord(source, at + ": AWS Config gives no policy as escaped JSON text"));
        yield Optional.empty();
      }
    };
  }

  /** A value that may be given as a JSON string holding an object (as in CLI outputs). */
  private static Object decoded(Object v) throws IOException {
    if (v instanceof String s && s.strip().startsWith("{")) {
      return JsonTree.parse(s);
    }
    return v;
  }

  private static String text(Map<?, ?> item, String name) {
    return item.get(name) instanceof String s ? s : null;
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }
}
