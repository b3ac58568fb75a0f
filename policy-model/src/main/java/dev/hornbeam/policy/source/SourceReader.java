package dev.hornbeam.policy.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a JSON or YAML file into a {@link Node} tree that keeps each value's line and column. YAML's
 * CloudFormation short forms become the full forms (CloudFormation User Guide, "Intrinsic function
 * reference": {@code !Ref X} is {@code {"Ref": "X"}}, {@code !GetAtt A.B} is {@code {"Fn::GetAtt": ["A",
 * "B"]}}, {@code !Sub …} is {@code {"Fn::Sub": …}}, and so on). Anything else it does not understand — a
 * duplicate key, another tag, a YAML alias, several documents — is a {@link SourceException} naming the
 * line, never a guess.
 */
public final class SourceReader {
  private SourceReader() {}

  private static final int MAX_DEPTH = 200;

  private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
      .maxStringLength(1 << 24).maxNumberLength(1000).build();
  private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(LIMITS).build();
  private static final YAMLFactory YAML = YAMLFactory.builder().streamReadConstraints(LIMITS).build();

  /** The short-form tags CloudFormation's YAML takes, each the full form "Fn::" + its name (Ref and Condition as they are). */
  static final Set<String> FN_TAGS = Set.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join",
      "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "Length", "ToJsonString", "ForEach");

  /** Whether {@code bytes} are JSON (a value starting with '{' or '['), else they are read as YAML. */
  public static boolean isJson(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '{' || b == '[') {
        return true;
      }
      if (!(b == ' ' || b == '\t' || b == '\n' || b == '\r' || (b & 0xFF) == 0xEF || (b & 0xFF) == 0xBB || (b & 0xFF) == 0xBF)) {
        return false;
      }
    }
    return true;
  }

  public static Node read(byte[] bytes) throws SourceException {
    boolean json = isJson(bytes);
    try (JsonParser p = json ? JSON.createParser(bytes) : YAML.createParser(bytes)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new SourceException(new Loc(1, 1), "the file is empty");
      }
      Node root = value(p, 0);
      if (p.nextToken() != null) {
        throw new SourceException(loc(p.currentTokenLocation()),
            json ? "content after the end of the JSON value" : "a second YAML document: one document a file");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new SourceException(loc(e.getLocation()), (json ? "not JSON: " : "not YAML: ") + e.getOriginalMessage());
    } catch (IOException e) {
      throw new SourceException(Loc.NONE, "could not read: " + e.getMessage());
    }
  }

  private static Loc loc(JsonLocation l) {
    return l == null ? Loc.NONE : new Loc(Math.max(l.getLineNr(), 0), Math.max(l.getColumnNr(), 0));
  }

  private static Node value(JsonParser p, int depth) throws IOException, SourceException {
    Loc at = loc(p.currentTokenLocation());
    String tag = null;
    if (p instanceof YAMLParser y) {
      if (y.isCurrentAlias()) {
        throw new SourceException(at, "a YAML alias (*" + y.getText() + "): Hornbeam does not resolve anchors and aliases");
      }
      tag = y.getTypeId();
    }
    Node plain = plain(p, at, depth);
    return tag == null ? plain : tagged(tag, plain, at);
  }

  private static Node plain(JsonParser p, Loc at, int depth) throws IOException, SourceException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT: {
        Map<String, Node> members = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          Loc keyAt = loc(p.currentTokenLocation());
          p.nextToken();
          Node v = value(p, depth + 1);
          if (members.put(name, v) != null) {
            throw new SourceException(keyAt, "the key \"" + name + "\" is given twice in one object");
          }
        }
        return new Node.Obj(members, at);
      }
      case START_ARRAY: {
        List<Node> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(value(p, depth + 1));
        }
        return new Node.Arr(items, at);
      }
      case VALUE_STRING:
        return new Node.Scalar(p.getText(), Node.Kind.STRING, at);
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new Node.Scalar(p.getText(), Node.Kind.NUMBER, at);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new Node.Scalar(p.getText(), Node.Kind.BOOLEAN, at);
      case VALUE_NULL:
        return new Node.Scalar("null", Node.Kind.NULL, at);
      default:
        throw new SourceException(at, "unexpected " + t);
    }
  }

  /** A CloudFormation short form as its full form; a standard YAML tag on a plain value as the value. */
  private static Node tagged(String tag, Node v, Loc at) throws SourceException {
    String name = tag.startsWith("!") ? tag.substring(1) : tag;
    if (name.startsWith("tag:yaml.org,2002:")) {
      String std = name.substring("tag:yaml.org,2002:".length());
      if (std.equals("str") && v instanceof Node.Scalar s) {
        return Node.Scalar.string(s.text(), at);
      }
      if ((std.equals("map") && v instanceof Node.Obj) || (std.equals("seq") && v instanceof Node.Arr)) {
        return v;
      }
      throw new SourceException(at, "the YAML tag !!" + std + ": Hornbeam reads only !!str, !!map and !!seq among YAML's own tags");
    }
    if (name.equals("Ref") || name.equals("Condition")) {
      return new Node.Obj(Map.of(name, v), at);
    }
    if (name.equals("GetAtt") && v instanceof Node.Scalar s && s.kind() == Node.Kind.STRING) {
      int dot = s.text().indexOf('.');
      if (dot <= 0 || dot == s.text().length() - 1) {
        throw new SourceException(at, "!GetAtt " + s.text() + ": the short form is !GetAtt LogicalId.Attribute");
      }
      return new Node.Obj(Map.of("Fn::GetAtt", new Node.Arr(List.of(Node.Scalar.string(s.text().substring(0, dot), at),
          Node.Scalar.string(s.text().substring(dot + 1), at)), at)), at);
    }
    if (FN_TAGS.contains(name)) {
      return new Node.Obj(Map.of("Fn::" + name, v), at);
    }
    throw new SourceException(at, "the YAML tag !" + name + " is not one of CloudFormation's short forms (!Ref, !Condition, !"
        + String.join(", !", new java.util.TreeSet<>(FN_TAGS)) + ")");
  }
}
