package dev.hornbeam.policy.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One ARN format of a resource type, such as {@code arn:${Partition}:s3:::${BucketName}/${ObjectName}},
 * read once into parts: matched directly against concrete ARNs (the language of the regular expression
 * it also compiles to, which tests compare), as {@link Glob} tokens against patterns, and filled in for
 * examples.
 *
 * <p>What a variable stands for: {@code ${Partition}} one non-empty field without {@code ':'}; a
 * variable that is the whole region or account field ({@code ${Region}}, {@code ${Account}},
 * {@code ${AccountId}}, …) a possibly empty field without {@code ':'} (global services leave them
 * empty); the last variable anything non-empty, {@code '/'} and {@code ':'} included (object keys,
 * paths, names with colons); every other variable a non-empty text without {@code ':'}. A {@code *}
 * in a format (e.g. {@code arn:${Partition}:dms:${Region}:${Account}:cert:*}) stands for anything.
 */
final class ArnTemplate {
  /** What a variable may stand for. */
  enum VarKind {
    PARTITION,
    OPTIONAL_FIELD,
    NAME,
    LAST
  }

  sealed interface Part permits Literal, Variable, Wild {}

  record Literal(String text) implements Part {}

  record Variable(String name, VarKind kind) implements Part {}

  record Wild() implements Part {}

  private final String text;
  private final List<Part> parts;
  /** The service field when it is literal text, lower case; else {@code null}. */
  private final String serviceField;
  /** The regular expression and tokens, built on first use (most of 2,300 formats are never asked). */
  private volatile Compiled compiled;

  private record Compiled(Pattern regex, List<Glob.Token> tokens) {}

  ArnTemplate(String text) {
    this.text = text;
    this.parts = parse(text);
    String[] fields = text.split(":", -1);
    this.serviceField = fields.length > 2 && !fields[2].contains("$") && !fields[2].contains("*")
        ? fields[2].toLowerCase(Locale.ROOT) : null;
  }

  private Compiled compiled() {
    Compiled c = compiled;
    if (c == null) {
      c = compile(parts);
      compiled = c; // immutable: a race only builds it twice
    }
    return c;
  }

  private static Compiled compile(List<Part> parts) {
    StringBuilder re = new StringBuilder();
    List<Glob.Token> toks = new ArrayList<>();
    for (Part p : parts) {
      if (p instanceof Literal l) {
        re.append(Pattern.quote(l.text()));
        l.text().chars().forEach(c -> toks.add(new Glob.Char((char) c)));
      } else if (p instanceof Variable v) {
        switch (v.kind()) {
          case PARTITION, NAME -> {
            re.append("[^:]+");
            toks.add(new Glob.One(Glob.CharClass.NOT_COLON));
            toks.add(new Glob.Star(Glob.CharClass.NOT_COLON));
          }
          case OPTIONAL_FIELD -> {
            re.append("[^:]*");
            toks.add(new Glob.Star(Glob.CharClass.NOT_COLON));
          }
          case LAST -> {
            re.append(".+");
            toks.add(new Glob.One(Glob.CharClass.ANY));
            toks.add(new Glob.Star(Glob.CharClass.ANY));
          }
        }
      } else {
        re.append(".*");
        toks.add(new Glob.Star(Glob.CharClass.ANY));
      }
    }
    return new Compiled(Pattern.compile(re.toString(), Pattern.DOTALL), List.copyOf(toks));
  }

  private static List<Part> parse(String text) {
    List<Part> parts = new ArrayList<>();
    List<int[]> vars = new ArrayList<>(); // [start, end] of each ${...}
    for (int i = text.indexOf("${"); i >= 0; i = text.indexOf("${", i + 2)) {
      int end = text.indexOf('}', i);
      if (end < 0) {
        break;
      }
      vars.add(new int[] {i, end});
      i = end - 1;
    }
    int at = 0;
    for (int v = 0; v < vars.size(); v++) {
      int start = vars.get(v)[0];
      int end = vars.get(v)[1];
      literal(parts, text.substring(at, start));
      String name = text.substring(start + 2, end);
      int field = (int) text.substring(0, start).chars().filter(c -> c == ':').count();
      boolean wholeField = (start == 0 || text.charAt(start - 1) == ':')
          && (end + 1 == text.length() || text.charAt(end + 1) == ':');
      VarKind kind;
      if (name.equals("Partition")) {
        kind = VarKind.PARTITION;
      } else if (wholeField && (field == 3 || field == 4)) {
        kind = VarKind.OPTIONAL_FIELD;
      } else if (v == vars.size() - 1) {
        kind = VarKind.LAST;
      } else {
        kind = VarKind.NAME;
      }
      parts.add(new Variable(name, kind));
      at = end + 1;
    }
    literal(parts, text.substring(at));
    return List.copyOf(parts);
  }

