package dev.hornbeam.smt;

import java.util.List;

/** Assembles the text of a script. */
final class Script {
  private Script() {}

  static String of(String title, List<String> body, List<String> goal) {
    StringBuilder b = new StringBuilder();
    b.append(Smt.comment("hornbeam query: " + title)).append('\n');
    b.append("(set-logic ALL)\n");
    b.append("(set-option :produce-models true)\n");
    for (String line : body) {
      b.append(line).append('\n');
    }
    b.append("; question\n");
    for (String line : goal) {
      b.append(line).append('\n');
    }
    b.append("(check-sat)\n");
    return b.toString();
  }
}
