package dev.trainyard.ps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainyard.ps.server.PsMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A PS shard in its own JVM ({@link PsMain}) on loopback, for multi-process tests; it gets
 * {@link PsFixture#SECRET} through {@code TRAINYARD_CLUSTER_SECRET}.
 */
public record ShardProcess(Process process, String address) {
  /** Starts a shard on {@code port} (0 = ephemeral) checkpointing to {@code checkpoints} once an hour (or on request). */
  public static ShardProcess start(Path checkpoints, int port) throws Exception {
    return start(List.of(PsMain.class.getName(), "--port", Integer.toString(port), "--checkpoint-dir",
        checkpoints.toString(), "--checkpoint-interval", "1h"));
  }

  /**
   * Starts {@code mainAndArgs} (a main class on this test's class path and its arguments, e.g.
   * {@code dev.trainyard.app.Main ps --port 0}) and waits for its "ps listening on" line.
   */
  public static ShardProcess start(List<String> mainAndArgs) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path")));
    command.addAll(mainAndArgs);
    ProcessBuilder b = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    b.environment().put(dev.trainyard.rpc.auth.ClusterSecret.ENV, PsFixture.SECRET.value());
    Process p = b.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS);
    assertThat(line).startsWith("ps listening on 127.0.0.1:");
    return new ShardProcess(p, line.substring("ps listening on ".length()).split(" ")[0]);
  }

  public int port() {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  /** SIGKILL, and wait until the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
  }

  /** SIGTERM (the shard checkpoints and stops), escalating to SIGKILL after 15 s. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private static String readLine(BufferedReader r) {
    try {
      return r.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
