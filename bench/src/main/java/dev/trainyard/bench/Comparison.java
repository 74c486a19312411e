package dev.trainyard.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs workloads on Trainyard and its peers in alternation (A B C A B C per repeat): for a
 * workload with a ladder, first the calibration to a common loss (bench/README.md), then the
 * measured runs at each system's budget; afterwards, where Trainyard lost, one extra Trainyard run
 * under JFR. Keeps every run; calls {@code onRun} after each so that partial results are saved.
 * Not thread-safe.
 */
final class Comparison {
  /** Relative improvement below which a ladder stops climbing. */
  static final double LADDER_STOP = 0.001;
  /** The common target is this factor above the worst best loss among the included systems. */
  static final double TARGET_SLACK = 1.01;
  /** A system whose best loss is more than this factor above the best system's is left out of the target. */
  static final double EXCLUDE_ABOVE = 1.05;

  private final Systems systems;
  private final List<String> order;
  private final Map<String, String> unavailable;
  private final int repeat;
  private final Path profileDir;
  private final Runnable onRun;
  private final List<RunResult> runs = new ArrayList<>();
  private final Map<String, Calibration> calibrations = new LinkedHashMap<>();
  private final Map<String, JfrSummary> profiles = new LinkedHashMap<>();
  private final Map<String, Double> wallSeconds = new LinkedHashMap<>();

  /**
   * The outcome of a ladder: each system's best loss, the common target, the budget each system
   * is measured at, and the systems left out of the target (they are measured at their best rung).
   */
  record Calibration(String metric, Map<String, Double> best, double target, Map<String, Integer> budget,
      Set<String> excluded) {}

  /**
   * @param order Trainyard first, then the peers, in run order
   * @param unavailable system → why it cannot run (those are recorded as not run)
   * @param profileDir where JFR profiles go; null: no profiling runs
   */
  Comparison(Systems systems, List<String> order, Map<String, String> unavailable, int repeat, Path profileDir,
      Runnable onRun) {
    this.systems = systems;
    this.order = List.copyOf(order);
    this.unavailable = Map.copyOf(unavailable);
    this.repeat = repeat;
    this.profileDir = profileDir;
    this.onRun = onRun;
  }

  List<RunResult> runs() {
    return List.copyOf(runs);
  }

  Map<String, Calibration> calibrations() {
    return Map.copyOf(calibrations);
  }

  Map<String, JfrSummary> profiles() {
    return Map.copyOf(profiles);
  }

