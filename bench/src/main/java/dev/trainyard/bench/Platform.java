package dev.trainyard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Starts platform roles ({@code trainyard coordinator | worker}) as separate JVMs from a private copy
 * of the runnable jar and its {@code lib/} (so a concurrent rebuild of {@code app/target} cannot
 * pull classes from under a running benchmark), waits for each one's ready line, and stops them
 * with SIGTERM (then SIGKILL after 30 s). Each role's output goes to a log file in the run
 * directory. Not thread-safe: one benchmark thread drives it.
 */
final class Platform implements AutoCloseable {
  private static final Pattern COORDINATOR_READY =
      Pattern.compile("coordinator ready: http://([^ ]+) grpc ([^ ]+) ");
  private static final long READY_TIMEOUT_MILLIS = 90_000;

  private final Path jar;
  private final Path snapshot;
  private final Path runDir;
  private final String heap;
  private final Path jfrDir;
  private final List<Role> started = new ArrayList<>();
  private final Thread killer = new Thread(this::killAll, "bench-platform-killer");
  /** The password of the coordinator's first admin, which the benchmark logs in as. */
  static final String ADMIN_PASSWORD = "bench-admin-password";
  private final String clusterSecret = java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();

  /** A started role: its process, log file and ready line. */
  record Role(String name, Process process, Path log, String readyLine, Path scratch) {}

  /** A started coordinator with its HTTP base URL ({@code http://host:port}) and gRPC address. */
  record Coordinator(Role role, String httpUrl, String grpc) {}

