package dev.hornbeam.audit.flink;

import dev.hornbeam.cli.HornbeamCli;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * {@code hornbeam audit} under another name, for {@code flink run -c dev.hornbeam.audit.flink.FlinkAuditMain hornbeam.jar
 * INPUT... --out DIR} and for tests that start it as a class: the same options, output and exit status (there is one
 * audit). {@code --cluster HOST:PORT} is {@code --flink HOST:PORT}.
 */
public final class FlinkAuditMain {
  private FlinkAuditMain() {}

  public static void main(String[] args) {
    String[] all = new String[args.length + 1];
    all[0] = "audit";
    System.arraycopy(args, 0, all, 1, args.length);
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(HornbeamCli.run(out, err, all));
  }
}
