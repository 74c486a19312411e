package dev.trainyard.bench;

import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.PsClientOptions;
import dev.trainyard.ps.client.TableSpec;
import dev.trainyard.ps.server.PsMain;
import dev.trainyard.rpc.v1.Consistency;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Dense push+pull of 1M float32 per round through K shard processes ({@link PsMain}) on loopback,
 * sparse pushes of 10k random keys, and a raw loopback TCP echo of the same bytes in the same run.
 * Besides wall-clock rates it reports the CPU time each dense round and each echo round costs
 * (client JVM plus shard processes), a figure that a machine shared with other work disturbs much
 * less than the rates.
 * Run: {@code ./trainyard bench --suite ps} (or this main with {@code [shards] [rounds] [gzip] [chunkFloats]});
 * with {@code PS_TARGETS=host:port,...} it uses running shards instead of starting its own.
 */
public final class PsThroughput {
  private static final int FLOATS = 1 << 20;
  private static final Duration WARMUP = Duration.ofSeconds(10);

  private PsThroughput() {}

  /** One configuration's figures: dense rounds/s and GB/s, the raw TCP echo in the same run, sparse keys/s. */
  record Result(int shards, int rounds, double denseRoundsPerSecond, double denseGbps, double rawGbps,
      double ratioToRaw, double sparseKeysPerSecond, double denseCpuMsPerRound, double rawCpuMsPerRound,
      double loadAverage) {}

  public static void main(String[] args) throws Exception {
    int shards = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    boolean gzip = args.length > 2 && Boolean.parseBoolean(args[2]);
    int chunk = args.length > 3 ? Integer.parseInt(args[3]) : PsClientOptions.DEFAULT_CHUNK_FLOATS;
    measure(shards, rounds, gzip, chunk);
  }

  /** Starts {@code shards} shard JVMs (or uses PS_TARGETS), measures, stops them; prints as it goes. */
  static Result measure(int shards, int rounds, boolean gzip, int chunk) throws Exception {
    List<Process> procs = new ArrayList<>();
    List<String> targets = new ArrayList<>();
    // shards given in PS_TARGETS must share TRAINYARD_CLUSTER_SECRET; started ones get a fresh secret
    String env = System.getenv("TRAINYARD_CLUSTER_SECRET");
    dev.trainyard.rpc.auth.ClusterSecret secret = env != null ? dev.trainyard.rpc.auth.ClusterSecret.of(env)
        : dev.trainyard.rpc.auth.ClusterSecret.generate();
    try {
      String given = System.getenv("PS_TARGETS");
      if (given != null) {
        targets.addAll(List.of(given.split(",")));
      }
      for (int i = targets.size(); i < shards; i++) {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx1g", "-cp", System.getProperty("java.class.path"), PsMain.class.getName(), "--port", "0")
            .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("TRAINYARD_CLUSTER_SECRET", secret.value());
        Process p = pb.start();
        procs.add(p);
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        targets.add(line.substring("ps listening on ".length()));
      }
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      System.out.printf(Locale.ROOT, "load average %.2f on %d cores%n", load, Runtime.getRuntime().availableProcessors());
      double[] raw = rawTcp(rounds);
      try (PsClient c = PsClient.connect(targets, PsClientOptions.defaults(secret).withGzip(gzip).withChunkFloats(chunk))) {
        double[] d = dense(c, rounds, raw, procs);
        double sparse = sparse(c, shards);
        return new Result(shards, rounds, d[0], d[1], raw[0], d[1] / raw[0], sparse, d[2], raw[1], load);
      }
    } finally {
      procs.forEach(Process::destroy);
    }
  }

