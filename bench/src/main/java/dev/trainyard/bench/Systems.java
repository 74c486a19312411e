package dev.trainyard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Runs one workload on one system as a separate process speaking the peer protocol of
 * bench/README.md: Trainyard in a child JVM ({@link TrainyardPeer}), scikit-learn through Debian's
 * Python, Spark / H2O / XGBoost through {@code PeerProcess} (found by reflection, so this module
 * runs before that launcher exists). Each run's stderr goes to a log file under the work directory.
 * Not thread-safe: one benchmark thread drives it.
 */
final class Systems implements AutoCloseable {
  static final String TRAINYARD = "trainyard";
  static final String SKLEARN = "sklearn";
  /** Every peer the harness knows, in run order. */
  static final List<String> PEERS = List.of(SKLEARN, "spark", "h2o", "xgboost");
  private static final String PYTHON = "/usr/bin/python3";
  private static final String PEER_PROCESS = "dev.trainyard.bench.PeerProcess";
  private static final int SKLEARN_UNSUPPORTED = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int threads;
  private final long seed;
  private final String childHeap;
  private final java.time.Duration timeout;
  private final Path workDir;
  private final Path snapshot;
  private final String classPath;
  private final Path sklearnScript;
  private int runCounter;

  /** Thrown when a system does not do a workload (recorded as "not run"). */
  static final class Unsupported extends Exception {
    Unsupported(String why) {
      super(why);
    }
  }