  /**
   * @param platformJar {@code app/target/trainyard.jar} with {@code lib/} beside it
   * @param jfrDir when not null, every role records a JFR profile there
   */
  Platform(Path platformJar, Path runDir, String heap, Path jfrDir) throws IOException {
    if (!Files.isRegularFile(platformJar) || !Files.isDirectory(platformJar.resolveSibling("lib"))) {
      throw new IllegalStateException("no runnable platform jar at " + platformJar
          + " (with lib/ beside it); build it with: mvn -B -o -pl app package -DskipTests");
    }
    this.runDir = Files.createDirectories(runDir);
    this.snapshot = Files.createTempDirectory("trainyard-bench-platform");
    this.jar = snapshot.resolve("trainyard.jar");
    Files.copy(platformJar, jar, StandardCopyOption.REPLACE_EXISTING);
    Path lib = Files.createDirectories(snapshot.resolve("lib"));
    try (Stream<Path> jars = Files.list(platformJar.resolveSibling("lib"))) {
      for (Path p : (Iterable<Path>) jars::iterator) {
        Files.copy(p, lib.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    this.heap = heap;
    this.jfrDir = jfrDir;
    Runtime.getRuntime().addShutdownHook(killer);
  }

  /** The default platform jar: {@code app/target/trainyard.jar} under the working directory or the checkout. */
  static Path defaultJar() {
    Path here = Path.of("app", "target", "trainyard.jar");
    if (Files.isRegularFile(here)) {
      return here;
    }
    String checkout = System.getProperty(Snapshot.ROOT);
    if (checkout != null) {
      return Path.of(checkout, "app", "target", "trainyard.jar");
    }
    try {
      Path benchJar = Path.of(Platform.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // bench/target/trainyard-bench.jar -> checkout root
      Path root = benchJar.getParent().getParent().getParent();
      return root.resolve("app").resolve("target").resolve("trainyard.jar");
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return here;
    }
  }

  /** A coordinator on {@code queueUrl}; {@code extraArgs} go to its command line (e.g. --heartbeat 60s). */
  Coordinator coordinator(String queueUrl, String name, List<String> extraArgs) throws IOException, InterruptedException {
    Path data = Files.createDirectories(runDir.resolve(name + "-data"));
    List<String> args = new ArrayList<>(List.of("coordinator", "--port", "0", "--grpc-port", "0", "--queue", queueUrl,
        "--data-dir", data.toString()));
    args.addAll(extraArgs);
    Role r = start(name, jfr(name), args, "coordinator ready", data);
    Matcher m = COORDINATOR_READY.matcher(r.readyLine());
    if (!m.find()) {
      throw new IllegalStateException("cannot read the coordinator's addresses from: " + r.readyLine());
    }
    return new Coordinator(r, "http://" + m.group(1), m.group(2));
  }

  Role worker(Coordinator c, String id, int slots, int threads) throws IOException, InterruptedException {
    Path cache = runDir.resolve(id + "-cache");
    deleteTree(cache);
    return start(id, jfr(id), List.of("worker", "--coordinator", c.grpc(), "--slots", Integer.toString(slots),
        "--threads", Integer.toString(threads), "--id", id, "--cache-dir", cache.toString()), "worker " + id + " ready",
        cache);
  }

  /** JVM options that record a JFR profile of role {@code name} when profiling was asked for. */
  private List<String> jfr(String name) throws IOException {
    if (jfrDir == null) {
      return List.of();
    }
    Files.createDirectories(jfrDir);
    return List.of("-XX:StartFlightRecording=filename=" + jfrDir.resolve(name + ".jfr")
        + ",settings=profile,dumponexit=true");
  }

  private Role start(String name, List<String> jvmOpts, List<String> args, String readyPrefix, Path scratch)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.addAll(jvmOpts);
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(args);
    Path log = runDir.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    // every role of this platform shares one cluster secret; the coordinator's first admin a known password
    pb.environment().put("TRAINYARD_CLUSTER_SECRET", clusterSecret);
    pb.environment().put("TRAINYARD_ADMIN_PASSWORD", ADMIN_PASSWORD);
    Process p = pb.start();
    Role role = new Role(name, p, log, awaitLine(p, log, readyPrefix), scratch);
    started.add(role);
    return role;
  }

  private static String awaitLine(Process p, Path log, String prefix) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      if (!p.isAlive()) {
        throw new IllegalStateException("process exited with " + p.exitValue() + " before '" + prefix + "'; see " + log);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    p.destroyForcibly();
    throw new IllegalStateException("no '" + prefix + "' within " + READY_TIMEOUT_MILLIS / 1000 + " s; see " + log);
  }

  /** SIGTERM (workers drain, JFR dumps), then SIGKILL after 30 s; deletes its data or cache directory. */
  void stop(Role r) throws InterruptedException {
    if (!started.remove(r)) {
      return;
    }
    r.process().destroy();
    if (!r.process().waitFor(30, TimeUnit.SECONDS)) {
      r.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    deleteTree(r.scratch());
  }

  /**
   * Counts the log lines of a stopped role that contain each marker, then, if the log is larger
   * than {@code keepBytes}, cuts it to its first and last {@code keepBytes / 2} bytes (a runaway
   * log must not fill the disk). Returns marker → lines, plus "log bytes" → the original size.
   */
  static Map<String, Long> scanAndTrim(Path log, List<String> markers, long keepBytes) throws IOException {
    Map<String, Long> counts = new LinkedHashMap<>();
    markers.forEach(m -> counts.put(m, 0L));
    try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        for (String m : markers) {
          if (line.contains(m)) {
            counts.merge(m, 1L, Long::sum);
          }
        }
      }
    }
    long size = Files.size(log);
    counts.put("log bytes", size);
    if (size > keepBytes) {
      byte[] head = new byte[(int) (keepBytes / 2)];
      byte[] tail = new byte[(int) (keepBytes / 2)];
      try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
        f.readFully(head);
        f.seek(size - tail.length);
        f.readFully(tail);
      }
      try (OutputStream out = Files.newOutputStream(log)) {
        out.write(head);
        out.write(("\n[... " + (size - keepBytes) + " bytes cut by the benchmark ...]\n").getBytes(StandardCharsets.UTF_8));
        out.write(tail);
      }
    }
    return counts;
  }

  @Override
  public void close() throws InterruptedException {
    for (Role r : new ArrayList<>(started)) {
      stop(r);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    deleteTree(snapshot);
  }

  private void killAll() {
    started.forEach(r -> r.process().destroyForcibly());
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
