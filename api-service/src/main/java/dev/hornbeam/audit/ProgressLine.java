package dev.hornbeam.audit;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Shows an audit's progress on stderr: a live bar redrawn in place on a terminal (done/total, rate, ETA,
 * public so far), plain lines every {@code plainEvery} otherwise (logs, CI).
 */
public final class ProgressLine {
  private final PrintWriter err;
  private final boolean terminal;
  private final Duration plainEvery;
  private long lastPlain;

  public ProgressLine(PrintWriter err, boolean terminal, Duration plainEvery) {
    this.err = err;
    this.terminal = terminal;
    this.plainEvery = plainEvery;
  }

  /**
   * Whether this process's stderr is a terminal, so that a bar redrawn with escape codes can be shown.
   * {@code System.console()} answers for stdin and stdout, not stderr ({@code 2> log} kept the bar and
   * leaked escape codes into the log): on Linux, fd 2's link names a tty or pty. Anywhere else, or with
   * {@code TERM=dumb}, the answer is no (plain lines are always safe).
   */
  public static boolean stderrIsTerminal() {
    String term = System.getenv("TERM");
    if (term == null || term.isEmpty() || term.equals("dumb")) {
      return false;
    }
    try {
      String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  public synchronized void show(Progress p, boolean last) {
    String text = describe(p);
    if (terminal) {
      int width = 30;
      int filled = p.total() <= 0 ? 0 : (int) Math.min(width, width * p.done() / p.total());
      err.print("\r[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + text + "\033[K" + (last ? "\n" : ""));
      err.flush();
    } else {
      long now = System.nanoTime();
      if (last || now - lastPlain >= plainEvery.toNanos()) {
        lastPlain = now;
        err.println("audit: " + text);
        err.flush();
      }
    }
  }

  /** A line for the user between progress lines (resumed from a checkpoint, audited afresh, …): on a terminal, the bar is cleared first. */
  public synchronized void note(String text) {
    if (terminal) {
      err.print("\r\033[K");
    }
    err.println("audit: " + text);
    err.flush();
  }

  static String describe(Progress p) {
    long left = Math.max(0, p.total() - p.done());
    String eta = p.perSecond() > 0 ? formatSeconds(left / p.perSecond()) : "?";
    return String.format("%d/%d resources, %.0f/s, ETA %s, %d public, %d invalid, %d unreadable records%s", p.done(), p.total(),
        p.perSecond(), eta, p.publicSoFar(), p.invalid(), p.bad(), p.resumed() > 0 ? " (" + p.resumed() + " from an earlier run)" : "");
  }

  static String formatSeconds(double s) {
    long secs = Math.round(s);
    return secs >= 3600 ? String.format("%dh%02dm", secs / 3600, secs % 3600 / 60)
        : secs >= 60 ? String.format("%dm%02ds", secs / 60, secs % 60) : secs + "s";
  }
}
