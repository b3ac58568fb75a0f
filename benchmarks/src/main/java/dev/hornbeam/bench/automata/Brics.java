package dev.hornbeam.bench.automata;

import dk.brics.automaton.Automaton;
import dk.brics.automaton.BasicAutomata;
import dk.brics.automaton.BasicOperations;
import java.util.ArrayList;
import java.util.List;

/** dk.brics.automaton 1.11-8 (BSD): automata over UTF-16 chars, minimised on demand. */
public final class Brics implements StringChecks.Library<Automaton> {
  @Override
  public String name() {
    return "brics";
  }

  @Override
  public Automaton glob(String pattern) {
    List<Automaton> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          parts.add(BasicAutomata.makeString(literal.toString()));
          literal.setLength(0);
        }
        parts.add(c == '*' ? BasicAutomata.makeAnyString() : BasicAutomata.makeAnyChar());
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0 || parts.isEmpty()) {
      parts.add(BasicAutomata.makeString(literal.toString()));
    }
    return parts.size() == 1 ? parts.get(0) : BasicOperations.concatenate(parts);
  }

  @Override
  public Automaton literal(String text) {
    return BasicAutomata.makeString(text);
  }

  @Override
  public Automaton anything() {
    return BasicAutomata.makeAnyString();
  }

  @Override
  public Automaton nothing() {
    return BasicAutomata.makeEmpty();
  }

  @Override
  public Automaton union(List<Automaton> parts) {
    return parts.isEmpty() ? nothing() : parts.size() == 1 ? parts.get(0) : BasicOperations.union(parts);
  }

  @Override
  public Automaton intersection(Automaton a, Automaton b) {
    return a.intersection(b);
  }

  @Override
  public Automaton minus(Automaton a, Automaton b) {
    return a.minus(b);
  }

  @Override
  public Automaton complement(Automaton a) {
    return a.complement();
  }

  @Override
  public boolean isEmpty(Automaton a) {
    return a.isEmpty();
  }

  @Override
  public String example(Automaton a) {
    return a.getShortestExample(true);
  }
}
