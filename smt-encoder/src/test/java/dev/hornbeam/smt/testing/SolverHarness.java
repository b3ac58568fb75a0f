package dev.hornbeam.smt.testing;

import com.microsoft.z3.BitVecNum;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.FuncDecl;
import com.microsoft.z3.IntNum;
import com.microsoft.z3.Model;
import com.microsoft.z3.Params;
import com.microsoft.z3.RatNum;
import com.microsoft.z3.StringSymbol;
import com.microsoft.z3.Symbol;
import com.microsoft.z3.Z3Exception;
import com.microsoft.z3.enumerations.Z3_sort_kind;
import io.github.cvc5.Command;
import io.github.cvc5.InputParser;
import io.github.cvc5.Pair;
import io.github.cvc5.Sort;
import io.github.cvc5.SymbolManager;
import io.github.cvc5.Term;
import io.github.cvc5.TermManager;
import io.github.cvc5.modes.InputLanguage;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Test-scope harness: runs one complete SMT-LIB 2.6 script on a real solver, in-process, and returns
 * a typed answer with the model of the script's declared constants.
 *
 * <p>Script contract (what the encoder emits): {@code (set-logic ALL)}, {@code (set-option
 * :produce-models true)}, {@code declare-const} / 0-ary {@code declare-fun} of Bool, Int, Real,
 * String and {@code (_ BitVec n)}, optional 0-ary {@code define-fun} macros, {@code assert}s and a
 * final {@code (check-sat)}. A script that a solver rejects (syntax, undeclared symbol, sort error)
 * makes {@link #run} throw {@link IllegalArgumentException} with the solver's message.
 *
 * <h2>Model</h2>
 * Keys are the declared constants' symbol names without {@code |…|} quotes ({@code |st0.matches|}
 * → {@code st0.matches}), in declaration order; {@code define-fun} macros are never included.
 * Values: Bool → {@link Boolean}, Int → {@link BigInteger}, Real → {@link Rational}, String →
 * {@link String} (real code points, solver escapes decoded), {@code (_ BitVec n)} → unsigned
 * {@link BigInteger}. A value the harness cannot convert (e.g. an irrational algebraic real from a
 * nonlinear query) is given as the solver's printed text, a {@link String}.
 * <b>Unassigned constants are included with the solver's default value</b>: every declared constant
 * of a supported sort is in the model of a SAT result. Z3 leaves constants that occur in no
 * assertion out of its model; they are evaluated with model completion (0, false, "", 0 as bits,
 * 0/1). cvc5's {@code getValue} always answers (observed: 0 and "" for unused Int / String).
 *
 * <h2>API facts learned here (Z3 4.14.1 via z3-turnkey, cvc5 1.3.2 Java API)</h2>
 * <ul>
 *   <li>Z3 {@code Context.parseSMTLIB2String} accepts the whole script as is: {@code set-logic},
 *       {@code set-option}, {@code check-sat}, {@code get-model}, {@code get-value}, {@code exit}
 *       are accepted and the solver commands are ignored (parsing a hard query returns at once, no
 *       check runs), so nothing has to be stripped. It returns only the assertions; 0-ary
 *       {@code define-fun} macros are expanded inline (they did not show up in the model here).
 *       A second {@code set-logic} is an error. Errors surface as {@link Z3Exception} whose message
 *       is {@code (error "line L column C: …")}.</li>
 *   <li>Z3 symbol names come back unquoted ({@code StringSymbol.getString()} of {@code |a b|} is
 *       {@code a b}). Z3 prints BitVec values in decimal ({@code BitVecNum.getBigInteger} is
 *       unsigned), Reals as {@link RatNum}.</li>
 *   <li>Z3 {@code Expr.getString()} returns the string <em>escaped</em>: code points below 32 and
 *       above 127 as {@code \\u{hex}} (0x7f comes back raw), a backslash as {@code \\u{5c}} only
 *       when a {@code u} follows it, everything else (including {@code "} and other backslashes)
 *       raw. Decoding
 *       {@code \\u{h…}} / {@code \\uhhhh} therefore gives back the exact code points.
 *       {@code Native.getStringContents} would give code points directly, but needs the
 *       package-private native pointer.</li>
 *   <li>cvc5 {@code InputParser.nextCommand()} returns {@code check-sat} as an ordinary command;
 *       {@code invoke} would run the check (and print {@code sat}), so this harness skips it and
 *       calls {@code Solver.checkSat()} itself. Without a {@code set-logic}, cvc5's parser prints a
 *       four-line warning to stderr and assumes ALL; a second {@code set-logic} throws.
 *       Parse and sort errors throw {@code CVC5ParserException} (a checked exception that
 *       {@code nextCommand} does not declare) from {@code nextCommand()}.</li>
 *   <li>cvc5 {@code SymbolManager.getDeclaredTerms()} lists declare-const / declare-fun terms only
 *       (not define-fun), with {@code getSymbol()} unquoted. A 0-ary define-fun becomes an
 *       equation in {@code Solver.getAssertions()}, not a declared term.
 *       {@code getStringValue()} returns a proper Java string (😀 as a surrogate pair);
 *       {@code getBitVectorValue()} is binary; {@code getRealValue()} is a (num, den) pair.</li>
 *   <li>cvc5: every Java wrapper — including each {@code Command}, {@code Result}, the
 *       {@code Sort} from {@code Term.getSort()} and each {@code Term} from {@code getValue} or
 *       {@code getDeclaredTerms} — is put into the static, unsynchronised registry
 *       {@code io.github.cvc5.Context.abstractPointers} and stays there until
 *       {@code deletePointer()}. This harness tracks each one and deletes them in reverse order of
 *       creation (the TermManager last); {@code SolverHarnessTest} checks that the registry size is
 *       unchanged after a run. {@code Context.deletePointers()} would also delete other code's
 *       objects, so it is not used.</li>
 *   <li>Literals must be pure printable ASCII: a raw non-ASCII character (é, 😀) in a string
 *       literal is rejected by cvc5 ("Non-printable character in string literal"), and Z3 silently
 *       reads it as the separate bytes of Java's modified UTF-8 (é → 0xC3 0xA9), so a wrong
 *       string. A raw tab is rejected by cvc5 and accepted by Z3. Escapes ({@code \\u{e9}},
 *       {@code \\u00e9}) work in both; a backslash not followed by {@code u} is literal in both.</li>
 *   <li>Strings caveat for both: SMT-LIB string characters are code points 0…0x2FFFF, including
 *       the surrogate range. {@code "\\ud83d\\ude00"} is a 2-character string to both solvers
 *       ({@code str.len} = 2) but comes back as the one Java code point 😀; a lone surrogate comes
 *       back as a lone {@code char}. Encoders should escape supplementary characters as one
 *       {@code \\u{1f600}}.</li>
 * </ul>
 *
 * <h2>Timeouts</h2>
 * Z3: solver parameter {@code timeout}, plus a backstop {@code Context.interrupt()} one second
 * later (the parameter can overshoot). cvc5 has no interrupt in its Java API: option
 * {@code tlimit-per} only. Either way a timed-out check is {@link Status#UNKNOWN}.
 *
 * <h2>Threading</h2>
 * Each Z3 run uses its own {@link Context}, closed at the end, so Z3 runs may happen on any
 * threads. cvc5's Java API is not thread-safe (see the registry above): every cvc5 use is under
 * one static lock, so concurrent cvc5 runs are serialised.
 */
public final class SolverHarness {

  public enum Solver { Z3, CVC5 }

  public enum Status { SAT, UNSAT, UNKNOWN }

  /**
   * One answer. {@code model} is empty unless {@code status} is SAT; {@code millis} is the wall
   * time of the run (parse, check and model read; not the wait for the cvc5 lock).
   */
  public record Result(Status status, Map<String, Object> model, long millis) {
    public Result {
      Objects.requireNonNull(status, "status");
      model = Collections.unmodifiableMap(new LinkedHashMap<>(model));
    }
  }

  /** Guards every use of cvc5's Java API (not thread-safe; global registry). */
  private static final Object CVC5_LOCK = new Object();

  /** How long after Z3's own timeout the backstop interrupt fires. */
  private static final long Z3_BACKSTOP_MILLIS = 1_000;

  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "solver-harness-z3-watchdog");
            t.setDaemon(true);
            return t;
          });

  /** cvc5 commands that are not invoked: the harness checks and reads the model itself. */
  private static final Set<String> CVC5_SKIPPED_PREFIXES =
      Set.of("check-sat", "get-", "exit", "echo");

  private SolverHarness() {}

  /** Runs {@code script} on {@code solver} with a limit of {@code timeout} on the check. */
  public static Result run(Solver solver, String script, Duration timeout) {
    Objects.requireNonNull(solver, "solver");
    Objects.requireNonNull(script, "script");
    long timeoutMillis = timeoutMillis(timeout);
    Script parsed = Script.read(script);
    return switch (solver) {
      case Z3 -> runZ3(parsed, timeoutMillis);
      case CVC5 -> runCvc5(parsed, timeoutMillis);
    };
  }

  /**
   * Runs {@code script} on Z3 and then on cvc5. Throws {@link AssertionError} if one says SAT and
   * the other UNSAT; the script is then written to {@code target/failed-queries/} (path in the
   * message, and the script itself too when short).
   *
   * <p>Returns the Z3 result, except that the model comes from whichever solver says SAT (Z3's if
   * both do), and when Z3 says UNKNOWN the status (and millis) are cvc5's, so a returned SAT
   * always comes with a model.
   */
  public static Result runBoth(String script, Duration timeout) {
    // Z3 on a pool thread while cvc5 runs here: the machine has two cores, and each solver has its own
    // context (cvc5 stays behind its lock), so the two never share state.
    java.util.concurrent.CompletableFuture<Result> z3 =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> run(Solver.Z3, script, timeout), BOTH_POOL);
    Result cvc5 = run(Solver.CVC5, script, timeout);
    Result z3Result;
    try {
      z3Result = z3.get(timeout.toMillis() + Z3_GRACE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      // Z3 sometimes ignores both its timeout and Context.interrupt() (seen: 10 minutes in
      // solverCheck on a generated public-access query). In-process there is no way to stop it; the
      // thread is abandoned (a daemon), the script kept for study, and Z3 counts as UNKNOWN. The
      // portfolio avoids this by running solvers in worker processes it can kill.
      keep("z3-unresponsive", script);
      z3Result = new Result(Status.UNKNOWN, Map.of(), timeout.toMillis() + Z3_GRACE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    return combine(script, z3Result, cvc5);
  }

  private static final long Z3_GRACE_MILLIS = 5_000;

  /** A new daemon thread per call when one is stuck: cached, so an abandoned Z3 never blocks the next. */
  private static final java.util.concurrent.ExecutorService BOTH_POOL =
      java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "z3-harness");
        t.setDaemon(true);
        return t;
      });

  /** Writes a script under target/failed-queries for later study. */
  static void keep(String what, String script) {
    try {
      Path dir = failedQueriesDir();
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(what + "-" + sha256(script).substring(0, 16) + ".smt2"), script, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      // best effort: keeping the script is a convenience, not part of the answer
    }
  }

  /** The decision part of {@link #runBoth}, separate so the disagreement path can be tested. */
  static Result combine(String script, Result z3, Result cvc5) {
    boolean disagree =
        (z3.status() == Status.SAT && cvc5.status() == Status.UNSAT)
            || (z3.status() == Status.UNSAT && cvc5.status() == Status.SAT);
    if (disagree) {
      throw new AssertionError(disagreementMessage(script, z3, cvc5));
    }
    Result decided = z3.status() != Status.UNKNOWN ? z3 : cvc5;
    Map<String, Object> model =
        z3.status() == Status.SAT ? z3.model() : cvc5.status() == Status.SAT ? cvc5.model() : Map.of();
    return new Result(decided.status(), model, decided.millis());
  }

  static Path failedQueriesDir() {
    return Path.of(System.getProperty("hornbeam.failedQueries", "target/failed-queries"));
  }

  private static String disagreementMessage(String script, Result z3, Result cvc5) {
    String header = "Solvers disagree: Z3 says " + z3.status() + ", cvc5 says " + cvc5.status();
    StringBuilder message = new StringBuilder(header);
    boolean written = false;
    try {
      Path dir = failedQueriesDir();
      Files.createDirectories(dir);
      Path file = dir.resolve("disagreement-" + sha256(script).substring(0, 16) + ".smt2");
      Files.writeString(file, "; " + header + "\n" + script, StandardCharsets.UTF_8);
      message.append("; script written to ").append(file.toAbsolutePath());
      written = true;
    } catch (IOException | RuntimeException e) {
      message.append("; could not write the script (").append(e).append(')');
    }
    if (!written || script.length() <= 4_000) {
      message.append("\n").append(script);
    }
    return message.toString();
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long timeoutMillis(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    // Both solvers take unsigned 32-bit milliseconds; keep well inside int range.
    return Math.max(1, Math.min(timeout.toMillis(), Integer.MAX_VALUE / 2));
  }

  // ---------------------------------------------------------------------------------------- Z3

  private static Result runZ3(Script script, long timeoutMillis) {
    long start = System.nanoTime();
    try (Context ctx = new Context()) {
      Object guard = new Object();
      boolean[] finished = {false};
      ScheduledFuture<?> backstop =
          WATCHDOG.schedule(
              () -> {
                synchronized (guard) {
                  if (!finished[0]) {
                    ctx.interrupt();
                  }
                }
              },
              timeoutMillis + Z3_BACKSTOP_MILLIS,
              TimeUnit.MILLISECONDS);
      try {
        BoolExpr[] assertions;
        try {
          // No stripping needed: check-sat, set-logic, set-option are accepted and not executed.
          assertions = ctx.parseSMTLIB2String(script.text(), null, null, null, null);
        } catch (Z3Exception e) {
          throw new IllegalArgumentException("Z3 rejected the script: " + e.getMessage(), e);
        }
        com.microsoft.z3.Solver solver = ctx.mkSolver();
        Params params = ctx.mkParams();
        params.add("timeout", (int) timeoutMillis);
        solver.setParameters(params);
        solver.add(assertions);
        com.microsoft.z3.Status status = solver.check();
        switch (status) {
          case SATISFIABLE:
            Map<String, Object> model = z3Model(ctx, solver.getModel(), script.declarations());
            return new Result(Status.SAT, model, elapsedMillis(start));
          case UNSATISFIABLE:
            return new Result(Status.UNSAT, Map.of(), elapsedMillis(start));
          default:
            // getReasonUnknown(): "timeout" (parameter) or "canceled" (backstop interrupt).
            return new Result(Status.UNKNOWN, Map.of(), elapsedMillis(start));
        }
      } finally {
        synchronized (guard) {
          finished[0] = true;
        }
        backstop.cancel(false);
      }
    }
  }

  private static Map<String, Object> z3Model(Context ctx, Model model, List<Declaration> declared) {
    Map<String, FuncDecl<?>> byName = new HashMap<>();
    for (FuncDecl<?> decl : model.getConstDecls()) {
      byName.put(z3Name(decl.getName()), decl);
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Declaration declaration : declared) {
      Expr<?> value = null;
      FuncDecl<?> decl = byName.get(declaration.name());
      if (decl != null) {
        value = model.getConstInterp(decl);
      } else {
        // Not in Z3's model (occurs in no assertion): its default value by model completion.
        com.microsoft.z3.Sort sort = z3Sort(ctx, declaration.sort());
        if (sort != null) {
          value = model.eval(ctx.mkConst(declaration.name(), sort), true);
        }
      }
      if (value != null) {
        values.put(declaration.name(), z3Value(value));
      }
    }
    return values;
  }

  private static String z3Name(Symbol symbol) {
    return symbol instanceof StringSymbol s ? s.getString() : symbol.toString();
  }

  private static com.microsoft.z3.Sort z3Sort(Context ctx, Object sort) {
    if (sort instanceof String name) {
      return switch (name) {
        case "Bool" -> ctx.getBoolSort();
        case "Int" -> ctx.getIntSort();
        case "Real" -> ctx.getRealSort();
        case "String" -> ctx.getStringSort();
        default -> null;
      };
    }
    if (sort instanceof List<?> parts
        && parts.size() == 3
        && "_".equals(parts.get(0))
        && "BitVec".equals(parts.get(1))
        && parts.get(2) instanceof String width
        && width.matches("[1-9][0-9]{0,6}")) {
      return ctx.mkBitVecSort(Integer.parseInt(width));
    }
    return null;
  }

  private static Object z3Value(Expr<?> value) {
    if (value instanceof IntNum i) {
      return i.getBigInteger();
    }
    if (value instanceof RatNum r) {
      return new Rational(r.getBigIntNumerator(), r.getBigIntDenominator());
    }
    if (value instanceof BitVecNum bv) {
      return bv.getBigInteger(); // unsigned decimal
    }
    if (value.isBool() && (value.isTrue() || value.isFalse())) {
      return value.isTrue();
    }
    if (value.getSort().getSortKind() == Z3_sort_kind.Z3_SEQ_SORT && value.isString()) {
      return dev.hornbeam.smt.Smt.unescape(value.getString());
    }
    return value.toString();
  }

  // -------------------------------------------------------------------------------------- cvc5

  private static Result runCvc5(Script script, long timeoutMillis) {
    synchronized (CVC5_LOCK) {
      long start = System.nanoTime();
      try (Cvc5Arena arena = new Cvc5Arena()) {
        TermManager tm = arena.keep(new TermManager(), TermManager::deletePointer);
        io.github.cvc5.Solver solver =
            arena.keep(new io.github.cvc5.Solver(tm), io.github.cvc5.Solver::deletePointer);
        // Options go in before the script's set-logic; the script's own set-option
        // :produce-models true is then a harmless repeat.
        solver.setOption("produce-models", "true");
        solver.setOption("tlimit-per", Long.toString(timeoutMillis));
        SymbolManager symbols = arena.keep(new SymbolManager(tm), SymbolManager::deletePointer);
        InputParser parser =
            arena.keep(new InputParser(solver, symbols), InputParser::deletePointer);
        // FACTS.md prepends (set-logic ALL); only do that when the script has none, because a
        // second set-logic is an error ("Only one set-logic is allowed.").
        String text = script.hasSetLogic() ? script.text() : "(set-logic ALL)\n" + script.text();
        parser.setStringInput(InputLanguage.SMT_LIB_2_6, text, "script.smt2");
        try {
          while (true) {
            Command command = arena.keep(parser.nextCommand(), Command::deletePointer);
            if (command.isNull()) {
              break;
            }
            String name = command.getCommandName();
            if (CVC5_SKIPPED_PREFIXES.stream().anyMatch(name::startsWith)) {
              continue; // notably check-sat: invoke would run the check itself
            }
            String output = command.invoke(solver, symbols);
            if (output.startsWith("(error")) {
              throw new IllegalArgumentException("cvc5 rejected the script: " + output.strip());
            }
          }
        } catch (IllegalArgumentException e) {
          throw e;
        } catch (Exception e) { // CVC5ParserException is checked but not declared
          throw new IllegalArgumentException("cvc5 rejected the script: " + e.getMessage(), e);
        }
        io.github.cvc5.Result result = arena.keep(solver.checkSat(), io.github.cvc5.Result::deletePointer);
        if (result.isSat()) {
          Map<String, Object> model = cvc5Model(arena, solver, symbols, script.declarations());
          return new Result(Status.SAT, model, elapsedMillis(start));
        }
        if (result.isUnsat()) {
          return new Result(Status.UNSAT, Map.of(), elapsedMillis(start));
        }
        // result.getUnknownExplanation() is TIMEOUT when tlimit-per ran out.
        return new Result(Status.UNKNOWN, Map.of(), elapsedMillis(start));
      }
    }
  }

  private static Map<String, Object> cvc5Model(
      Cvc5Arena arena,
      io.github.cvc5.Solver solver,
      SymbolManager symbols,
      List<Declaration> declared) {
    Map<String, Object> byName = new HashMap<>();
    for (Term constant : arena.keepAll(symbols.getDeclaredTerms())) {
      Sort sort = arena.keep(constant.getSort(), Sort::deletePointer);
      if (sort.isFunction()) {
        continue; // declare-fun with arguments: not a constant
      }
      Term value = arena.keep(solver.getValue(constant), Term::deletePointer);
      byName.put(constant.getSymbol(), cvc5Value(sort, value));
    }
    // Same order as Z3's: the script's declaration order.
    Map<String, Object> values = new LinkedHashMap<>();
    for (Declaration declaration : declared) {
      Object value = byName.remove(declaration.name());
      if (value != null) {
        values.put(declaration.name(), value);
      }
    }
    values.putAll(byName);
    return values;
  }

  private static Object cvc5Value(Sort sort, Term value) {
    try {
      if (sort.isBoolean()) {
        return value.getBooleanValue();
      }
      if (sort.isInteger() && value.isIntegerValue()) {
        return value.getIntegerValue();
      }
      if (sort.isReal() && value.isRealValue()) {
        Pair<BigInteger, BigInteger> fraction = value.getRealValue();
        return new Rational(fraction.first, fraction.second);
      }
      if (sort.isString() && value.isStringValue()) {
        return value.getStringValue();
      }
      if (sort.isBitVector() && value.isBitVectorValue()) {
        return new BigInteger(value.getBitVectorValue(2), 2); // cvc5 gives binary digits
      }
    } catch (io.github.cvc5.CVC5ApiException e) {
      throw new IllegalStateException("cvc5 value " + value + ": " + e.getMessage(), e);
    }
    return value.toString();
  }

  /**
   * Owns the cvc5 wrappers created in one run and deletes them in reverse order of creation, so
   * the TermManager (created first) goes last.
   */
  private static final class Cvc5Arena implements AutoCloseable {
    private final Deque<Runnable> deleters = new ArrayDeque<>();

    <T> T keep(T pointer, Consumer<? super T> deleter) {
      deleters.push(() -> deleter.accept(pointer));
      return pointer;
    }

    Term[] keepAll(Term[] terms) {
      for (Term term : terms) {
        keep(term, Term::deletePointer);
      }
      return terms;
    }

    @Override
    public void close() {
      while (!deleters.isEmpty()) {
        deleters.pop().run();
      }
    }
  }

  private static long elapsedMillis(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  // ----------------------------------------------------------------------- script declarations

  /** A declared constant: its unquoted name and its sort as an S-expression. */
  record Declaration(String name, Object sort) {}

  /**
   * The script text plus what the harness needs to know about it without a solver: the declared
   * constants (declare-const and 0-ary declare-fun, in order) and whether it sets a logic.
   */
  record Script(String text, List<Declaration> declarations, boolean hasSetLogic) {

    /** A string literal token (kept apart from symbols, which are plain {@code String}s). */
    private record Literal(String value) {}

    static Script read(String text) {
      List<Object> commands = readSExpressions(text);
      List<Declaration> declarations = new ArrayList<>();
      boolean hasSetLogic = false;
      for (Object command : commands) {
        if (!(command instanceof List<?> list) || list.isEmpty()) {
          continue;
        }
        Object head = list.get(0);
        if ("set-logic".equals(head)) {
          hasSetLogic = true;
        } else if ("declare-const".equals(head)
            && list.size() == 3
            && list.get(1) instanceof String name) {
          declarations.add(new Declaration(name, list.get(2)));
        } else if ("declare-fun".equals(head)
            && list.size() == 4
            && list.get(1) instanceof String name
            && list.get(2) instanceof List<?> arguments
            && arguments.isEmpty()) {
          declarations.add(new Declaration(name, list.get(3)));
        }
      }
      return new Script(text, List.copyOf(declarations), hasSetLogic);
    }

    /**
     * A minimal SMT-LIB 2.6 reader: lists, symbols (simple or {@code |quoted|}, both as the
     * unquoted {@code String}), string literals ({@code ""} is one quote) and comments. Numerals,
     * keywords and the like are kept as symbols; that is all the declaration scan needs.
     */
    private static List<Object> readSExpressions(String text) {
      List<Object> top = new ArrayList<>();
      Deque<List<Object>> open = new ArrayDeque<>();
      int i = 0;
      int n = text.length();
      while (i < n) {
        char c = text.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == ';') {
          while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            i++;
          }
        } else if (c == '(') {
          open.push(new ArrayList<>());
          i++;
        } else if (c == ')') {
          if (open.isEmpty()) {
            throw new IllegalArgumentException("unbalanced ')' at offset " + i);
          }
          List<Object> done = open.pop();
          (open.isEmpty() ? top : open.peek()).add(done);
          i++;
        } else {
          Object atom;
          if (c == '"') {
            StringBuilder value = new StringBuilder();
            int j = i + 1;
            while (true) {
              if (j >= n) {
                throw new IllegalArgumentException("unterminated string literal at offset " + i);
              }
              char d = text.charAt(j);
              if (d == '"') {
                if (j + 1 < n && text.charAt(j + 1) == '"') {
                  value.append('"');
                  j += 2;
                  continue;
                }
                break;
              }
              value.append(d);
              j++;
            }
            atom = new Literal(value.toString());
            i = j + 1;
          } else if (c == '|') {
            int close = text.indexOf('|', i + 1);
            if (close < 0) {
              throw new IllegalArgumentException("unterminated |symbol| at offset " + i);
            }
            atom = text.substring(i + 1, close);
            i = close + 1;
          } else {
            int j = i;
            while (j < n && !isDelimiter(text.charAt(j))) {
              j++;
            }
            atom = text.substring(i, j);
            i = j;
          }
          (open.isEmpty() ? top : open.peek()).add(atom);
        }
      }
      if (!open.isEmpty()) {
        throw new IllegalArgumentException("unbalanced '(': " + open.size() + " left open");
      }
      return top;
    }

    private static boolean isDelimiter(char c) {
      return Character.isWhitespace(c) || c == '(' || c == ')' || c == '"' || c == '|' || c == ';';
    }
  }
}
