package dev.trainyard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The goals of issue 7 held against the measured medians: one line per goal and workload saying
 * met, not met (with the numbers) or not measured (and why). "Equal" quality means within
 * {@link #SCORE_TOLERANCE} (accuracy, AUC: absolute) or {@link #LOSS_TOLERANCE} (losses, RMSE:
 * relative) of the peer.
 */
final class Goals {
  static final double SCORE_TOLERANCE = 0.005;
  static final double LOSS_TOLERANCE = 0.01;

  private Goals() {}

  /** {@code a} is better than {@code b} by more than the tolerance. */
  static boolean clearlyBetter(String metric, double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return false;
    }
    return Workload.lowerIsBetter(metric) ? a < b * (1 - LOSS_TOLERANCE) : a > b + SCORE_TOLERANCE;
  }

  /** Trainyard's {@code ours} is equal to or better than the peer's {@code theirs}. */
  static boolean atLeastAsGood(String metric, double ours, double theirs) {
    return !Double.isNaN(ours) && !Double.isNaN(theirs) && !clearlyBetter(metric, theirs, ours);
  }

  /** Lines for the comparison workloads. */
  static List<String> lines(List<Workload> workloads, List<RunResult> runs, List<String> systems,
      Map<String, Comparison.Calibration> calibrations) {
    List<String> out = new ArrayList<>();
    for (Workload w : workloads) {
      Comparison.Calibration c = calibrations.get(w.id());
      switch (w.goal()) {
        case FOREST -> {
          out.add(line(w, c, runs, systems, "spark", 5.0));
          out.add(line(w, c, runs, systems, Systems.SKLEARN, 1.0));
          out.add(line(w, c, runs, systems, "h2o", 1.0));
        }
        case LINEAR -> out.add(line(w, c, runs, systems, "spark", 5.0));
        case ALS -> out.add(line(w, c, runs, systems, "spark", 3.0));
        default -> throw new IllegalStateException("goal " + w.goal());
      }
    }
    return out;
  }

  private static String line(Workload w, Comparison.Calibration c, List<RunResult> runs, List<String> systems,
      String peer, double factor) {
    String what = String.format(Locale.ROOT, "`%s`: %s than %s%s", w.id(),
        factor > 1 ? String.format(Locale.ROOT, ">= %.0fx faster", factor) : "faster", peer,
        c != null ? String.format(Locale.ROOT, " to the same test %s (target %.4f)", c.metric(), c.target())
            : " at equal or better " + w.quality());
    if (!systems.contains(peer)) {
      return what + ": **not measured** (" + peer + " not requested with --peers)";
    }
    Report.Summary ours = Report.Summary.of(runs, w.id(), Systems.TRAINYARD);
    Report.Summary theirs = Report.Summary.of(runs, w.id(), peer);
    if (ours.n() > 0 && theirs.n() == 0) {
      String why = Report.status(runs, w.id(), peer);
      java.util.regex.Matcher m = why == null ? null
          : java.util.regex.Pattern.compile("timed out after (\\d+) s").matcher(why);
      if (m != null && m.find()) {
        // a lower bound on the speed-up; the peer's quality stays unknown, so the goal is not judged
        return String.format(Locale.ROOT, "%s: **not measured** (%s did not finish within %s s: trainyard's %.2f s"
            + " is at least %.0fx faster, but %s's %s is unknown)", what, peer, m.group(1), ours.train()[0],
            Double.parseDouble(m.group(1)) / ours.train()[0], peer, w.quality());
      }
    }
    if (ours.n() == 0 || theirs.n() == 0) {
      String why = Report.status(runs, w.id(), ours.n() == 0 ? Systems.TRAINYARD : peer);
      return what + ": **not measured** (" + (ours.n() == 0 ? "trainyard" : peer) + " "
          + (why == null ? "has no measured run" : why) + ")";
    }
    double ratio = theirs.train()[0] / ours.train()[0];
    boolean fast = factor > 1 ? ratio >= factor : ratio > 1;
    String metric = c != null ? c.metric() : w.quality();
    double q = ours.metric(metric);
    double qp = theirs.metric(metric);
    boolean good;
    String why;
    if (c != null) {
      // equal loss by construction, unless a system never reached the common target
      good = !c.excluded().contains(Systems.TRAINYARD);
      why = good ? (c.excluded().contains(peer) ? " (" + peer + " never reached the target; its time is to its best)"
          : "") : String.format(Locale.ROOT, " (trainyard never reached the target: its best was %.4f)",
          c.best().get(Systems.TRAINYARD));
    } else {
      good = atLeastAsGood(metric, q, qp);
      why = good ? "" : " (trainyard's quality is worse beyond the tolerance)";
    }
    String verdict = fast && good ? "**met**" : "**not met**";
    return String.format(Locale.ROOT, "%s: %s — %s %.2f s vs trainyard %.2f s (%.2fx), %s %.4f vs %.4f%s", what,
        verdict, peer, theirs.train()[0], ours.train()[0], ratio, metric, qp, q, why);
  }

  /** The parallel-efficiency line from the jobs suite's forest summary (null: not run, with why). */
  static String forestEfficiency(Map<String, Object> summary, String whyNot) {
    if (summary == null) {
      return "Parallel efficiency 1 → 2 workers, random forest job >= 90%: **not measured** (" + whyNot + ")";
    }
    double e = (double) summary.get("parallel_efficiency");
    return String.format(Locale.ROOT, "Parallel efficiency 1 → 2 workers, random forest job >= 90%%: %s — T1 %.2f s,"
            + " T2 %.2f s, T1 / (2 T2) = %.1f%%", e >= 0.9 ? "**met**" : "**not met**",
        (double) summary.get("job_seconds_1_worker"), (double) summary.get("job_seconds_2_workers"), 100 * e);
  }

  static String psThroughput(List<PsThroughput.Result> ps, String whyNot) {
    if (ps == null || ps.isEmpty()) {
      return "PS dense push+pull >= 50% of raw loopback TCP: **not measured** (" + whyNot + ")";
    }
    List<String> parts = new ArrayList<>();
    boolean met = true;
    for (PsThroughput.Result r : ps) {
      parts.add(String.format(Locale.ROOT, "%d shard(s) %.3f GB/s vs raw %.3f GB/s = %.0f%%", r.shards(), r.denseGbps(),
          r.rawGbps(), 100 * r.ratioToRaw()));
      met &= r.ratioToRaw() >= 0.5;
    }
    return "PS dense push+pull >= 50% of raw loopback TCP (PS issue): " + (met ? "**met**" : "**not met**") + " — "
        + String.join("; ", parts);
  }

  static String psSgdEfficiency() {
    return "Parallel efficiency 1 → 2 workers, PS-SGD >= 80%: **not measured** (this harness has no PS-trained"
        + " softmax job on 1 vs 2 worker processes yet)";
  }
}