  /** CPU time so far of this JVM and of the shard processes it started, in ns (shards given by address: not counted). */
  private static long cpuNanos(List<Process> shards) {
    long n = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    for (Process p : shards) {
      n += p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
    return n;
  }

  /** Returns {rounds/s, GB/s, CPU ms per round}. */
  private static double[] dense(PsClient c, int rounds, double[] raw, List<Process> procs) {
    c.createTable(TableSpec.dense("d", "bench", 1024, 1024));
    c.registerWorker("bench", 0, 1, Consistency.ASP, 0);
    float[] grad = new float[FLOATS];
    float[] out = new float[FLOATS];
    new SplittableRandom(1).doubles(FLOATS).forEach(new java.util.function.DoubleConsumer() {
      int i;

      @Override
      public void accept(double v) {
        grad[i++] = (float) (v * 1e-3);
      }
    });
    // Warm up until the JIT is done with the gRPC/Netty path: 30 rounds left C2 compiling through
    // most of the measured rounds on a 2-core machine (tens of ms of CPU per round).
    long warmEnd = System.nanoTime() + WARMUP.toNanos();
    int warm = 0;
    while (warm < 30 || (System.nanoTime() < warmEnd && warm < 1000)) {
      c.push("d", 0, 0, 1024, grad);
      c.pull("d", 0, 1024, out);
      warm++;
    }
    System.out.printf(Locale.ROOT, "  %d warm-up rounds%n", warm);
    long cpu0 = cpuNanos(procs);
    long t0 = System.nanoTime();
    long pushNanos = 0;
    for (int r = 0; r < rounds; r++) {
      long p0 = System.nanoTime();
      c.push("d", 0, 0, 1024, grad);
      pushNanos += System.nanoTime() - p0;
      c.pull("d", 0, 1024, out);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    double cpuMs = (cpuNanos(procs) - cpu0) / 1e6 / rounds;
    System.out.printf(Locale.ROOT, "  push %.1f ms, pull %.1f ms per round%n", pushNanos / 1e6 / rounds,
        (secs * 1e9 - pushNanos) / 1e6 / rounds);
    double gbps = 2.0 * FLOATS * 4 * rounds / secs / 1e9;
    System.out.printf(Locale.ROOT, "dense push+pull 1M float32: %.1f rounds/s, %.3f GB/s (raw TCP echo %.3f GB/s, ratio %.0f%%)%n",
        rounds / secs, gbps, raw[0], 100 * gbps / raw[0]);
    System.out.printf(Locale.ROOT, "  CPU per round: dense push+pull %.1f ms (client and %d started shards), raw echo %.1f ms"
        + " (ratio %.0f%%)%n", cpuMs, procs.size(), raw[1], 100 * raw[1] / cpuMs);
    return new double[] {rounds / secs, gbps, cpuMs};
  }

  /** Returns keys/s over all shards. */
  private static double sparse(PsClient c, int shards) {
    c.createTable(TableSpec.sparse("s", "bench", 0, 1L << 40, 1).withOptimizer("ftrl", Map.of()));
    SplittableRandom r = new SplittableRandom(2);
    int keys = 10_000;
    int pushes = 200;
    long[][] batches = new long[pushes][];
    for (int b = 0; b < pushes; b++) {
      batches[b] = r.longs(keys, 0, 1L << 40).distinct().toArray();
    }
    float[] grad = new float[keys];
    java.util.Arrays.fill(grad, 0.5f);
    for (int b = 0; b < 20; b++) {
      c.pushSparse("s", 0, batches[b], java.util.Arrays.copyOf(grad, batches[b].length));
    }
    long t0 = System.nanoTime();
    long sent = 0;
    for (int b = 20; b < pushes; b++) {
      c.pushSparse("s", 0, batches[b], java.util.Arrays.copyOf(grad, batches[b].length));
      sent += batches[b].length;
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "sparse push of 10k random keys: %.0f keys/s total, %.0f keys/s per shard (%d shards)%n",
        sent / secs, sent / secs / shards, shards);
    return sent / secs;
  }

  /**
   * Echoes 4 MiB per round through a loopback socket and back: the same bytes a push+pull moves.
   * Returns {GB/s, CPU ms of this JVM per round}.
   */
  private static double[] rawTcp(int rounds) throws Exception {
    byte[] buf = new byte[FLOATS * 4];
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread echo = new Thread(() -> {
        try (Socket s = ss.accept()) {
          DataInputStream in = new DataInputStream(s.getInputStream());
          DataOutputStream out = new DataOutputStream(s.getOutputStream());
          byte[] b = new byte[buf.length];
          for (int r = 0; r < rounds + 10; r++) {
            in.readFully(b);
            out.write(b);
            out.flush();
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      echo.start();
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        long t0 = 0;
        long cpu0 = 0;
        for (int r = 0; r < rounds + 10; r++) {
          if (r == 10) {
            t0 = System.nanoTime();
            cpu0 = cpuNanos(List.of());
          }
          out.write(buf);
          out.flush();
          in.readFully(buf);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        echo.join();
        double cpuMs = (cpuNanos(List.of()) - cpu0) / 1e6 / rounds;
        return new double[] {2.0 * buf.length * rounds / secs / 1e9, cpuMs};
      }
    }
  }
}
