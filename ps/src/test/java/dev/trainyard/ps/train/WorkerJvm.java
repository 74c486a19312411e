package dev.trainyard.ps.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DistributedWorkerMain} in its own JVM on this test's class path; its stdout lines are
 * collected as they come (so it never blocks on a full pipe) and can be awaited.
 */
record WorkerJvm(Process process, BlockingQueue<String> lines) {
  private static final String EOF = "\u0000eof";

  static WorkerJvm start(List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), DistributedWorkerMain.class.getName()));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process died; the end-of-stream marker below says so
      }
      lines.add(EOF);
    }, "worker-jvm-stdout");
    reader.setDaemon(true);
    reader.start();
    return new WorkerJvm(p, lines);
  }

  /** Waits for a line equal to {@code expected}; fails if the process ends or {@code timeout} passes first. */
  void await(String expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null || line.equals(EOF)) {
        throw new AssertionError("worker JVM " + (line == null ? "did not print '" + expected + "' within " + timeout
            : "ended before printing '" + expected + "'"));
      }
      if (line.equals(expected)) {
        return;
      }
    }
  }

  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
  }
}
