package dev.trainyard.app.cli;

import dev.trainyard.common.InvalidInputException;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts role JVMs for {@code cluster up} and stops them for {@code cluster down}. A role runs as
 * {@code java [JAVA_OPTS] -cp CLASS_PATH dev.trainyard.app.Main ROLE ARGS} with this JVM's java and
 * class path, detached: its own session (via {@code setsid} where there is one), stdin from
 * /dev/null, stdout and stderr appended to its log file, where its ready line is looked for.
 */
final class ClusterProcesses {
  private static final Duration POLL = Duration.ofMillis(100);
  private final List<String> javaOpts;

  ClusterProcesses(List<String> javaOpts) {
    this.javaOpts = List.copyOf(javaOpts);
  }

  /** A launched role whose log is read from where it was when it started. */
  static final class Launched {
    final String name;
    final Process process;
    final Path log;
    final Instant startedAt;
    private final Tail tail;

    private Launched(String name, Process process, Path log, long offset) {
      this.name = name;
      this.process = process;
      this.log = log;
      this.startedAt = process.info().startInstant().orElse(Instant.now());
      this.tail = new Tail(log, offset);
    }
  }

  Launched launch(String name, Path log, List<String> roleArgs) {
    List<String> cmd = new ArrayList<>();
    Path setsid = Path.of("/usr/bin/setsid");
    if (Files.isExecutable(setsid)) {
      cmd.add(setsid.toString()); // its own session: a terminal's hang-up or Ctrl-C does not reach it
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(javaOpts);
    // the product's logging, not a logback-test.xml that a test class path may also hold
    cmd.add("-Dlogback.configurationFile=logback.xml");
    cmd.add("-cp");
    cmd.add(absoluteClassPath());
    cmd.add(dev.trainyard.app.Main.class.getName());
    cmd.addAll(roleArgs);
    try {
      Files.createDirectories(log.getParent());
      long offset = Files.exists(log) ? Files.size(log) : 0;
      Files.writeString(log, "--- " + Instant.now() + " trainyard " + String.join(" ", roleArgs) + "\n",
          StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      return new Launched(name, p, log, offset);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  /** This JVM's class path with every entry absolute, so a role started elsewhere finds it too. */
  private static String absoluteClassPath() {
    List<String> out = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!e.isEmpty()) {
        out.add(Path.of(e).toAbsolutePath().normalize().toString());
      }
    }
    return String.join(File.pathSeparator, out);
  }

  /** What a ready role printed: its ready line's groups, and the lines before it that {@code keep} matched. */
  record Ready(Matcher ready, List<String> kept) {}

  /**
   * Waits until {@code role} prints a line matching {@code ready}; lines matching {@code keep}
   * before it are returned too. A role that exits or stays silent past {@code timeout} is an
   * input error quoting its log (the caller stops what it started).
   */
  Ready await(Launched role, Pattern ready, Pattern keep, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> kept = new ArrayList<>();
    while (true) {
      for (String line : role.tail.lines()) {
        Matcher m = ready.matcher(line);
        if (m.find()) {
          return new Ready(m, kept);
        }
        if (keep.matcher(line).find()) {
          kept.add(line);
        }
      }
      if (!role.process.isAlive()) {
        throw new InvalidInputException(role.name + " exited with code " + role.process.exitValue()
            + " before it was ready; " + logSummary(role));
      }
      if (System.nanoTime() > deadline) {
        throw new InvalidInputException(role.name + " was not ready after " + timeout.toSeconds() + " s; "
            + logSummary(role));
      }
      role.process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static String logSummary(Launched role) {
    List<String> lines = role.tail.all();
    List<String> errors = lines.stream().filter(l -> l.startsWith("error:")).toList();
    List<String> shown = !errors.isEmpty() ? errors : lines.subList(Math.max(0, lines.size() - 15), lines.size());
    return "its log " + role.log + " says:\n  " + String.join("\n  ", shown);
  }

  /**
   * Stops {@code members} gracefully: SIGTERM to all, then SIGKILL to those still running after
   * {@code timeout}. Returns the names of those that had to be killed.
   */
  static List<String> stop(List<ClusterState.Member> members, Duration timeout) throws InterruptedException {
    List<ClusterState.Member> running = new ArrayList<>();
    List<ProcessHandle> handles = new ArrayList<>();
    for (ClusterState.Member m : members) {
      m.handle().ifPresent(h -> {
        running.add(m);
        handles.add(h);
        h.destroy();
      });
    }
    List<String> killed = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < handles.size(); i++) {
      ProcessHandle h = handles.get(i);
      if (!waitFor(h, Math.max(0, deadline - System.nanoTime()))) {
        h.destroyForcibly();
        killed.add(running.get(i).name());
        waitFor(h, TimeUnit.SECONDS.toNanos(10));
      }
    }
    return killed;
  }

  private static boolean waitFor(ProcessHandle h, long nanos) throws InterruptedException {
    CompletableFuture<ProcessHandle> exit = h.onExit();
    try {
      exit.get(Math.max(1, nanos), TimeUnit.NANOSECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return !h.isAlive();
    }
  }

  /** Reads a log file's complete lines from an offset on, as they are appended. Confined to one thread. */
  private static final class Tail {
    private final Path file;
    private long offset;
    private final StringBuilder partial = new StringBuilder();
    private final List<String> all = new ArrayList<>();

    Tail(Path file, long offset) {
      this.file = file;
      this.offset = offset;
    }

    /** Lines completed since the last call. */
    List<String> lines() {
      List<String> out = new ArrayList<>();
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
        long length = f.length();
        if (length <= offset) {
          return out;
        }
        byte[] buf = new byte[(int) Math.min(length - offset, 1 << 20)];
        f.seek(offset);
        f.readFully(buf);
        offset += buf.length;
        partial.append(new String(buf, StandardCharsets.UTF_8));
      } catch (IOException e) {
        return out; // not there yet
      }
      int nl;
      while ((nl = partial.indexOf("\n")) >= 0) {
        String line = partial.substring(0, nl).stripTrailing();
        partial.delete(0, nl + 1);
        out.add(line);
        all.add(line);
      }
      return out;
    }

    List<String> all() {
      lines();
      return all;
    }
  }
}
