package dev.trainyard.app.node;

import dev.trainyard.app.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A platform role ({@code trainyard coordinator|worker|...}) in its own JVM on loopback: started
 * from this test's class path, ready once it prints its ready line; stderr (the log) goes to a
 * file so a failing test can show it. {@code env} entries are added to (a null value removes them
 * from) this JVM's environment, e.g. {@code TRAINYARD_CLUSTER_SECRET}.
 */
final class RoleProcess {
  final Process process;
  final String readyLine;
  final Path log;

  private RoleProcess(Process process, String readyLine, Path log) {
    this.process = process;
    this.readyLine = readyLine;
    this.log = log;
  }

  static RoleProcess start(Path log, String readyPrefix, String... args) throws Exception {
    return start(Map.of(), log, readyPrefix, args);
  }

  static RoleProcess start(Map<String, String> env, Path log, String readyPrefix, String... args) throws Exception {
    Process p = launch(env, log, args);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process died; its log says why
      }
    }, "stdout-" + args[0]);
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith(readyPrefix)) {
        return new RoleProcess(p, line, log);
      }
      if (line == null && !p.isAlive()) {
        break;
      }
    }
    p.destroyForcibly();
    throw new AssertionError(args[0] + " did not print '" + readyPrefix + "' (exit " + (p.isAlive() ? "-" : p.exitValue())
        + "); log:\n" + tail(log));
  }

  /** What a role that was expected to end printed (stdout) and logged (stderr), and its exit code. */
  record Exit(int code, List<String> stdout, String log) {}

  /** Runs a role that should end by itself within {@code patience}; fails the test if it does not. */
  static Exit runToExit(Map<String, String> env, Path log, Duration patience, String... args) throws Exception {
    Process p = launch(env, log, args);
    List<String> out = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          out.add(line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "stdout-" + args[0]);
    reader.setDaemon(true);
    reader.start();
    if (!p.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(args[0] + " still ran after " + patience + "; log:\n" + tail(log));
    }
    reader.join(5000);
    return new Exit(p.exitValue(), List.copyOf(out), Files.readString(log));
  }

  private static Process launch(Map<String, String> env, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        // the product's logging (INFO), not a test-jar's logback-test.xml that the test class path also holds
        "-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // a coordinator's first admin gets a known password, so tests can log in
    pb.environment().put("TRAINYARD_ADMIN_PASSWORD", Api.ADMIN_PASSWORD);
    env.forEach((k, v) -> {
      if (v == null) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    return pb.start();
  }

  long pid() {
    return process.pid();
  }

  void kill9() throws InterruptedException {
    process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
  }

  void signal(String sig) throws Exception {
    new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
  }

  void stop() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
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