  Systems(int threads, long seed, String childHeap, java.time.Duration timeout, Path workDir) throws IOException {
    this.threads = threads;
    this.seed = seed;
    this.childHeap = childHeap;
    // PeerProcess gives the JVM peers the same heap as Trainyard's child JVM
    System.setProperty("trainyard.bench.childHeap", childHeap);
    this.timeout = timeout;
    this.workDir = Files.createDirectories(workDir);
    this.snapshot = Files.createTempDirectory("trainyard-bench-cp");
    this.classPath = snapshotClassPath(snapshot);
    // a benchmark stopped with SIGTERM / Ctrl-C must not leave a peer training on the 2 cores
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly), "bench-stop-children"));
    this.sklearnScript = snapshot.resolve("sklearn_peer.py");
    try (InputStream in = Systems.class.getResourceAsStream("/python/sklearn_peer.py")) {
      if (in == null) {
        throw new IllegalStateException("python/sklearn_peer.py is missing from the bench jar");
      }
      Files.write(sklearnScript, in.readAllBytes());
    }
  }

  /** {@code null} when {@code system} can run here, else why not and how to make it run. */
  String unavailable(String system) {
    if (system.equals(TRAINYARD)) {
      return null;
    }
    if (system.equals(SKLEARN)) {
      if (!Files.isExecutable(Path.of(PYTHON))) {
        return "no " + PYTHON + "; install Debian's Python and scikit-learn: apt-get install -y python3-sklearn";
      }
      try {
        Process p = new ProcessBuilder(PYTHON, "-c", "import sklearn, numpy").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
          return "scikit-learn is not installed for " + PYTHON + " (" + RunResult.tail(out, 120)
              + "); install it with: apt-get install -y python3-sklearn";
        }
        return null;
      } catch (IOException e) {
        return "cannot start " + PYTHON + ": " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
    if (!PEERS.contains(system)) {
      return "unknown peer '" + system + "'; known peers: " + String.join(", ", PEERS);
    }
    Class<?> launcher;
    try {
      launcher = Class.forName(PEER_PROCESS);
    } catch (ClassNotFoundException e) {
      return "the peer launcher " + PEER_PROCESS + " is not in this build of trainyard-bench (peer programs under"
          + " bench/peers/; build: mvn -B -Pbench -pl bench -am install -DskipTests)";
    }
    try {
      Method m = launcher.getDeclaredMethod("unavailable", String.class);
      m.setAccessible(true);
      return (String) m.invoke(null, system);
    } catch (NoSuchMethodException e) {
      return null; // the launcher does not say in advance; a failure will say at run time
    } catch (ReflectiveOperationException | RuntimeException e) {
      return "PeerProcess.unavailable failed: " + cause(e);
    }
  }

  /**
   * Runs {@code w} on {@code system} with {@code params}; {@code jfr}: where to record a JFR profile
   * (Trainyard only), or null. Failures come back as a result with status "failed: ...".
   */
  RunResult run(String system, Workload w, Map<String, String> params, Path jfr) throws Unsupported {
    String tag = String.format(java.util.Locale.ROOT, "%03d-%s-%s", ++runCounter, w.id(), system);
    Path log = workDir.resolve(tag + ".log");
    try {
      return switch (system) {
        case TRAINYARD -> process(system, trainyardCommand(w, params, jfr), log);
        case SKLEARN -> {
          if (w.kind().equals("als")) {
            throw new Unsupported("scikit-learn has no ALS (matrix factorization of explicit ratings)");
          }
          yield process(system, List.of(PYTHON, sklearnScript.toString(), w.kind(), w.data().train().toString(),
              w.data().test().toString(), Integer.toString(threads), Long.toString(seed),
              JSON.writeValueAsString(params)), log);
        }
        default -> peerProcess(system, w, params, workDir.resolve(tag));
      };
    } catch (Unsupported u) {
      throw u;
    } catch (Exception e) {
      return RunResult.failed(system, w.id(), cause(e) + " (log: " + log + ")");
    }
  }

  private List<String> trainyardCommand(Workload w, Map<String, String> params, Path jfr) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + childHeap));
    if (jfr != null) {
      Files.createDirectories(jfr.getParent());
      cmd.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
      cmd.add("-D" + TrainyardPeer.WINDOW_PROPERTY + "=" + windowFile(jfr));
    }
    cmd.addAll(List.of("-cp", classPath, TrainyardPeer.class.getName(), w.kind(), w.data().train().toString(),
        w.data().test().toString(), Integer.toString(threads), Long.toString(seed), JSON.writeValueAsString(params)));
    return cmd;
  }

  /** Where a profiled Trainyard run writes its training window. */
  static Path windowFile(Path jfr) {
    return jfr.resolveSibling(jfr.getFileName() + ".window");
  }

  private RunResult process(String system, List<String> cmd, Path log) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
    // numpy/BLAS threads follow the benchmark's thread count, as every other system's do
    for (String v : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
      pb.environment().put(v, Integer.toString(threads));
    }
    Process p = pb.start();
    java.util.concurrent.FutureTask<String> out = new java.util.concurrent.FutureTask<>(
        () -> new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    Thread reader = new Thread(out, "bench-stdout");
    reader.setDaemon(true);
    reader.start();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new TimeoutException("timed out after " + timeout.toSeconds() + " s");
    }
    String stdout = out.get(30, TimeUnit.SECONDS);
    if (p.exitValue() == SKLEARN_UNSUPPORTED && system.equals(SKLEARN)) {
      throw new Unsupported(RunResult.tail(Files.readString(log), 200));
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("exit code " + p.exitValue() + ": " + RunResult.tail(Files.readString(log), 300));
    }
    return RunResult.fromPeerJson(system, stdout);
  }

  /** Calls {@code PeerProcess.run} on a thread of its own, so that a run that hangs can be timed out. */
  private RunResult peerProcess(String peer, Workload w, Map<String, String> params, Path runDir) throws Exception {
    Method run;
    try {
      run = Class.forName(PEER_PROCESS).getDeclaredMethod("run", String.class, String.class, Path.class, Path.class,
          int.class, long.class, Map.class, Path.class);
      run.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      throw new Unsupported("no PeerProcess.run(peer, workload, train, test, threads, seed, params, workDir) in"
          + " this build: " + cause(e));
    }
    Files.createDirectories(runDir);
    ExecutorService one = Executors.newSingleThreadExecutor();
    try {
      Future<Object> f = one.submit(() -> run.invoke(null, peer, w.kind(), w.data().train(), w.data().test(),
          threads, seed, params, runDir));
      try {
        return (RunResult) f.get(timeout.toSeconds(), TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        // the launcher's child processes are ours (descendants of this JVM): end them
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        f.cancel(true);
        throw new TimeoutException("timed out after " + timeout.toSeconds() + " s");
      } catch (ExecutionException e) {
        Throwable c = e.getCause() instanceof InvocationTargetException ite ? ite.getCause() : e.getCause();
        if (c instanceof UnsupportedOperationException u) {
          throw new Unsupported(u.getMessage());
        }
        throw new IllegalStateException(cause(c), c);
      }
    } finally {
      one.shutdownNow();
    }
  }

  private static String cause(Throwable e) {
    Throwable c = e;
    while (c instanceof InvocationTargetException && c.getCause() != null) {
      c = c.getCause();
    }
    String m = c.getMessage();
    return m == null || m.isBlank() ? c.getClass().getSimpleName() : m;
  }

  /**
   * The class path for child JVMs: a private copy of the bench jar and its lib/ when running from
   * the jar (so a concurrent rebuild cannot change classes under a run), else this JVM's class path.
   */
  private static String snapshotClassPath(Path snapshot) throws IOException {
    String cp = System.getProperty("java.class.path");
    Path jar = Path.of(cp);
    Path lib = jar.resolveSibling("lib");
    if (Snapshot.active() || cp.contains(java.io.File.pathSeparator) || !cp.endsWith(".jar")
        || !Files.isDirectory(lib)) {
      return cp;
    }
    Path libCopy = Files.createDirectories(snapshot.resolve("lib"));
    try (Stream<Path> jars = Files.list(lib)) {
      for (Path p : (Iterable<Path>) jars::iterator) {
        Files.copy(p, libCopy.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Path jarCopy = snapshot.resolve(jar.getFileName());
    Files.copy(jar, jarCopy, StandardCopyOption.REPLACE_EXISTING);
    return jarCopy.toString();
  }

  @Override
  public void close() {
    Platform.deleteTree(snapshot);
  }
}
