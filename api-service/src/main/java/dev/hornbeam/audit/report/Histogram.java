package dev.hornbeam.audit.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The solve-time chart of {@code report.html}: an inline SVG histogram of solve times on log-scaled
 * buckets (1-2-5 steps per decade, from 10 µs), with labelled axes.
 */
final class Histogram {
  private Histogram() {}

  static final int WIDTH = 900;
  static final int HEIGHT = 320;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 20;
  private static final int BOTTOM = 70;

  /** Lower bucket edges in milliseconds: 0, then 0.01, 0.02, 0.05, 0.1, … 500,000. */
  static final double[] EDGES = edges();

  private static double[] edges() {
    List<Double> e = new ArrayList<>();
    e.add(0.0);
    for (int decade = -2; decade <= 5; decade++) {
      for (int step : new int[] {1, 2, 5}) {
        e.add(step * Math.pow(10, decade));
      }
    }
    return e.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The bucket of a solve time: the last edge not above it. */
  static int bucket(double ms) {
    int b = 0;
    while (b + 1 < EDGES.length && ms >= EDGES[b + 1] * (1 - 1e-12)) {
      b++;
    }
    return b;
  }

  static long[] counts(double[] times) {
    long[] counts = new long[EDGES.length];
    for (double t : times) {
      counts[bucket(t)]++;
    }
    return counts;
  }

  static String label(double ms) {
    if (ms == 0) {
      return "0";
    }
    if (ms >= 1000) {
      return trim(ms / 1000) + " s";
    }
    if (ms >= 1) {
      return trim(ms) + " ms";
    }
    return trim(ms * 1000) + " \u00b5s";
  }

  private static String trim(double v) {
    long r = Math.round(v);
    return Math.abs(v - r) < 1e-9 ? Long.toString(r) : Double.toString(v);
  }

  /** Appends the chart (or a sentence when no check ran on a solver). */
  static void svg(StringBuilder h, double[] times) {
    if (times.length == 0) {
      h.append("<p>No check ran on a solver and ended SOLVED (all answers were shared, undecided or invalid).</p>\n");
      return;
    }
    long[] counts = counts(times);
    int first = 0;
    while (counts[first] == 0) {
      first++;
    }
    int last = counts.length - 1;
    while (counts[last] == 0) {
      last--;
    }
    long max = 0;
    for (int i = first; i <= last; i++) {
      max = Math.max(max, counts[i]);
    }
    int n = last - first + 1;
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    double barW = plotW / n;
    double baseY = TOP + plotH;
    h.append("<p>").append(times.length)
        .append(" checks that ran on a solver and ended SOLVED (answers shared with an identical policy are not counted).</p>\n")
        .append("<svg class=\"histogram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
        .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"Histogram of solve times\">\n")
        .append("<title>Histogram of solve times (log-scaled buckets)</title>\n");
    // bars
    for (int i = first; i <= last; i++) {
      double x = LEFT + (i - first) * barW;
      double bh = counts[i] == 0 ? 0 : Math.max(1, plotH * counts[i] / max);
      String range = label(EDGES[i]) + (i + 1 < EDGES.length ? " \u2013 " + label(EDGES[i + 1]) : " and more");
      h.append("<rect class=\"bar\" x=\"").append(Html.fmt(x + 1)).append("\" y=\"").append(Html.fmt(baseY - bh))
          .append("\" width=\"").append(Html.fmt(Math.max(1, barW - 2))).append("\" height=\"").append(Html.fmt(bh))
          .append("\" fill=\"#3b6fb6\"><title>").append(Html.esc(range)).append(": ").append(counts[i])
          .append("</title></rect>\n");
    }
    // axes
    h.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(Html.fmt(baseY)).append("\" x2=\"").append(WIDTH - RIGHT)
        .append("\" y2=\"").append(Html.fmt(baseY)).append("\" stroke=\"#222\"/>\n");
    h.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT).append("\" y2=\"")
        .append(Html.fmt(baseY)).append("\" stroke=\"#222\"/>\n");
    // x tick labels: each bucket's lower edge, rotated
    for (int i = first; i <= last + 1 && i < EDGES.length; i++) {
      double x = LEFT + (i - first) * barW;
      h.append("<text class=\"xtick\" x=\"").append(Html.fmt(x)).append("\" y=\"").append(Html.fmt(baseY + 14))
          .append("\" text-anchor=\"end\" transform=\"rotate(-40 ").append(Html.fmt(x)).append(' ').append(Html.fmt(baseY + 14))
          .append(")\">").append(Html.esc(label(EDGES[i]))).append("</text>\n");
    }
    // y ticks: 0, half, max
    for (long v : new long[] {0, max / 2, max}) {
      double y = baseY - plotH * v / max;
      h.append("<line x1=\"").append(LEFT - 4).append("\" y1=\"").append(Html.fmt(y)).append("\" x2=\"").append(LEFT)
          .append("\" y2=\"").append(Html.fmt(y)).append("\" stroke=\"#222\"/>")
          .append("<text class=\"ytick\" x=\"").append(LEFT - 6).append("\" y=\"").append(Html.fmt(y + 4))
          .append("\" text-anchor=\"end\">").append(v).append("</text>\n");
    }
    h.append("<text class=\"xlabel\" x=\"").append(Html.fmt(LEFT + plotW / 2)).append("\" y=\"").append(HEIGHT - 6)
        .append("\" text-anchor=\"middle\">solve time (log-scaled buckets)</text>\n");
    h.append("<text class=\"ylabel\" x=\"16\" y=\"").append(Html.fmt(TOP + plotH / 2)).append("\" text-anchor=\"middle\" transform=\"rotate(-90 16 ")
        .append(Html.fmt(TOP + plotH / 2)).append(")\">checks</text>\n");
    h.append("</svg>\n");
  }
}
