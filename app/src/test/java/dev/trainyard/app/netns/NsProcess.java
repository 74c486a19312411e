package dev.trainyard.app.netns;

import dev.trainyard.app.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A process started in a network namespace ({@code ip netns exec NS ...}, which execs the command,
 * so the pid is the command's own): a role JVM ({@link #role}) from this test's class path, or any
 * program. stderr (and, once the ready line was seen, stdout) go to a log file; {@link #awaitReady}
 * waits for the line that says it serves.
 */
final class NsProcess {
  final String name;
  final Process process;
  final Path log;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private volatile String readyLine;

  private NsProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
          Files.writeString(log, "[stdout] " + line + "\n", StandardCharsets.UTF_8,
              java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
      } catch (IOException ignored) {
        // the process ended; its log says why
      }
    }, "stdout-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code command} (already wrapped in {@code ip netns exec}) with these environment changes (null removes). */
  static NsProcess start(String name, Path log, Map<String, String> env, List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    env.forEach((k, v) -> {
      if (v == null) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    return new NsProcess(name, pb.start(), log);
  }

  /** {@code java ... dev.trainyard.app.Main ARGS}: the platform's CLI with this JVM's java and class path. */
  static List<String> role(String... args) {
    List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        // the product's logging (INFO), not a test-jar's logback-test.xml that the test class path also holds
        "-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    c.addAll(List.of(args));
    return c;
  }

  /** Waits for a stdout line containing {@code marker}; returns it, or fails with the log's tail. */
  String awaitReady(String marker, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null && line.contains(marker)) {
        readyLine = line;
        return line;
      }
      if (line == null && !process.isAlive()) {
        break;
      }
    }
    throw new AssertionError(name + " did not print '" + marker + "' within " + patience + " (exit "
        + (process.isAlive() ? "-" : process.exitValue()) + "); log:\n" + tail(log));
  }

  String readyLine() {
    return readyLine;
  }

  void kill() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
    }
  }

  static String tail(Path log) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - 60), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
