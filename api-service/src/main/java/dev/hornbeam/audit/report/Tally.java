package dev.hornbeam.audit.report;

import dev.hornbeam.audit.Finding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the reports add up while the journal streams past: counts (overall, by reason, per account and
 * type), the solve times of the checks that ran, and the first {@link #SHOWN} PUBLIC and INVALID findings
 * for the HTML list. Memory grows with accounts × types and with the number of solved checks (one double
 * each), never with the findings themselves.
 */
final class Tally {
  /** At most this many PUBLIC (and, separately, INVALID) findings are kept for {@code report.html}. */
  static final int SHOWN = 5_000;

  /** Reasons for which the answer failed closed: reported PUBLIC without a proof. */
  static final Set<String> UNDECIDED = Set.of("TIMEOUT", "UNKNOWN", "ERROR", "OVERLOADED");

  /** Counts of one group of findings (the whole run, one account, one type, or one account and type). */
  static final class Counts {
    long resources;
    long publicSolved;
    long publicUndecided;
    long notPublic;
    long invalid;
    long deduplicated;
    /** Not public, but someone outside the zone of trust has access (or may: undecided). */
    long outside;

    long publicAll() {
      return publicSolved + publicUndecided;
    }

    void add(Finding f) {
      resources++;
      switch (f.result()) {
        case "PUBLIC" -> {
          if (isUndecided(f)) {
            publicUndecided++;
          } else {
            publicSolved++;
          }
        }
        case "NOT_PUBLIC" -> {
          notPublic++;
          if (f.outsideAccess()) {
            outside++;
          }
        }
        default -> invalid++;
      }
      if (f.deduplicated()) {
        deduplicated++;
      }
    }
  }

  final Counts total = new Counts();
  final Map<String, Long> byReason = new TreeMap<>();
  /** account → type → counts, both sorted. */
  final Map<String, Map<String, Counts>> byAccountType = new TreeMap<>();
  final Map<String, Counts> byAccount = new TreeMap<>();
  final Map<String, Counts> byType = new TreeMap<>();
  final List<Finding> publicShown = new ArrayList<>();
  final List<Finding> invalidShown = new ArrayList<>();
  /** The first {@link #SHOWN} resources that are not public but shared outside their zone of trust. */
  final List<Finding> outsideShown = new ArrayList<>();
  private double[] times = new double[1024];
  private int timeCount;
  private boolean sorted = true;

  static boolean isUndecided(Finding f) {
    return UNDECIDED.contains(f.reason());
  }

  /** A finding whose check really ran on a solver (not shared with an identical policy) and ended SOLVED. */
  static boolean isTimed(Finding f) {
    return !f.deduplicated() && "SOLVED".equals(f.reason());
  }

  void add(Finding f) {
    total.add(f);
    byReason.merge(f.reason(), 1L, Long::sum);
    byAccountType.computeIfAbsent(f.accountId(), a -> new TreeMap<>()).computeIfAbsent(f.resourceType(), t -> new Counts()).add(f);
    byAccount.computeIfAbsent(f.accountId(), a -> new Counts()).add(f);
    byType.computeIfAbsent(f.resourceType(), t -> new Counts()).add(f);
    if ("PUBLIC".equals(f.result()) && publicShown.size() < SHOWN) {
      publicShown.add(f);
    } else if ("INVALID".equals(f.result()) && invalidShown.size() < SHOWN) {
      invalidShown.add(f);
    } else if ("NOT_PUBLIC".equals(f.result()) && f.outsideAccess() && outsideShown.size() < SHOWN) {
      outsideShown.add(f);
    }
    if (isTimed(f)) {
      if (timeCount == times.length) {
        times = Arrays.copyOf(times, times.length * 2);
      }
      times[timeCount++] = f.solveMillis();
      sorted = false;
    }
  }

  /** The solve times (milliseconds) of the timed checks, ascending. */
  double[] solveTimes() {
    if (!sorted) {
      Arrays.sort(times, 0, timeCount);
      sorted = true;
    }
    return Arrays.copyOf(times, timeCount);
  }

  /** Nearest-rank percentile of ascending values ({@code q} in 0..1); 0 when there are none. */
  static double percentile(double[] ascending, double q) {
    if (ascending.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * ascending.length);
    return ascending[Math.max(0, Math.min(ascending.length, rank) - 1)];
  }
}
