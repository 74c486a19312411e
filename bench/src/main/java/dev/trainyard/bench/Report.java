package dev.trainyard.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Markdown table of benchmark runs: median and min–max per system and workload, ratio to Trainyard. */
final class Report {
  private Report() {}

  static String markdown(String suite, List<RunResult> runs, String machine) {
    StringBuilder sb = new StringBuilder();
    sb.append("## ").append(suite).append("\n\n").append("Machine: ").append(machine).append("\n\n");
    sb.append("| workload | system | train s (median, min–max) | accuracy | log loss | peer time / Trainyard time |\n");
    sb.append("|---|---|---|---|---|---|\n");
    Set<String> workloads = new LinkedHashSet<>();
    runs.forEach(r -> workloads.add(r.workload()));
    for (String w : workloads) {
      Map<String, List<RunResult>> bySystem = new LinkedHashMap<>();
      runs.stream().filter(r -> r.workload().equals(w))
          .forEach(r -> bySystem.computeIfAbsent(r.system(), k -> new ArrayList<>()).add(r));
      double ours = median(bySystem.getOrDefault("trainyard", List.of()));
      bySystem.forEach((system, rs) -> {
        double med = median(rs);
        double min = rs.stream().mapToDouble(RunResult::trainSeconds).min().orElse(Double.NaN);
        double max = rs.stream().mapToDouble(RunResult::trainSeconds).max().orElse(Double.NaN);
        sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f (%.2f–%.2f) | %.4f | %.4f | %s |%n", w, system, med, min, max,
            medianMetric(rs, "accuracy"), medianMetric(rs, "log_loss"),
            system.equals("trainyard") ? "1.00" : String.format(Locale.ROOT, "%.2f", med / ours)));
      });
    }
    return sb.toString();
  }

  private static double median(List<RunResult> rs) {
    return median(rs.stream().mapToDouble(RunResult::trainSeconds).toArray());
  }

  private static double medianMetric(List<RunResult> rs, String key) {
    return median(rs.stream().mapToDouble(r -> r.metrics().getOrDefault(key, Double.NaN)).toArray());
  }

  private static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
