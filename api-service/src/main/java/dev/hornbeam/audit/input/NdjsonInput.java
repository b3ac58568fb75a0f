package dev.hornbeam.audit.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.hornbeam.audit.BadRecord;
import dev.hornbeam.audit.ResourceRecord;
import dev.hornbeam.json.JsonBytes;
import dev.hornbeam.json.StrictUtf8;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * NDJSON, one account per line:
 * {@code {"accountId": "...", "resources": [{"arn": "...", "type": "<CloudFormation type>", "policy": {...}}]}}.
 *
 * <ul>
 *   <li>A resource's policy is either {@code policy}, a JSON object passed on as its exact text (the bytes
 *       of the line, so that duplicate keys and number text stay the policy parser's business), or
 *       {@code policyDocument}, a string holding the policy text; neither (or {@code null}) means the
 *       resource has no policy. Both at once is a bad record.
 *   <li>Key {@code <file name>:<line>#<index in resources>}; source {@code <path>:<line>}.
 *   <li>A line that is not JSON, not one object, repeats a member, or lacks a string {@code accountId} or an
 *       array {@code resources} is one {@link BadRecord} and none of its resources are read. A resource entry
 *       that is not an object, lacks a string {@code arn} or {@code type}, or has a non-object
 *       {@code policy} / non-string {@code policyDocument} is a {@link BadRecord} ({@code <path>:<line>},
 *       reason naming the index); the other resources of the line are still read. Unknown members are
 *       ignored, but one that spells a known member otherwise ({@code "Policy"}, {@code "Resources"}) makes its
 *       entry (or line) a {@link BadRecord}: a policy there would be lost. Blank lines are skipped silently.
 * </ul>
 *
 * Lines are read one at a time; a line longer than the record limit ({@code maxLineBytes}) is one
 * {@link BadRecord} and is skipped without being held in memory, so memory is bounded by the limit, not the file.
 * Sources are {@code <file name>:<line>} (never the server's absolute path).
 */
public final class NdjsonInput implements AuditInput {
  private final Path file;
  private final long maxLineBytes;

  public NdjsonInput(Path file) {
    this(file, Inputs.DEFAULT_MAX_RECORD_BYTES);
  }

  public NdjsonInput(Path file, long maxLineBytes) {
    this.file = file;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public String describe() {
    return file + " (NDJSON)";
  }

  @Override
  public void read(Consumer<ResourceRecord> resources, Consumer<BadRecord> bad) throws IOException {
    String name = file.getFileName().toString();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
      int lineNo = 0;
      boolean more = true;
      while (more) {
        line.reset();
        int b;
        long length = 0;
        while ((b = in.read()) != -1 && b != '\n') {
          if (++length <= maxLineBytes) {
            line.write(b);
          }
        }
        more = b != -1;
        if (!more && length == 0) {
          break;
        }
        lineNo++;
        if (length > maxLineBytes) {
          bad.accept(new BadRecord(name + ":" + lineNo, "the line is longer than the record limit of " + maxLineBytes + " bytes: not read"));
          continue;
        }
        byte[] bytes = line.toByteArray();
        if (!isBlank(bytes)) {
          readLine(bytes, name, name + ":" + lineNo, lineNo, resources, bad);
        }
      }
    }
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /** One resource entry as read, before the line is known to be good. */
  private record Entry(int index, String arn, String type, String policy, String problem) {}

  private static void readLine(byte[] bytes, String name, String source, int lineNo, Consumer<ResourceRecord> resources,
      Consumer<BadRecord> bad) {
    String accountId = null;
    List<Entry> entries = null;
    // Each line is strict UTF-8 (RFC 8259 section 8.1), checked before the parser can guess UTF-16: a bad
    // line is one bad record and the rest of the input is still read. A byte order mark may open the file.
    java.util.Optional<StrictUtf8.Violation> encoding = StrictUtf8.check(bytes);
    if (encoding.isPresent()) {
      bad.accept(new BadRecord(source, "line " + lineNo + " is not accepted: " + encoding.get().describe()));
      return;
    }
    if (lineNo == 1 && StrictUtf8.bomLength(bytes, 0, bytes.length) > 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 3, bytes.length);
    }
    try (JsonParser p = JsonTree.FACTORY.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        bad.accept(new BadRecord(source, "the line is not a JSON object"));
        return;
      }
      Set<String> seen = new HashSet<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String member = p.currentName();
        JsonToken t = p.nextToken();
        if (!seen.add(member)) {
          bad.accept(new BadRecord(source, "member \"" + member + "\" appears twice"));
          return;
        }
        switch (member) {
          case "accountId" -> {
            if (t != JsonToken.VALUE_STRING) {
              bad.accept(new BadRecord(source, "\"accountId\" must be a string, not " + kind(t)));
              return;
            }
            accountId = p.getText();
            if (StrictUtf8.unpairedSurrogate(accountId) >= 0) {
              bad.accept(new BadRecord(source, "\"accountId\" holds " + StrictUtf8.surrogateRule(accountId, StrictUtf8.unpairedSurrogate(accountId))));
              return;
            }
          }
          case "resources" -> {
            if (t != JsonToken.START_ARRAY) {
              bad.accept(new BadRecord(source, "\"resources\" must be an array, not " + kind(t)));
              return;
            }
            entries = readResources(p, bytes);
          }
          default -> {
            java.util.Optional<String> meant = JsonTree.spelling(LINE_MEMBERS, member);
            if (meant.isPresent()) {
              bad.accept(new BadRecord(source, misspelt(member, meant.get())));
              return;
            }
            p.skipChildren();
          }
        }
      }
      if (p.nextToken() != null) {
        bad.accept(new BadRecord(source, "the line holds more than one JSON value"));
        return;
      }
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")";
      bad.accept(new BadRecord(source, "not valid JSON: " + e.getOriginalMessage() + where));
      return;
    } catch (IOException e) {
      bad.accept(new BadRecord(source, "could not be read: " + e.getMessage()));
      return;
    }
    if (accountId == null) {
      bad.accept(new BadRecord(source, "the line lacks \"accountId\""));
      return;
    }
    if (entries == null) {
      bad.accept(new BadRecord(source, "the line lacks \"resources\""));
      return;
    }
    for (Entry e : entries) {
      if (e.problem() != null) {
        bad.accept(new BadRecord(source, "resource " + e.index() + ": " + e.problem()));
      } else {
        resources.accept(new ResourceRecord(name + ":" + lineNo + "#" + e.index(), accountId, e.arn(), e.type(), e.policy(), source));
      }
    }
  }

  private static List<Entry> readResources(JsonParser p, byte[] bytes) throws IOException {
    List<Entry> entries = new ArrayList<>();
    int index = 0;
    for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; index++) {
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        entries.add(new Entry(index, null, null, null, "not an object but " + kind(t)));
        continue;
      }
      entries.add(readResource(p, bytes, index));
    }
    return entries;
  }

  private static Entry readResource(JsonParser p, byte[] bytes, int index) throws IOException {
    String arn = null;
    String type = null;
    String policy = null;
    String problem = null;
    boolean hasPolicy = false;
    Set<String> seen = new HashSet<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String member = p.currentName();
      JsonToken t = p.nextToken();
      if (!seen.add(member) && problem == null) {
        problem = "member \"" + member + "\" appears twice";
      }
      switch (member) {
        case "arn", "type" -> {
          if (t != JsonToken.VALUE_STRING) {
            problem = problem != null ? problem : "\"" + member + "\" must be a string, not " + kind(t);
            p.skipChildren();
          } else if (StrictUtf8.unpairedSurrogate(p.getText()) >= 0) {
            problem = problem != null ? problem
                : "\"" + member + "\" holds " + StrictUtf8.surrogateRule(p.getText(), StrictUtf8.unpairedSurrogate(p.getText()));
          } else if (member.equals("arn")) {
            arn = p.getText();
          } else {
            type = p.getText();
          }
        }
        case "policy", "policyDocument" -> {
          boolean object = member.equals("policy");
          if (t == JsonToken.VALUE_NULL) {
            continue;
          }
          if (hasPolicy) {
            problem = problem != null ? problem : "both \"policy\" and \"policyDocument\" are given";
          }
          hasPolicy = true;
          if (object && t == JsonToken.START_OBJECT) {
            policy = new String(JsonBytes.value(p, bytes), StandardCharsets.UTF_8);
          } else if (!object && t == JsonToken.VALUE_STRING) {
            policy = p.getText();
            int at = StrictUtf8.unpairedSurrogate(policy);
            if (at >= 0) {
              // Passed on as UTF-8 it would silently become '?': a policy other than the one sent.
              problem = problem != null ? problem : "\"policyDocument\" holds " + StrictUtf8.surrogateRule(policy, at);
            }
          } else {
            problem = problem != null ? problem
                : "\"" + member + "\" must be " + (object ? "an object" : "a string") + ", not " + kind(t);
            p.skipChildren();
          }
        }
        default -> {
          java.util.Optional<String> meant = JsonTree.spelling(RESOURCE_MEMBERS, member);
          if (meant.isPresent() && problem == null) {
            problem = misspelt(member, meant.get());
          }
          p.skipChildren();
        }
      }
    }
    if (problem == null && arn == null) {
      problem = "lacks \"arn\"";
    }
    if (problem == null && type == null) {
      problem = "lacks \"type\"";
    }
    return new Entry(index, arn, type, policy, problem);
  }

  /** A line's members and a resource entry's: another member spelt as one of them is a bad record, never ignored. */
  private static final List<String> LINE_MEMBERS = List.of("accountId", "resources");
  private static final List<String> RESOURCE_MEMBERS = List.of("arn", "type", "policy", "policyDocument");

  /** Why a member spelt as a known one otherwise ({@code "Policy"}) is not ignored: a policy there would be lost. */
  private static String misspelt(String member, String meant) {
    return "member \"" + member + "\" is not \"" + meant + "\": cannot tell what it holds";
  }

  private static String kind(JsonToken t) {
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> String.valueOf(t);
    };
  }
}
