package dev.hornbeam.smt;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A strict reader of the scripts the encoder emits, for tests: it splits a script into top-level
 * commands and checks that policy text can only have landed inside string literals and comments.
 */
final class ScriptSyntax {
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*");
  static final List<String> COMMANDS =
      List.of("set-logic", "set-option", "declare-const", "define-fun", "assert", "check-sat");

  private ScriptSyntax() {}

  /** One top-level command: its head symbol and the name it declares or defines (or null). */
  record Command(String head, String name) {}

  /** Reads the script; throws AssertionError on anything the encoder should never emit. */
  static List<Command> read(String script) {
    List<Command> out = new ArrayList<>();
    int i = 0;
    int n = script.length();
    while (i < n) {
      char c = script.charAt(i);
      if (c == ';') {
        int eol = script.indexOf('\n', i);
        String comment = script.substring(i, eol < 0 ? n : eol);
        for (char ch : comment.toCharArray()) {
          check(ch >= 0x20 && ch <= 0x7E, "comment with a raw non-printable character: " + comment);
        }
        i = eol < 0 ? n : eol + 1;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(') {
        int end = endOfSexp(script, i);
        String body = script.substring(i + 1, end);
        String[] words = body.trim().split("[\\s()]+", 3);
        String head = words[0];
        check(COMMANDS.contains(head), "unexpected command " + head);
        String name = null;
        if (head.equals("declare-const") || head.equals("define-fun")) {
          name = words[1];
          check(NAME.matcher(name).matches(), "generated name expected, got " + name);
        }
        out.add(new Command(head, name));
        i = end + 1;
      } else {
        throw new AssertionError("text outside any command at " + i + ": " + script.substring(i, Math.min(n, i + 40)));
      }
    }
    return out;
  }

  /** Index of the ')' closing the '(' at {@code start}; string literals are skipped. */
  private static int endOfSexp(String s, int start) {
    int depth = 0;
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        int close = s.indexOf('"', i + 1);
        check(close > 0, "unterminated string literal");
        String lit = s.substring(i + 1, close);
        for (int j = 0; j < lit.length(); j++) {
          char ch = lit.charAt(j);
          // printable ASCII only; a backslash only as the start of a \\u{…} escape
          check(ch >= 0x20 && ch <= 0x7E && (ch != '\\' || lit.startsWith("u{", j + 1)),
              "raw character in a string literal: " + lit);
        }
        i = close;
      } else if (c == ';') {
        throw new AssertionError("comment inside a command at " + i);
      } else if (c == '|') {
        throw new AssertionError("quoted symbol at " + i + " (names are generated, never quoted policy text)");
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    throw new AssertionError("unbalanced parentheses");
  }

  /** Decodes one of our string literals (without quotes) back to its text. */
  static String decode(String literal) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < literal.length()) {
      if (literal.startsWith("\\u{", i)) {
        int close = literal.indexOf('}', i);
        b.appendCodePoint(Integer.parseInt(literal.substring(i + 3, close), 16));
        i = close + 1;
      } else {
        b.append(literal.charAt(i++));
      }
    }
    return b.toString();
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new AssertionError(message);
    }
  }
}
