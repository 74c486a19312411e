package dev.trainyard.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code results.md}: per workload the median and min–max over the measured runs of train time,
 * load time, peak RSS and quality per system, the ratio peer time / Trainyard time, the
 * calibration of equal-loss workloads, the charts and, where Trainyard lost, its JFR hot spots;
 * before all that, one line per goal of issue 7.
 */
final class Report {
  private Report() {}

  /** Medians and ranges of one system's successful measured runs on one workload. */
  record Summary(int n, double[] train, double[] load, double[] rssMiB, Map<String, double[]> metrics) {
    static Summary of(List<RunResult> runs, String workload, String system) {
      List<RunResult> rs = runs.stream().filter(r -> r.workload().equals(workload) && r.system().equals(system)
          && r.phase().equals("measured") && r.ok()).toList();
      Map<String, double[]> m = new LinkedHashMap<>();
      rs.stream().flatMap(r -> r.metrics().keySet().stream()).distinct().forEach(k -> m.put(k,
          stats(rs.stream().mapToDouble(r -> r.metric(k)).filter(v -> !Double.isNaN(v)).toArray())));
      return new Summary(rs.size(), stats(rs.stream().mapToDouble(RunResult::trainSeconds).toArray()),
          stats(rs.stream().mapToDouble(RunResult::loadSeconds).toArray()),
          stats(rs.stream().filter(r -> r.peakRssBytes() > 0).mapToDouble(r -> r.peakRssBytes() / 1048576.0).toArray()),
          m);
    }

    double metric(String key) {
      return metrics.getOrDefault(key, stats(new double[0]))[0];
    }
  }

  /**
   * Everything a report shows. {@code before}: Markdown after the goals (the overview chart);
   * {@code sections}: Markdown appended (distributed suites).
   */
  record Input(String title, String machine, String options, List<String> systems, Map<String, String> unavailable,
      List<Workload> workloads, List<RunResult> runs, Map<String, Comparison.Calibration> calibrations,
      Map<String, JfrSummary> profiles, Map<String, Double> wallSeconds, Map<String, List<String>> charts,
      List<String> goals, List<String> before, List<String> sections) {}

