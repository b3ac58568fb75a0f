package dev.hornbeam.portfolio.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.microsoft.z3.Global;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Solver options reach the native solvers: a known option is accepted, an unknown one fails the check. */
class SolverOptionsTest {
  static final String SAT = "(set-logic ALL)\n(set-option :produce-models true)\n(declare-const s String)\n"
      + "(assert (str.in_re s (re.+ (str.to_re \"ab\"))))\n(check-sat)\n";

  @Test
  void optionsAreReadFromPrefixedProperties() {
    Properties p = new Properties();
    p.setProperty("hornbeam.cvc5.option.strings-exp", "true");
    p.setProperty("hornbeam.z3.option.smt.random_seed", "7");
    p.setProperty("hornbeam.cvc5.other", "x");
    assertEquals(Map.of("strings-exp", "true"), SolverOptions.from(p, SolverId.CVC5));
    assertEquals(Map.of("smt.random_seed", "7"), SolverOptions.from(p, SolverId.Z3));
  }

  @Test
  void cvc5OptionsArePassedThrough() {
    assertEquals(Status.SAT, new Cvc5Solver(Map.of("strings-exp", "true", "seed", "3")).check(SAT, 10_000, new CancelFlag()).status());
    assertThrows(RuntimeException.class, () -> new Cvc5Solver(Map.of("no-such-option", "1")).check(SAT, 10_000, new CancelFlag()));
  }

  @Test
  void z3OptionsAreGlobalParameters() {
    try {
      assertEquals(Status.SAT, new Z3Solver(Map.of("smt.random_seed", "7")).check(SAT, 10_000, new CancelFlag()).status());
      assertEquals("7", Global.getParameter("smt.random_seed"));
      assertThrows(RuntimeException.class, () -> new Z3Solver(Map.of("smt.no_such_parameter", "1")));
    } finally {
      Global.resetParameters();
    }
  }
}
