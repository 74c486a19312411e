package dev.trainyard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the benchmark from a private copy of its jar and {@code lib/}: a benchmark runs for hours,
 * and a rebuild of {@code bench/target} meanwhile (another developer's {@code mvn install}) would
 * otherwise swap classes under the running JVM ("Truncated class file"). The first JVM copies, starts
 * the real run in a child JVM with the same JVM options and waits for it; child processes (Trainyard's
 * child JVMs) use the same copy. Where the checkout is ({@link #ROOT}) and where the peer programs are
 * ({@code trainyard.bench.peers}) are passed on as system properties.
 */
final class Snapshot {
  /** Set in the relaunched JVM: the directory of the private copy. */
  static final String DIR = "trainyard.bench.snapshot";
  /** Set in the relaunched JVM: the checkout the original jar came from (its {@code bench/target/..}/..). */
  static final String ROOT = "trainyard.bench.root";

  private Snapshot() {}

  /** True in the JVM that runs from the private copy. */
  static boolean active() {
    return System.getProperty(DIR) != null;
  }

  /**
   * Copies and relaunches when this JVM runs from {@code .../bench/target/trainyard-bench.jar} with
   * its {@code lib/}; returns the child's exit code, or -1 when there is nothing to copy (IDE, class
   * directories) and this JVM should run the benchmark itself.
   */
  static int relaunch(String[] args) throws IOException, InterruptedException {
    String cp = System.getProperty("java.class.path");
    Path jar = Path.of(cp).toAbsolutePath();
    if (active() || cp.contains(java.io.File.pathSeparator) || !cp.endsWith(".jar")
        || !Files.isDirectory(jar.resolveSibling("lib"))) {
      return -1;
    }
    Path dir = Files.createTempDirectory("trainyard-bench-run");
    try {
      Path lib = Files.createDirectories(dir.resolve("lib"));
      try (Stream<Path> jars = Files.list(jar.resolveSibling("lib"))) {
        for (Path p : (Iterable<Path>) jars::iterator) {
          Files.copy(p, lib.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Path copy = dir.resolve(jar.getFileName());
      Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
      cmd.add("-D" + DIR + "=" + dir);
      Path bench = jar.getParent().getParent(); // bench/target/x.jar -> bench
      if (bench != null && bench.getParent() != null) {
        cmd.add("-D" + ROOT + "=" + bench.getParent());
        if (System.getProperty("trainyard.bench.peers") == null && Files.isDirectory(bench.resolve("peers"))) {
          cmd.add("-Dtrainyard.bench.peers=" + bench.resolve("peers"));
        }
      }
      cmd.addAll(List.of("-cp", copy.toString(), BenchMain.class.getName()));
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).inheritIO().start();
      Thread stop = new Thread(() -> {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
      }, "bench-snapshot-stop");
      Runtime.getRuntime().addShutdownHook(stop);
      int code = p.waitFor();
      try {
        Runtime.getRuntime().removeShutdownHook(stop);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
      return code;
    } finally {
      Platform.deleteTree(dir);
    }
  }
}
