package dev.hornbeam.portfolio.solver;

import dev.hornbeam.smt.api.ModelValue;
import io.github.cvc5.AbstractPlugin;
import io.github.cvc5.CVC5ApiException;
import io.github.cvc5.Command;
import io.github.cvc5.InputParser;
import io.github.cvc5.Pair;
import io.github.cvc5.Solver;
import io.github.cvc5.Sort;
import io.github.cvc5.SymbolManager;
import io.github.cvc5.Term;
import io.github.cvc5.TermManager;
import io.github.cvc5.modes.InputLanguage;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * cvc5 through its Java API. A fresh {@link TermManager} and {@link Solver} per check (FACTS.md: flat
 * memory), every wrapper deleted afterwards: cvc5 keeps each Java object in a static, unsynchronised
 * registry until {@code deletePointer()}. For the same reason only one thread may use cvc5 at a time in a
 * JVM: {@link #check} holds a global lock (a worker process has one solver thread anyway).
 *
 * <p>The Java API has no interrupt. Cancel is cooperative, through a plugin whose {@code check()}
 * returns the lemma {@code false} once the flag is set: the check then ends, usually within a few ms,
 * with a <b>spurious UNSAT</b>, reported with {@code cancelled = true} and never used. The solver's own
 * limit is the option {@code tlimit-per}.
 */
final class Cvc5Solver implements SmtSolver {
  private static final Object LOCK = new Object();
  private final Map<String, String> options;

  Cvc5Solver() {
    this(SolverOptions.fromSystemProperties(SolverId.CVC5));
  }

  /** @param options cvc5 options set on every check ({@link SolverOptions}) */
  Cvc5Solver(Map<String, String> options) {
    this.options = Map.copyOf(options);
  }

  @Override
  public SolverId id() {
    return SolverId.CVC5;
  }

  @Override
  public String version() {
    synchronized (LOCK) {
      try (Arena arena = new Arena()) {
        TermManager tm = arena.keep(new TermManager(), TermManager::deletePointer);
        Solver solver = arena.keep(new Solver(tm), Solver::deletePointer);
        return "cvc5 " + solver.getVersion();
      }
    }
  }

  @Override
  public SolverResult check(String script, long timeoutMillis, CancelFlag cancel) {
    synchronized (LOCK) {
      long start = System.nanoTime();
      try (Arena arena = new Arena()) {
        TermManager tm = arena.keep(new TermManager(), TermManager::deletePointer);
        Solver solver = arena.keep(new Solver(tm), Solver::deletePointer);
        solver.setOption("produce-models", "true");
        solver.setOption("tlimit-per", Long.toString(Math.max(1, timeoutMillis)));
        options.forEach(solver::setOption); // an unknown name throws: the check fails (ERROR)
        CancelPlugin plugin = new CancelPlugin(tm, cancel, arena);
        solver.addPlugin(plugin);
        SymbolManager symbols = arena.keep(new SymbolManager(tm), SymbolManager::deletePointer);
        InputParser parser = arena.keep(new InputParser(solver, symbols), InputParser::deletePointer);
        parser.setStringInput(InputLanguage.SMT_LIB_2_6, script, "query.smt2");
        try {
          while (true) {
            Command command = arena.keep(parser.nextCommand(), Command::deletePointer);
            if (command.isNull()) {
              break;
            }
            String name = command.getCommandName();
            // check-sat is run below (invoke would run it and print "sat"); get-* and exit are not ours.
            if (name.startsWith("check-sat") || name.startsWith("get-") || name.equals("exit") || name.equals("echo")) {
              continue;
            }
            String output = command.invoke(solver, symbols);
            if (output.startsWith("(error")) {
              throw new ScriptRejectedException("cvc5 rejected the script: " + output.strip(), null);
            }
          }
        } catch (ScriptRejectedException e) {
          throw e;
        } catch (Exception e) { // CVC5ParserException is checked but not declared by nextCommand
          throw new ScriptRejectedException("cvc5 rejected the script: " + e.getMessage(), e);
        }
        io.github.cvc5.Result result = arena.keep(solver.checkSat(), io.github.cvc5.Result::deletePointer);
        boolean cancelled = cancel.cancelled();
        if (result.isSat()) {
          Map<String, ModelValue> model = model(arena, solver, symbols);
          return new SolverResult(Status.SAT, model, micros(start), cancelled, "");
        }
        if (result.isUnsat()) {
          return new SolverResult(Status.UNSAT, Map.of(), micros(start), cancelled, "");
        }
        String why = cancelled ? "canceled" : result.getUnknownExplanation().toString().toLowerCase(java.util.Locale.ROOT);
        return new SolverResult(Status.UNKNOWN, Map.of(), micros(start), cancelled, why);
      }
    }
  }

  private static long micros(long start) {
    return (System.nanoTime() - start) / 1_000;
  }

  private static Map<String, ModelValue> model(Arena arena, Solver solver, SymbolManager symbols) {
    Map<String, ModelValue> values = new LinkedHashMap<>();
    for (Term constant : symbols.getDeclaredTerms()) {
      arena.keep(constant, Term::deletePointer);
      Sort sort = arena.keep(constant.getSort(), Sort::deletePointer);
      if (sort.isFunction()) {
        continue; // declare-fun with arguments: not a constant
      }
      Term value = arena.keep(solver.getValue(constant), Term::deletePointer);
      values.put(constant.getSymbol(), value(sort, value));
    }
    return values;
  }

  private static ModelValue value(Sort sort, Term value) {
    try {
      if (sort.isBoolean()) {
        return new ModelValue.Bool(value.getBooleanValue());
      }
      if (sort.isInteger() && value.isIntegerValue()) {
        return new ModelValue.Int(value.getIntegerValue());
      }
      if (sort.isReal() && value.isRealValue()) {
        Pair<BigInteger, BigInteger> fraction = value.getRealValue();
        return new ModelValue.Real(fraction.first, fraction.second);
      }
      if (sort.isString() && value.isStringValue()) {
        return new ModelValue.Str(value.getStringValue());
      }
      if (sort.isBitVector() && value.isBitVectorValue()) {
        return new ModelValue.BitVec(new BigInteger(value.getBitVectorValue(2), 2), sort.getBitVectorSize());
      }
    } catch (CVC5ApiException e) {
      throw new IllegalStateException("cvc5 model value " + value + ": " + e.getMessage(), e);
    }
    throw new IllegalStateException("cvc5 model value of an unsupported kind: " + value);
  }

  /** Ends the check with a conflict once the flag is set (see the class comment). */
  private static final class CancelPlugin extends AbstractPlugin {
    private final CancelFlag flag;
    private final Arena arena;

    CancelPlugin(TermManager tm, CancelFlag flag, Arena arena) {
      super(tm);
      this.flag = flag;
      this.arena = arena;
    }

    @Override
    public Term[] check() {
      if (flag.cancelled()) {
        return new Term[] {arena.keep(termManager.mkFalse(), Term::deletePointer)};
      }
      return new Term[0];
    }

    // Terms handed to the plugin are registered wrappers: delete them or the registry grows.
    @Override
    public void notifySatClause(Term clause) {
      clause.deletePointer();
    }

    @Override
    public void notifyTheoryLemma(Term lemma) {
      lemma.deletePointer();
    }

    @Override
    public String getName() {
      return "hornbeam-cancel";
    }
  }

  /** Deletes the wrappers of one check in reverse order of creation (the TermManager last). */
  private static final class Arena implements AutoCloseable {
    private final Deque<Runnable> deleters = new ArrayDeque<>();

    <T> T keep(T pointer, Consumer<? super T> deleter) {
      deleters.push(() -> deleter.accept(pointer));
      return pointer;
    }

    @Override
    public void close() {
      while (!deleters.isEmpty()) {
        deleters.pop().run();
      }
    }
  }
}
