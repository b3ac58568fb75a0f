package dev.hornbeam.portfolio.automaton;

import dev.hornbeam.smt.api.BoolFormula;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.util.automaton.Automaton;

/**
 * One branch of the search: the literals it has taken, per theory, and what is still to be made true.
 * Copied at each choice point (the maps are small: one entry per request variable).
 */
final class Branch {
  /** A formula to make true ({@code positive}) or false. */
  record Goal(BoolFormula formula, boolean positive) {}

  /** Pending conjunctive goals. */
  final ArrayDeque<Goal> pending;
  /** Pending disjunctions: one of each list must hold. */
  final List<List<Goal>> choices;
  final Map<String, Boolean> bools;
  final Map<String, Numbers> numbers;
  final Map<String, Blocks> blocks;
  /** Per string variable, the language its atoms on it alone allow (absent: any string). */
  final Map<String, Automaton> languages;
  /** Per string variable, languages it was found not to be in, not yet taken into {@link #languages}. */
  final Map<String, List<Automaton>> excluded;
  /** String literals relating several variables: decided at the leaf. */
  final List<Goal> strings;
  /** How many of {@link #strings} a check has found satisfiable together (a check is worth it when more came). */
  int stringsChecked;

  Branch() {
    pending = new ArrayDeque<>();
    choices = new ArrayList<>();
    bools = new HashMap<>();
    numbers = new HashMap<>();
    blocks = new HashMap<>();
    languages = new HashMap<>();
    excluded = new HashMap<>();
    strings = new ArrayList<>();
  }

  private Branch(Branch b) {
    pending = new ArrayDeque<>(b.pending);
    choices = new ArrayList<>(b.choices);
    bools = new HashMap<>(b.bools);
    numbers = new HashMap<>(b.numbers);
    blocks = new HashMap<>(b.blocks);
    languages = new HashMap<>(b.languages);
    excluded = new HashMap<>();
    b.excluded.forEach((k, v) -> excluded.put(k, new ArrayList<>(v)));
    strings = new ArrayList<>(b.strings);
    stringsChecked = b.stringsChecked;
  }

  Branch copy() {
    return new Branch(this);
  }

  void push(BoolFormula f, boolean positive) {
    pending.add(new Goal(f, positive));
  }
}
