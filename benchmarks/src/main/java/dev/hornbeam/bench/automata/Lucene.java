package dev.hornbeam.bench.automata;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.util.automaton.Automata;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.Operations;

/**
 * Lucene 9.12.3's {@code org.apache.lucene.util.automaton} (Apache-2.0): automata over Unicode code points;
 * complement and minus determinize under a work limit ({@code TooComplexToDeterminizeException} beyond
 * it). It has no shortest-member operation: {@link #example} is the native backend's breadth-first search
 * ({@code Languages.member}).
 */
public final class Lucene implements StringChecks.Library<Automaton> {
  private static final int LIMIT = Operations.DEFAULT_DETERMINIZE_WORK_LIMIT;

  @Override
  public String name() {
    return "lucene";
  }

  @Override
  public Automaton glob(String pattern) {
    List<Automaton> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    pattern.codePoints().forEach(c -> {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          parts.add(Automata.makeString(literal.toString()));
          literal.setLength(0);
        }
        parts.add(c == '*' ? Automata.makeAnyString() : Automata.makeAnyChar());
      } else {
        literal.appendCodePoint(c);
      }
    });
    if (literal.length() > 0 || parts.isEmpty()) {
      parts.add(Automata.makeString(literal.toString()));
    }
    return parts.size() == 1 ? parts.get(0) : Operations.concatenate(parts);
  }

  @Override
  public Automaton literal(String text) {
    return Automata.makeString(text);
  }

  @Override
  public Automaton anything() {
    return Automata.makeAnyString();
  }

  @Override
  public Automaton nothing() {
    return Automata.makeEmpty();
  }

  @Override
  public Automaton union(List<Automaton> parts) {
    return parts.isEmpty() ? nothing() : parts.size() == 1 ? parts.get(0) : Operations.union(parts);
  }

  @Override
  public Automaton intersection(Automaton a, Automaton b) {
    return Operations.intersection(a, b);
  }

  @Override
  public Automaton minus(Automaton a, Automaton b) {
    return Operations.minus(a, b, LIMIT);
  }

  @Override
  public Automaton complement(Automaton a) {
    return Operations.complement(a, LIMIT);
  }

  @Override
  public boolean isEmpty(Automaton a) {
    return Operations.isEmpty(a);
  }

  @Override
  public String example(Automaton a) {
    return dev.hornbeam.portfolio.automaton.Languages.member(a); // the native backend's own shortest member
  }
}
