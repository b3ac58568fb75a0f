package dev.hornbeam.portfolio.solver;

import com.microsoft.z3.BitVecNum;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.FuncDecl;
import com.microsoft.z3.Global;
import com.microsoft.z3.IntNum;
import com.microsoft.z3.Model;
import com.microsoft.z3.Params;
import com.microsoft.z3.RatNum;
import com.microsoft.z3.StringSymbol;
import com.microsoft.z3.Version;
import com.microsoft.z3.Z3Exception;
import com.microsoft.z3.enumerations.Z3_decl_kind;
import com.microsoft.z3.enumerations.Z3_sort_kind;
import dev.hornbeam.smt.api.ModelValue;
import dev.hornbeam.smt.api.SmtLib;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Z3 through its Java API ({@code tools.aqua:z3-turnkey}). A fresh {@link Context} per check; cancel is
 * {@code Context.interrupt()} (FACTS.md: stops a check within a few ms — usually; Z3 has been seen to
 * ignore both its timeout and the interrupt for minutes, which is why production runs it in a worker
 * process that can be killed). Any thread may call {@link #check}: contexts share nothing.
 *
 * <p>API facts (tested in SmtSolverTest): {@code parseSMTLIB2String} accepts the whole script and
 * ignores its solver commands; the model lists 0-ary {@code define-fun}s beside the declared constants
 * (skipped: their decl kind is {@code Z3_OP_RECURSIVE}, a declared constant's {@code Z3_OP_UNINTERPRETED});
 * {@code Expr.getString()} returns SMT-LIB escapes ({@link dev.hornbeam.smt.api.SmtLib#unescape});
 * constants that occur in no assertion are missing from the model (the witness decoder gives them a
 * neutral value).
 */
final class Z3Solver implements SmtSolver {
  /** Repeats the interrupt of cancelled checks (one daemon thread, idle unless a cancelled check runs on). */
  private static final ScheduledExecutorService REPEAT = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "z3-interrupt");
    t.setDaemon(true);
    return t;
  });

  Z3Solver() {
    this(SolverOptions.fromSystemProperties(SolverId.Z3));
  }

  /** @param options Z3 global parameters ({@link SolverOptions}): JVM-wide, so one set per worker process */
  Z3Solver(Map<String, String> options) {
    options.forEach((name, value) -> {
      Global.setParameter(name, value); // an unknown name only prints Z3's parameter list on stderr
      if (Global.getParameter(name) == null) {
        throw new IllegalArgumentException("z3 has no parameter " + name);
      }
    });
  }

  @Override
  public SolverId id() {
    return SolverId.Z3;
  }

  @Override
  public String version() {
    return "z3 " + Version.getString();
  }

  @Override
  public SolverResult check(String script, long timeoutMillis, CancelFlag cancel) {
    long start = System.nanoTime();
    try (Context ctx = new Context()) {
      Object guard = new Object();
      boolean[] open = {true};
      ScheduledFuture<?>[] again = {null};
      // Interrupt only while the context is open: interrupting a closed context would touch freed memory.
      Runnable interrupt = () -> {
        synchronized (guard) {
          if (open[0]) {
            ctx.interrupt();
          }
        }
      };
      // Z3 drops an interrupt that comes just before check() starts (see below), so the interrupt is
      // repeated until the check has ended: a cancel always reaches the check.
      cancel.onCancel(() -> {
        interrupt.run();
        synchronized (guard) {
          if (open[0] && again[0] == null) {
            again[0] = REPEAT.scheduleWithFixedDelay(interrupt, 5, 5, TimeUnit.MILLISECONDS);
          }
        }
      });
      try {
        BoolExpr[] assertions;
        try {
          assertions = ctx.parseSMTLIB2String(script, null, null, null, null);
        } catch (Z3Exception e) {
          throw new ScriptRejectedException("z3 rejected the script: " + e.getMessage(), e);
        }
        com.microsoft.z3.Solver solver = ctx.mkSolver();
        Params params = ctx.mkParams();
        params.add("timeout", (int) Math.max(1, Math.min(timeoutMillis, Integer.MAX_VALUE / 2)));
        solver.setParameters(params);
        solver.add(assertions);
        if (cancel.cancelled()) {
          // Z3 drops an interrupt that comes before check() (it resets the context's cancel when the check
          // starts): a cancel during the parse would otherwise let the check run to its limit.
          return new SolverResult(Status.UNKNOWN, Map.of(), (System.nanoTime() - start) / 1_000, true, "canceled");
        }
        com.microsoft.z3.Status status = solver.check();
        long micros = (System.nanoTime() - start) / 1_000;
        return switch (status) {
          case SATISFIABLE -> new SolverResult(Status.SAT, model(solver.getModel()), micros, cancel.cancelled(), "");
          case UNSATISFIABLE -> new SolverResult(Status.UNSAT, Map.of(), micros, cancel.cancelled(), "");
          default -> new SolverResult(Status.UNKNOWN, Map.of(), micros, cancel.cancelled(), solver.getReasonUnknown());
        };
      } finally {
        synchronized (guard) {
          open[0] = false;
          if (again[0] != null) {
            again[0].cancel(false);
          }
        }
        cancel.onCancel(null);
      }
    }
  }

  private static Map<String, ModelValue> model(Model model) {
    Map<String, ModelValue> values = new LinkedHashMap<>();
    for (FuncDecl<?> decl : model.getConstDecls()) {
      if (decl.getDeclKind() != Z3_decl_kind.Z3_OP_UNINTERPRETED) {
        continue; // a define-fun macro (Z3_OP_RECURSIVE), even one whose body is a literal
      }
      String name = decl.getName() instanceof StringSymbol s ? s.getString() : decl.getName().toString();
      ModelValue v = value(model.getConstInterp(decl));
      if (v != null) {
        values.put(name, v);
      }
    }
    return values;
  }

  /**
   * A literal value, or null for what is not one (the body of a macro, should one get here).
   */
  private static ModelValue value(Expr<?> value) {
    if (value instanceof IntNum i) {
      return new ModelValue.Int(i.getBigInteger());
    }
    if (value instanceof RatNum r) {
      return new ModelValue.Real(r.getBigIntNumerator(), r.getBigIntDenominator());
    }
    if (value instanceof BitVecNum bv) {
      return new ModelValue.BitVec(bv.getBigInteger(), bv.getSortSize()); // unsigned
    }
    if (value.isBool() && (value.isTrue() || value.isFalse())) {
      return new ModelValue.Bool(value.isTrue());
    }
    if (value.getSort().getSortKind() == Z3_sort_kind.Z3_SEQ_SORT && value.isString()) {
      return new ModelValue.Str(SmtLib.unescape(value.getString()));
    }
    return null;
  }
}
