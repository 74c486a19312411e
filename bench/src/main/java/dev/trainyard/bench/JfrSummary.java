package dev.trainyard.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hot spots of a JFR recording: execution samples counted by their top frame (self time), by
 * their topmost Trainyard frame (where in our code the time goes, callees included) and by that
 * frame's package. The "what would close the gap" hint is chosen from the hottest package; a
 * person reading the profile writes the real note (docs/benchmarks.md). Immutable.
 */
record JfrSummary(String file, String window, long samples, Map<String, Long> selfTop,
    Map<String, Long> trainyardTop, Map<String, Long> packages) {
  private static final int TOP = 8;
  private static final String OURS = "dev.trainyard.";

  /** Summarizes the samples of {@code jfr} between {@code from} and {@code to} (either null: unbounded). */
  static JfrSummary of(Path jfr, java.time.Instant from, java.time.Instant to) {
    String window = from == null ? "whole run" : "training and evaluation only (" + from + " to " + to + ")";
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> ours = new HashMap<>();
    Map<String, Long> pkgs = new HashMap<>();
    long n = 0;
    try (RecordingFile f = new RecordingFile(jfr)) {
      while (f.hasMoreEvents()) {
        RecordedEvent e = f.readEvent();
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        if ((from != null && e.getStartTime().isBefore(from)) || (to != null && e.getStartTime().isAfter(to))) {
          continue;
        }
        RecordedStackTrace st = e.getStackTrace();
        if (st == null || st.getFrames().isEmpty()) {
          continue;
        }
        n++;
        List<RecordedFrame> frames = st.getFrames();
        self.merge(name(frames.get(0)), 1L, Long::sum);
        for (RecordedFrame fr : frames) {
          String cls = fr.getMethod().getType().getName();
          if (cls.startsWith(OURS) && !cls.startsWith("dev.trainyard.bench.")) {
            ours.merge(name(fr), 1L, Long::sum);
            pkgs.merge(cls.substring(0, cls.lastIndexOf('.')), 1L, Long::sum);
            break;
          }
        }
      }
    } catch (IOException e) {
      return new JfrSummary(jfr + " (unreadable: " + e.getMessage() + ")", window, 0, Map.of(), Map.of(), Map.of());
    }
    return new JfrSummary(jfr.toString(), window, n, top(self), top(ours), top(pkgs));
  }

  private static String name(RecordedFrame f) {
    String cls = f.getMethod().getType().getName();
    return cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
  }

  private static Map<String, Long> top(Map<String, Long> counts) {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .limit(TOP).forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  String markdown() {
    if (samples == 0) {
      return "No execution samples in the recording.\n";
    }
    StringBuilder sb = new StringBuilder();
    sb.append("Hottest Trainyard frames (callees included): ").append(percent(trainyardTop)).append("  \n");
    sb.append("By package: ").append(percent(packages)).append("  \n");
    sb.append("Hottest methods (self): ").append(percent(selfTop)).append("  \n");
    String pkg = packages.keySet().stream().findFirst().orElse("");
    sb.append("Automatic hint from the hottest package (a person's note belongs in docs/benchmarks.md): ")
        .append(hint(pkg)).append('\n');
    return sb.toString();
  }

  private String percent(Map<String, Long> m) {
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append('`').append(k).append("` ")
        .append(String.format(Locale.ROOT, "%.0f%%", 100.0 * v / samples)));
    return sb.toString();
  }

  static String hint(String pkg) {
    if (pkg.endsWith(".data")) {
      return "loading/parsing dominates — a binary columnar dataset or parallel chunked CSV parsing would cut it.";
    } else if (pkg.endsWith(".tree") || pkg.endsWith(".forest")) {
      return "tree growing dominates — histogram subtraction (build the smaller child, derive the larger), fewer"
          + " bins for deep nodes, or sharing binned features across trees.";
    } else if (pkg.endsWith(".transform")) {
      return "preprocessing dominates — fit scaling/binning once per job instead of per fit, and apply it in place.";
    } else if (pkg.endsWith(".linear") || pkg.endsWith(".optim")) {
      return "the gradient kernel dominates — larger mini-batches with a blocked (BLAS-like) dense kernel, or a"
          + " second-order/quasi-Newton solver that needs fewer passes to the same loss.";
    } else if (pkg.endsWith(".als")) {
      return "the per-row normal equations dominate — batch the Gram-matrix accumulation and reuse the Cholesky"
          + " workspace across rows.";
    } else if (pkg.endsWith(".metrics")) {
      return "evaluation dominates — the metric code on the test rows, not training.";
    }
    return "no single Trainyard package dominates; see the self-time list.";
  }
}
