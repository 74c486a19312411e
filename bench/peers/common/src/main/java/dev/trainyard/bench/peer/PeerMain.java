package dev.trainyard.bench.peer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line every peer program shares:
 * {@code WORKLOAD TRAIN_CSV TEST_CSV THREADS SEED PARAMS_JSON} in, ONE JSON object on stdout:
 * {@code {"peer","workload","load_seconds","train_seconds","peak_rss_bytes","metrics":{...},
 * "peer_params":{...}}}. Everything else (the peer's own logging included) goes to stderr: the real
 * stdout is kept aside and {@code System.out} points at stderr while the peer runs. PARAMS_JSON may
 * also be {@code @file}. Exit codes: 0 done, 1 failed, 2 bad arguments, 3 workload not supported
 * by this peer.
 */
final class PeerMain {
  static final List<String> WORKLOADS = List.of("random-forest", "softmax", "logistic", "als");
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;
  static final int EXIT_UNSUPPORTED = 3;

  private PeerMain() {}

  /** One peer's training and scoring of a workload. */
  interface Peer {
    Result run(Run run) throws Exception;
  }

  /** Seconds spent reading both files into the peer's structures, seconds training, test metrics. */
  record Result(double loadSeconds, double trainSeconds, Map<String, Double> metrics) {}

  /** Thrown by a peer for a workload it has no algorithm for. */
  static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported(String peer, String workload) {
      super("peer " + peer + " does not run workload " + workload);
    }
  }

  /** The parsed arguments, and the record of which peer hyper-parameter each one became. */
  static final class Run {
    final String peer;
    final String workload;
    final Path train;
    final Path test;
    final int threads;
    final long seed;
    final Params params;
    final Map<String, String> peerParams = new LinkedHashMap<>();

    Run(String peer, String workload, Path train, Path test, int threads, long seed, Params params) {
      this.peer = peer;
      this.workload = workload;
      this.train = train;
      this.test = test;
      this.threads = threads;
      this.seed = seed;
      this.params = params;
    }

    /** Records (and prints to stderr) that {@code why} became peer parameter {@code name = value}. */
    void map(String why, String name, Object value) {
      peerParams.put(name, String.valueOf(value));
      System.err.println(peer + ": " + why + " -> " + name + " = " + value);
    }

    Unsupported unsupported() {
      return new Unsupported(peer, workload);
    }
  }

  static void main(String peer, String[] args, Peer body) {
    PrintStream stdout = System.out;
    System.setOut(System.err);
    Run run;
    try {
      run = parse(peer, args);
    } catch (IllegalArgumentException | IOException e) {
      System.err.println(peer + ": " + e.getMessage());
      System.err.println("usage: " + peer + "-peer WORKLOAD TRAIN_CSV TEST_CSV THREADS SEED PARAMS_JSON"
          + "  (WORKLOAD: " + String.join(", ", WORKLOADS) + ")");
      System.exit(EXIT_USAGE);
      return;
    }
    int code = 0;
    try {
      Result r = body.run(run);
      run.params.unused().forEach((k, v) ->
          System.err.println(peer + ": parameter " + k + " = " + v + " has no counterpart here; ignored"));
      stdout.println(json(run, r, peakRssBytes()));
      stdout.flush();
    } catch (Unsupported e) {
      System.err.println(peer + ": " + e.getMessage());
      code = EXIT_UNSUPPORTED;
    } catch (Throwable e) {
      System.err.println(peer + ": " + workloadOf(run) + " failed: " + e);
      e.printStackTrace(System.err);
      code = EXIT_FAILED;
    }
    System.err.flush();
    // Spark and H2O leave non-daemon threads behind; the answer is out, so end the JVM now.
    Runtime.getRuntime().halt(code);
  }

  private static String workloadOf(Run run) {
    return run.workload;
  }

  private static Run parse(String peer, String[] args) throws IOException {
    if (args.length != 6) {
      throw new IllegalArgumentException("expected 6 arguments, got " + args.length);
    }
    String workload = args[0];
    if (!WORKLOADS.contains(workload)) {
      throw new IllegalArgumentException("unknown workload '" + workload + "'");
    }
    Path train = existing(args[1]);
    Path test = existing(args[2]);
    int threads;
    long seed;
    try {
      threads = Integer.parseInt(args[3]);
      seed = Long.parseLong(args[4]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("THREADS and SEED must be integers, were " + args[3] + " and " + args[4]);
    }
    if (threads < 1 || threads > 1024) {
      throw new IllegalArgumentException("THREADS must be between 1 and 1024, was " + threads);
    }
    String json = args[5].startsWith("@")
        ? Files.readString(Path.of(args[5].substring(1)), StandardCharsets.UTF_8) : args[5];
    return new Run(peer, workload, train, test, threads, seed, Params.parse(json));
  }

  private static Path existing(String s) {
    Path p = Path.of(s);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException("no such file: " + s);
    }
    return p;
  }

  /** VmHWM (peak resident set) of this process from /proc/self/status, in bytes; -1 if unknown. */
  static long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] f = line.substring(6).trim().split("\\s+");
          return Long.parseLong(f[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("cannot read VmHWM: " + e);
    }
    return -1;
  }

  static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  static String json(Run run, Result r, long rss) {
    StringBuilder b = new StringBuilder("{");
    b.append("\"peer\":").append(quote(run.peer));
    b.append(",\"workload\":").append(quote(run.workload));
    b.append(",\"load_seconds\":").append(number(r.loadSeconds()));
    b.append(",\"train_seconds\":").append(number(r.trainSeconds()));
    b.append(",\"peak_rss_bytes\":").append(rss);
    b.append(",\"metrics\":{");
    String sep = "";
    for (Map.Entry<String, Double> e : r.metrics().entrySet()) {
      b.append(sep).append(quote(e.getKey())).append(':').append(number(e.getValue()));
      sep = ",";
    }
    b.append("},\"peer_params\":{");
    sep = "";
    for (Map.Entry<String, String> e : run.peerParams.entrySet()) {
      b.append(sep).append(quote(e.getKey())).append(':').append(quote(e.getValue()));
      sep = ",";
    }
    return b.append("}}").toString();
  }

  private static String number(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "null";
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
