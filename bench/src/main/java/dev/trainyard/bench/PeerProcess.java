package dev.trainyard.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Stream;

/**
 * Runs a JVM peer program (Spark MLlib, H2O-3, XGBoost4J; modules under {@code bench/peers/<peer>})
 * as its own process, with its own class path ({@code target/<jar>} + {@code target/lib}) and JVM
 * flags ({@code bench/peers/<peer>/jvm.options}), and parses its one JSON line (bench/README.md,
 * "Contract between the harness and a peer program") into a {@link RunResult}.
 *
 * <p>Where the peers live: system property {@code trainyard.bench.peers}, else {@code peers/}
 * beside the directory holding this class's jar or classes ({@code bench/target/..}), else
 * {@code bench/peers} under the working directory. Heap of the peer JVM: system property
 * {@code trainyard.bench.childHeap} (default {@value #DEFAULT_HEAP}), the same figure as
 * Trainyard's child JVM. Stateless and thread-safe; an interrupted run kills its process.
 */
public final class PeerProcess {
  /** The peers and the workloads each has an algorithm for. */
  static final Map<String, Set<String>> WORKLOADS = Map.of(
      "spark", Set.of("random-forest", "softmax", "logistic", "als"),
      "h2o", Set.of("random-forest", "softmax", "logistic"),
      "xgboost", Set.of("random-forest"));
  static final String DEFAULT_HEAP = "8g";
  /** The peer programs' exit code for "workload not supported" (PeerMain.EXIT_UNSUPPORTED). */
  private static final int EXIT_UNSUPPORTED = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  private PeerProcess() {}

  /**
   * Runs {@code workload} on {@code peer} and returns its result (repeat 0, phase measured; the
   * caller relabels it). {@code params} are the contract's hyper-parameters as strings. The peer's
   * stderr (its parameter mapping and logs) goes to {@code workDir/stderr.log}; its temporary files
   * under {@code workDir/tmp}, deleted when the run ends.
   *
   * @throws UnsupportedOperationException if the peer has no algorithm for the workload
   * @throws IllegalStateException if the peer is not built, or its run failed
   */
  static RunResult run(String peer, String workload, Path train, Path test, int threads, long seed,
      Map<String, String> params, Path workDir) throws IOException, InterruptedException {
    Set<String> supported = WORKLOADS.get(peer);
    if (supported == null) {
      throw new IllegalArgumentException("unknown peer '" + peer + "'; known peers: " + new TreeMap<>(WORKLOADS).keySet());
    }
    if (!supported.contains(workload)) {
      throw new UnsupportedOperationException(peer + " has no " + workload + " here (its peer program runs "
          + String.join(", ", supported.stream().sorted().toList()) + ")");
    }
    String why = unavailable(peer);
    if (why != null) {
      throw new IllegalStateException(why);
    }
    Files.createDirectories(workDir);
    Path tmp = Files.createDirectories(workDir.resolve("tmp"));
    Path log = workDir.resolve("stderr.log");
    List<String> cmd = command(peer, workload, train, test, threads, seed, params, tmp);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
    // XGBoost's OpenMP threads otherwise spin while they wait: on a shared 2-core machine that made
    // one forest 10-30x slower (measured), which would time the machine's noise, not XGBoost
    pb.environment().put("OMP_WAIT_POLICY", "passive");
    Process p = pb.start();
    try {
      FutureTask<String> out = new FutureTask<>(
          () -> new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      Thread reader = new Thread(out, "peer-" + peer + "-stdout");
      reader.setDaemon(true);
      reader.start();
      int code = p.waitFor();
      String stdout = out.get();
      if (code == EXIT_UNSUPPORTED) {
        throw new UnsupportedOperationException(lastLine(log));
      }
      if (code != 0) {
        throw new IllegalStateException("peer " + peer + " failed (exit " + code + "): "
            + RunResult.tail(Files.readString(log), 400) + " (log: " + log + ")");
      }
      RunResult r = RunResult.fromPeerJson(peer, stdout);
      if (!workload.equals(r.workload())) {
        throw new IllegalStateException("peer " + peer + " answered for workload '" + r.workload() + "', not "
            + workload + " (log: " + log + ")");
      }
      return r;
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read peer " + peer + "'s output: " + e.getCause(), e.getCause());
    } finally {
      if (p.isAlive()) { // interrupted (timeout) or failed reading: the process is ours, end it
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      deleteTree(tmp); // Spark's block manager and H2O's ice root: gigabytes per run on big data (best effort)
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | RuntimeException e) {
      System.err.println("cannot delete " + dir + ": " + e.getMessage());
    }
  }

  /** {@code null} when {@code peer}'s program is built, else why not and the command that builds it. */
  static String unavailable(String peer) {
    if (!WORKLOADS.containsKey(peer)) {
      return "unknown peer '" + peer + "'; known peers: " + new TreeMap<>(WORKLOADS).keySet();
    }
    Path dir = peersDir().resolve(peer);
    Path jar = jar(dir, peer);
    Path lib = dir.resolve("target").resolve("lib");
    boolean libOk;
    try (Stream<Path> s = Files.isDirectory(lib) ? Files.list(lib) : Stream.empty()) {
      libOk = s.anyMatch(f -> f.toString().endsWith(".jar"));
    } catch (IOException e) {
      libOk = false;
    }
    if (!Files.isRegularFile(jar) || !libOk) {
      return "peer " + peer + " is not built: mvn -B -Pbench-peers -pl bench/peers/" + peer + " package (./trainyard bench builds every peer)"
          + " (looked for " + jar + " and " + lib + ")";
    }
    return null;
  }

  /** The java command line: heap, the peer's jvm.options, a private temp dir, the six arguments. */
  static List<String> command(String peer, String workload, Path train, Path test, int threads, long seed,
      Map<String, String> params, Path tmp) throws IOException {
    Path dir = peersDir().resolve(peer);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + System.getProperty("trainyard.bench.childHeap", DEFAULT_HEAP));
    cmd.addAll(jvmOptions(dir.resolve("jvm.options")));
    cmd.add("-Djava.io.tmpdir=" + tmp);
    cmd.add("-jar");
    cmd.add(jar(dir, peer).toString());
    cmd.add(workload);
    cmd.add(train.toAbsolutePath().toString());
    cmd.add(test.toAbsolutePath().toString());
    cmd.add(Integer.toString(threads));
    cmd.add(Long.toString(seed));
    cmd.add(paramsJson(params));
    return cmd;
  }

  static String paramsJson(Map<String, String> params) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(params));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("params cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  /** One flag per line; blank lines and lines starting with '#' are skipped. */
  static List<String> jvmOptions(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  private static Path jar(Path peerDir, String peer) {
    return peerDir.resolve("target").resolve("trainyard-bench-peer-" + peer + ".jar");
  }

  static Path peersDir() {
    String prop = System.getProperty("trainyard.bench.peers");
    if (prop != null) {
      return Path.of(prop);
    }
    try {
      // bench/target/trainyard-bench.jar or bench/target/classes -> bench/peers
      Path code = Path.of(PeerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path candidate = code.getParent().getParent().resolve("peers");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    } catch (URISyntaxException | RuntimeException e) {
      // no usable code source: fall back to the working directory
    }
    return Path.of("bench", "peers").toAbsolutePath();
  }

  private static String lastLine(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (!lines.get(i).isBlank()) {
        return lines.get(i).strip();
      }
    }
    return "workload not supported";
  }
}