  static String markdown(Input in) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(in.title()).append("\n\n");
    sb.append("Machine: ").append(in.machine()).append("  \n");
    sb.append("Options: ").append(in.options()).append("\n\n");
    sb.append("Systems:\n");
    for (String s : in.systems()) {
      String why = in.unavailable().get(s);
      sb.append("- ").append(s).append(why == null ? "" : ": **not run**: " + why).append('\n');
    }
    if (!in.goals().isEmpty()) {
      sb.append("\n## Goals of issue 7\n\n");
      in.goals().forEach(g -> sb.append("- ").append(g).append('\n'));
    }
    in.before().forEach(s -> sb.append('\n').append(s.strip()).append('\n'));
    for (Workload w : in.workloads()) {
      workload(sb, in, w);
    }
    in.sections().forEach(s -> sb.append('\n').append(s.strip()).append('\n'));
    return sb.toString();
  }

  private static void workload(StringBuilder sb, Input in, Workload w) {
    sb.append("\n## ").append(w.id()).append(": ").append(w.title()).append("\n\n");
    sb.append(String.format(Locale.ROOT, "Data: `%s` (%,d train / %,d test rows): %s. Parameters: %s. Wall time of"
            + " the whole workload (every run, start-up and loading included): %.0f s.%n%n", w.data().name(),
        w.data().trainRows(), w.data().testRows(), w.data().note(), w.params(),
        in.wallSeconds().getOrDefault(w.id(), Double.NaN)));
    List<String> metrics = w.metrics();
    sb.append("| system | runs | train s median (min–max) | load s | peak RSS MiB |");
    metrics.forEach(m -> sb.append(' ').append(m).append(" |"));
    sb.append(" peer time / Trainyard time |\n|---|---|---|---|---|");
    metrics.forEach(m -> sb.append("---|"));
    sb.append("---|\n");
    Summary ours = Summary.of(in.runs(), w.id(), Systems.TRAINYARD);
    for (String s : in.systems()) {
      Summary x = Summary.of(in.runs(), w.id(), s);
      String status = status(in.runs(), w.id(), s);
      if (x.n() == 0) {
        sb.append("| ").append(s).append(" | 0 | ").append(status == null ? "no measured run" : status)
            .append(" |").append(" |".repeat(3 + metrics.size())).append('\n');
        continue;
      }
      sb.append("| ").append(s.equals(Systems.TRAINYARD) ? "**trainyard**" : s).append(" | ").append(x.n())
          .append(" | ").append(range(x.train(), "%.2f")).append(" | ").append(range(x.load(), "%.2f")).append(" | ")
          .append(range(x.rssMiB(), "%.0f")).append(" |");
      for (String m : metrics) {
        sb.append(' ').append(range(x.metrics().getOrDefault(m, stats(new double[0])), "%.4f")).append(" |");
      }
      sb.append(' ').append(s.equals(Systems.TRAINYARD) ? "1.00"
          : String.format(Locale.ROOT, "%.2f", x.train()[0] / ours.train()[0])).append(" |\n");
    }
    Comparison.Calibration c = in.calibrations().get(w.id());
    if (c != null) {
      calibration(sb, in, w, c);
    }
    for (String chart : in.charts().getOrDefault(w.id(), List.of())) {
      sb.append("\n![").append(chart).append("](").append(chart).append(")");
    }
    sb.append('\n');
    JfrSummary p = in.profiles().get(w.id());
    if (p != null) {
      sb.append("\n**Trainyard is slower or less accurate than a peer here.** JFR profile of one extra Trainyard run"
          + " (not timed): `").append(p.file()).append("` (").append(p.samples()).append(" execution samples, ")
          .append(p.window()).append(").\n\n");
      sb.append(p.markdown());
    }
  }

  private static void calibration(StringBuilder sb, Input in, Workload w, Comparison.Calibration c) {
    sb.append(String.format(Locale.ROOT, "%nEqual-%s comparison: target %s = %.5f (%.0f%% above the worst of the"
        + " included systems' best; bench/README.md). Measured budget per system (%s): ", c.metric(), c.metric(),
        c.target(), 100 * (Comparison.TARGET_SLACK - 1), String.join(" / ", w.ladder().keys())));
    List<String> parts = new ArrayList<>();
    c.budget().forEach((s, b) -> parts.add(s + " " + b + (c.excluded().contains(s)
        ? String.format(Locale.ROOT, " (did not reach the target: best %.5f, more than %.0f%% above the best system;"
            + " measured at its best)", c.best().get(s), 100 * (Comparison.EXCLUDE_ABOVE - 1)) : "")));
    sb.append(String.join(", ", parts)).append(".\n\n");
    sb.append("Calibration runs (").append(c.metric()).append(" by budget; train s in brackets):\n\n");
    sb.append("| system | ladder |\n|---|---|\n");
    for (String s : in.systems()) {
      List<String> cells = new ArrayList<>();
      in.runs().stream().filter(r -> r.workload().equals(w.id()) && r.system().equals(s)
          && r.phase().equals("calibration")).forEach(r -> cells.add(r.ok()
          ? String.format(Locale.ROOT, "%s: %.5f (%.2f s)", r.params().get(w.ladder().keys().get(0)),
          r.metric(c.metric()), r.trainSeconds()) : r.params().get(w.ladder().keys().get(0)) + ": " + r.status()));
      if (!cells.isEmpty()) {
        sb.append("| ").append(s).append(" | ").append(String.join("; ", cells)).append(" |\n");
      }
    }
  }

  /** The not-run or failed status of a system on a workload, if it has one. */
  static String status(List<RunResult> runs, String workload, String system) {
    return runs.stream().filter(r -> r.workload().equals(workload) && r.system().equals(system) && !r.ok())
        .map(RunResult::status).findFirst().orElse(null);
  }

  static String range(double[] s, String fmt) {
    if (Double.isNaN(s[0])) {
      return "–";
    }
    String med = String.format(Locale.ROOT, fmt, s[0]);
    if (s[1] == s[2]) {
      return med;
    }
    return med + " (" + String.format(Locale.ROOT, fmt, s[1]) + "–" + String.format(Locale.ROOT, fmt, s[2]) + ")";
  }

  /** {median, min, max}; NaNs when empty. */
  static double[] stats(double[] v) {
    if (v.length == 0) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    double[] s = v.clone();
    Arrays.sort(s);
    double med = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    return new double[] {med, s[0], s[s.length - 1]};
  }
}
