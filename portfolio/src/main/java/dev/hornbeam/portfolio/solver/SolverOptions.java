package dev.hornbeam.portfolio.solver;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Native solver options taken from system properties {@code hornbeam.<solver>.option.<name>=<value>},
 * e.g. {@code -Dhornbeam.cvc5.option.strings-exp=true} or {@code -Dhornbeam.z3.option.smt.random_seed=7}
 * (a worker process gets them through {@code WorkerLaunch.jvmOptions}). Z3 options are Z3 global
 * parameters ({@code Global.setParameter}), cvc5 options are {@code Solver.setOption}s; a name the solver
 * does not know fails its queries. Only for measuring (the upgrade gate, BENCHMARKS.md): the product sets none.
 */
public final class SolverOptions {
  private SolverOptions() {}

  public static String prefix(SolverId id) {
    return "hornbeam." + id.key() + ".option.";
  }

  /** The options for {@code id} among {@code props}, sorted by name. */
  public static Map<String, String> from(Properties props, SolverId id) {
    Map<String, String> options = new TreeMap<>();
    String prefix = prefix(id);
    for (String name : props.stringPropertyNames()) {
      if (name.startsWith(prefix) && name.length() > prefix.length()) {
        options.put(name.substring(prefix.length()), props.getProperty(name));
      }
    }
    return options;
  }

  static Map<String, String> fromSystemProperties(SolverId id) {
    return from(System.getProperties(), id);
  }
}
