package dev.trainyard.ps.server;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.rpc.auth.ClusterSecret;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one shard as a process: {@code PsMain --port P [--host H] [--checkpoint-dir DIR]
 * [--checkpoint-interval 30s] [--cluster-secret S | --cluster-secret-file F]} (the secret falls back
 * to {@code TRAINYARD_CLUSTER_SECRET}; without any the shard does not start). Prints
 * {@code ps listening on HOST:PORT} once serving and runs until SIGTERM/SIGINT, when it checkpoints
 * and stops gracefully. {@code trainyard ps} runs the same code.
 */
public final class PsMain {
  private static final System.Logger LOG = System.getLogger(PsMain.class.getName());
  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private PsMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    try {
      serve(parse(System.getenv(), args), System.out);
    } catch (InvalidInputException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Starts the shard, prints its address on {@code out}, and blocks until it has stopped. */
  public static void serve(PsServerConfig config, PrintStream out) throws IOException, InterruptedException {
    PsServer server = PsServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "ps-shutdown"));
    out.println("ps listening on " + server.address() + (server.restored() ? " (restored from checkpoint)" : ""));
    out.flush();
    server.awaitTermination();
  }

  /** Checkpoints (if configured) and stops the shard gracefully: what SIGTERM does. */
  public static void stop(PsServer server) {
    try {
      server.checkpoint();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "final checkpoint failed", e);
    }
    server.shutdown();
    try {
      if (!server.awaitTermination(STOP_GRACE)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Parses the command line described in the class comment; the secret may come from {@code env}. */
  public static PsServerConfig parse(Map<String, String> env, String... args) {
    String host = "127.0.0.1";
    Integer port = null;
    Path dir = null;
    Duration interval = Duration.ofSeconds(30);
    String secret = null;
    Path secretFile = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new InvalidInputException(flag + " needs a value");
      }
      String value = args[++i];
      switch (flag) {
        case "--host" -> host = value;
        case "--port" -> port = parsePort(value);
        case "--checkpoint-dir" -> dir = Path.of(value);
        case "--checkpoint-interval" -> interval = parseDuration(value);
        case "--cluster-secret" -> secret = value;
        case "--cluster-secret-file" -> secretFile = Path.of(value);
        default -> throw new InvalidInputException("unknown option " + flag + "; options are --port, --host,"
            + " --checkpoint-dir, --checkpoint-interval, --cluster-secret, --cluster-secret-file");
      }
    }
    if (port == null) {
      throw new InvalidInputException("--port is required (0 picks a free port)");
    }
    ClusterSecret s = ClusterSecret.resolve(secret, secretFile, env)
        .orElseThrow(() -> ClusterSecret.missing("a PS shard"));
    PsServerConfig config = PsServerConfig.of(host, port, s);
    return dir == null ? config : config.withCheckpoints(dir, interval);
  }

  private static int parsePort(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new InvalidInputException("port must be a number between 0 and 65535, was '" + value + "'");
    }
  }

  /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601 such as {@code PT30S}. */
  public static Duration parseDuration(String value) {
    Matcher m = SIMPLE_DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("duration must look like 500ms, 30s, 5m, 1h or PT30S, was '" + value + "'");
    }
  }
}