  /** Wall seconds each workload took in all (every system's runs, start-up and loading included). */
  Map<String, Double> wallSeconds() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(wallSeconds));
  }

  void run(Workload w) {
    long t0 = System.nanoTime();
    try {
      runTimed(w);
    } finally {
      wallSeconds.put(w.id(), (System.nanoTime() - t0) / 1e9);
      System.out.printf(Locale.ROOT, "== %s took %.0f s of wall time%n", w.id(), wallSeconds.get(w.id()));
    }
  }

  private void runTimed(Workload w) {
    System.out.printf(Locale.ROOT, "%n== %s: %s (%,d train / %,d test rows)%n", w.id(), w.title(),
        w.data().trainRows(), w.data().testRows());
    Set<String> active = new LinkedHashSet<>();
    for (String s : order) {
      if (unavailable.containsKey(s)) {
        add(RunResult.notRun(s, w.id(), unavailable.get(s)).as(w.id(), 0, "measured", w.params()));
      } else {
        active.add(s);
      }
    }
    Map<String, Integer> budget = new LinkedHashMap<>();
    if (w.ladder() != null) {
      Calibration c = calibrate(w, active);
      calibrations.put(w.id(), c);
      budget.putAll(c.budget());
      active.retainAll(c.budget().keySet());
      reuseCalibrationRuns(w, c);
    }
    for (int r = w.ladder() != null ? 2 : 1; r <= repeat; r++) {
      for (String s : new ArrayList<>(active)) {
        RunResult res = once(w, s, withBudget(w, budget.get(s)), r, "measured", null, active);
        if (res != null && !res.ok()) {
          active.remove(s); // a failure repeats itself: the rest of its runs would only cost time
        }
      }
    }
    if (profileDir != null && active.contains(Systems.TRAINYARD) && trainyardLost(w)) {
      Path jfr = profileDir.resolve(w.id() + ".jfr");
      RunResult res = once(w, Systems.TRAINYARD, withBudget(w, budget.get(Systems.TRAINYARD)), 0, "profile", jfr,
          active);
      if (res != null && res.ok()) {
        java.time.Instant from = null;
        java.time.Instant to = null;
        try {
          String[] window = java.nio.file.Files.readString(Systems.windowFile(jfr)).trim().split(" ");
          from = java.time.Instant.parse(window[0]);
          to = java.time.Instant.parse(window[1]);
        } catch (java.io.IOException | RuntimeException e) {
          // no window written: summarize the whole run
        }
        profiles.put(w.id(), JfrSummary.of(jfr, from, to));
      }
    }
  }

  /**
   * The calibration run at a system's budget is its first measured run (it is one: its own
   * process, same files and parameters), recorded again as phase "measured" with parameter
   * {@code bench.source=calibration}; the further repeats are fresh runs.
   */
  private void reuseCalibrationRuns(Workload w, Calibration c) {
    String key = w.ladder().keys().get(0);
    for (String s : order) {
      Integer b = c.budget().get(s);
      if (b == null) {
        continue;
      }
      runs.stream().filter(r -> r.workload().equals(w.id()) && r.system().equals(s) && r.phase().equals("calibration")
          && r.ok() && Integer.toString(b).equals(r.params().get(key))).findFirst().ifPresent(r -> {
            Map<String, String> p = new LinkedHashMap<>(r.params());
            p.put("bench.source", "calibration");
            add(r.as(w.id(), 1, "measured", p));
          });
    }
  }

  /** Runs the ladder: rung k of every system still climbing, then rung k + 1, ... */
  private Calibration calibrate(Workload w, Set<String> active) {
    Workload.Ladder l = w.ladder();
    boolean lower = Workload.lowerIsBetter(l.lossMetric());
    Map<String, List<double[]>> curve = new LinkedHashMap<>();
    Set<String> climbing = new LinkedHashSet<>(active);
    int maxRungs = active.stream().mapToInt(s -> l.rungs(s).size()).max().orElse(0);
    for (int k = 0; k < maxRungs; k++) {
      for (String s : new ArrayList<>(climbing)) {
        List<Integer> rungs = l.rungs(s);
        if (k >= rungs.size()) {
          climbing.remove(s);
          continue;
        }
        RunResult res = once(w, s, withBudget(w, rungs.get(k)), k + 1, "calibration", null, active);
        if (res == null || !res.ok() || Double.isNaN(res.metric(l.lossMetric()))) {
          climbing.remove(s);
          continue;
        }
        double loss = lower ? res.metric(l.lossMetric()) : -res.metric(l.lossMetric());
        List<double[]> c = curve.computeIfAbsent(s, x -> new ArrayList<>());
        double prev = c.stream().mapToDouble(p -> p[1]).min().orElse(Double.POSITIVE_INFINITY);
        c.add(new double[] {rungs.get(k), loss});
        if (prev - loss < LADDER_STOP * Math.abs(prev)) {
          climbing.remove(s);
        }
      }
    }
    Map<String, Double> best = new LinkedHashMap<>();
    curve.forEach((s, c) -> best.put(s, c.stream().mapToDouble(p -> p[1]).min().orElseThrow()));
    double globalBest = best.values().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    Set<String> excluded = new LinkedHashSet<>();
    double target = Double.NEGATIVE_INFINITY;
    for (Map.Entry<String, Double> e : best.entrySet()) {
      if (e.getValue() - globalBest > (EXCLUDE_ABOVE - 1) * Math.abs(globalBest)) {
        excluded.add(e.getKey());
      } else {
        target = Math.max(target, e.getValue());
      }
    }
    target = target + (TARGET_SLACK - 1) * Math.abs(target);
    Map<String, Integer> budget = new LinkedHashMap<>();
    for (Map.Entry<String, List<double[]>> e : curve.entrySet()) {
      double goal = excluded.contains(e.getKey()) ? best.get(e.getKey()) : target;
      for (double[] p : e.getValue()) {
        if (p[1] <= goal) {
          budget.put(e.getKey(), (int) p[0]);
          break;
        }
      }
    }
    Map<String, Double> shownBest = new LinkedHashMap<>();
    best.forEach((s, v) -> shownBest.put(s, lower ? v : -v));
    Calibration c = new Calibration(l.lossMetric(), shownBest, lower ? target : -target, budget, excluded);
    System.out.printf(Locale.ROOT, "calibration %s: target %s %.5f, budgets %s, excluded %s%n", w.id(),
        l.lossMetric(), c.target(), budget, excluded);
    return c;
  }

  /** Runs once; returns null (after recording "not run") when the system does not do the workload. */
  private RunResult once(Workload w, String system, Map<String, String> params, int r, String phase, Path jfr,
      Set<String> active) {
    RunResult res;
    try {
      res = systems.run(system, w, params, jfr);
    } catch (Systems.Unsupported u) {
      add(RunResult.notRun(system, w.id(), u.getMessage()).as(w.id(), 0, "measured", params));
      active.remove(system);
      return null;
    }
    res = res.as(w.id(), r, phase, params);
    add(res);
    return res;
  }

  private void add(RunResult r) {
    runs.add(r);
    if (r.ok()) {
      System.out.printf(Locale.ROOT, "%-10s %-15s %-11s %d: train %8.2f s, load %6.2f s, rss %6.0f MiB, %s%n",
          r.system(), r.workload(), r.phase(), r.repeat(), r.trainSeconds(), r.loadSeconds(),
          r.peakRssBytes() / 1048576.0, r.metrics());
    } else {
      System.out.printf(Locale.ROOT, "%-10s %-15s %s%n", r.system(), r.workload(), r.status());
    }
    onRun.run();
  }

  private static Map<String, String> withBudget(Workload w, Integer budget) {
    Map<String, String> p = new LinkedHashMap<>(w.params());
    if (budget != null && w.ladder() != null) {
      for (String k : w.ladder().keys()) {
        p.put(k, Integer.toString(budget));
      }
    }
    return p;
  }

  /** A peer was faster (median train time) or clearly better (quality beyond the tolerance of {@link Goals}). */
  private boolean trainyardLost(Workload w) {
    Report.Summary ours = Report.Summary.of(runs, w.id(), Systems.TRAINYARD);
    if (ours.n() == 0) {
      return false;
    }
    for (String s : order) {
      Report.Summary peer = Report.Summary.of(runs, w.id(), s);
      if (s.equals(Systems.TRAINYARD) || peer.n() == 0) {
        continue;
      }
      if (peer.train()[0] < ours.train()[0] || Goals.clearlyBetter(w.quality(), peer.metric(w.quality()),
          ours.metric(w.quality()))) {
        return true;
      }
    }
    return false;
  }
}