  private static void literal(List<Part> parts, String s) {
    int from = 0;
    for (int star = s.indexOf('*'); star >= 0; star = s.indexOf('*', from)) {
      if (star > from) {
        parts.add(new Literal(s.substring(from, star)));
      }
      parts.add(new Wild());
      from = star + 1;
    }
    if (from < s.length()) {
      parts.add(new Literal(s.substring(from)));
    }
  }

  String text() {
    return text;
  }

  /** The service field when it is literal text, lower case; else {@code null}. */
  String serviceField() {
    return serviceField;
  }

  List<Part> parts() {
    return parts;
  }

  boolean matches(String arn) {
    return matchFrom(0, arn, 0);
  }

  /**
   * Whether {@code s} from {@code at} matches the parts from {@code part} on: literals compared exactly,
   * each variable tried at every length its rule allows (the same language as {@link #compiled()}'s
   * regular expression, without its set-up cost; parts are few and the fields short).
   */
  private boolean matchFrom(int part, String s, int at) {
    if (part == parts.size()) {
      return at == s.length();
    }
    Part p = parts.get(part);
    if (p instanceof Literal l) {
      return s.startsWith(l.text(), at) && matchFrom(part + 1, s, at + l.text().length());
    }
    boolean colonFree;
    int min;
    if (p instanceof Variable v) {
      colonFree = v.kind() != VarKind.LAST;
      min = v.kind() == VarKind.OPTIONAL_FIELD ? 0 : 1;
    } else {
      colonFree = false;
      min = 0;
    }
    int max = s.length();
    if (colonFree) {
      int colon = s.indexOf(':', at);
      max = colon < 0 ? s.length() : colon;
    }
    if (part + 1 == parts.size()) {
      return max == s.length() && s.length() - at >= min;
    }
    // the next part is usually a literal: try only where it occurs
    if (parts.get(part + 1) instanceof Literal l) {
      for (int end = s.indexOf(l.text(), at + min); end >= 0 && end <= max; end = s.indexOf(l.text(), end + 1)) {
        if (matchFrom(part + 1, s, end)) {
          return true;
        }
      }
      return false;
    }
    for (int end = at + min; end <= max; end++) {
      if (matchFrom(part + 1, s, end)) {
        return true;
      }
    }
    return false;
  }

  /** Whether some ARN matched by the pattern has this format (template literals compared ignoring case). */
  boolean overlaps(ArnPattern pattern) {
    String svc = pattern.serviceField();
    if (svc != null && serviceField != null && !svc.equals(serviceField)) {
      return false;
    }
    return matchesWitnessOf(pattern) || Glob.intersects(pattern.tokens(), compiled().tokens());
  }

  /** Whether an ARN the pattern surely names has this format: a cheap, sufficient test of overlap. */
  boolean matchesWitnessOf(ArnPattern pattern) {
    return matches(pattern.letterWitness()) || matches(pattern.emptyWitness());
  }

  /** The same test by the compiled regular expression (tests compare the two). */
  boolean matchesByRegex(String arn) {
    return compiled().regex().matcher(arn).matches();
  }

  /** The format with each variable replaced by {@code values.get(name)} (names ignore case) or a sample. */
  String example(Map<String, String> values) {
    StringBuilder out = new StringBuilder();
    for (Part p : parts) {
      if (p instanceof Literal l) {
        out.append(l.text());
      } else if (p instanceof Variable v) {
        String given = null;
        for (Map.Entry<String, String> e : values.entrySet()) {
          if (e.getKey().equalsIgnoreCase(v.name())) {
            given = e.getValue();
          }
        }
        out.append(given != null ? given : sample(v));
      } else {
        out.append("example");
      }
    }
    return out.toString();
  }

  /** {@code aws}, {@code us-east-1}, {@code 123456789012}, else {@code example-} and the name in kebab case. */
  static String sample(Variable v) {
    String lower = v.name().toLowerCase(Locale.ROOT);
    if (v.kind() == VarKind.PARTITION) {
      return "aws";
    }
    if (lower.contains("region")) {
      return "us-east-1";
    }
    if (lower.contains("account")) {
      return "123456789012";
    }
    String name = v.name();
    for (String suffix : List.of("Name", "Id")) {
      if (name.length() > suffix.length() && name.endsWith(suffix)) {
        name = name.substring(0, name.length() - suffix.length());
        break;
      }
    }
    StringBuilder kebab = new StringBuilder("example-");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(name.charAt(i - 1))) {
        kebab.append('-');
      }
      kebab.append(Character.isLetterOrDigit(c) ? Character.toLowerCase(c) : '-');
    }
    return kebab.toString();
  }

  @Override
  public String toString() {
    return text;
  }
}
