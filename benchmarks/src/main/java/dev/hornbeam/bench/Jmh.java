package dev.hornbeam.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hornbeam-bench jmh [JMH ARGS]}: the JMH micro-benchmarks ({@code dev.hornbeam.bench.jmh}), every
 * argument handed to {@code org.openjdk.jmh.Main} unchanged ({@code -l} lists them, {@code -h} is JMH's
 * help). The benchmark list is generated at compile time by JMH's annotation processor and shaded into the
 * jar ({@code META-INF/BenchmarkList}); forks run this jar's class path.
 */
@Command(name = "jmh", description = "Runs the JMH micro-benchmarks; all arguments go to JMH (e.g. -l, -f 1 -wi 3 -i 5 PolicyBench).")
public final class Jmh implements Callable<Integer> {
  @CommandLine.Unmatched
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    org.openjdk.jmh.Main.main(args.toArray(String[]::new));
    return 0;
  }
}
