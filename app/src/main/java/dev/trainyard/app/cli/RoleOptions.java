package dev.trainyard.app.cli;

import dev.trainyard.rpc.auth.ClusterSecret;
import dev.trainyard.rpc.auth.SecretFile;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Shared by the long-running role commands: the cluster secret flags, and blocking until SIGTERM/Ctrl-C. */
final class RoleOptions {
  private static final Logger LOG = LoggerFactory.getLogger(RoleOptions.class);

  private RoleOptions() {}

  /** Closes {@code role} on SIGTERM/SIGINT (via a shutdown hook) and returns once it is closed. */
  static void runUntilSignalled(AutoCloseable role, String name) throws InterruptedException {
    runUntilSignalled(role, name, new CompletableFuture<>());
  }

  /**
   * Like {@link #runUntilSignalled(AutoCloseable, String)}, but also returns when {@code fatal}
   * completes (the role cannot go on, e.g. the coordinator refused it): then the role is closed
   * here and the reason returned. Empty after a signal.
   */
  static Optional<String> runUntilSignalled(AutoCloseable role, String name, CompletableFuture<String> fatal)
      throws InterruptedException {
    CompletableFuture<Optional<String>> done = new CompletableFuture<>();
    Thread hook = new Thread(() -> {
      close(role, name);
      done.complete(Optional.empty());
    }, name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    fatal.thenAccept(reason -> done.complete(Optional.of(reason)));
    Optional<String> reason;
    try {
      reason = done.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot happen: nothing completes it exceptionally", e);
    }
    if (reason.isPresent()) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        return reason; // the hook is closing the role already
      }
      close(role, name);
    }
    return reason;
  }

  /** {@code url} with the password of a {@code redis://[USER]:PASSWORD@HOST} URL masked, for printing. */
  static String withoutPassword(String url) {
    return dev.trainyard.app.node.QueueUrl.withoutPassword(url);
  }

  private static void close(AutoCloseable role, String name) {
    try {
      role.close();
    } catch (Exception e) {
      System.err.println(name + ": error while stopping: " + e);
    }
  }

  /**
   * The cluster secret flags: {@code --cluster-secret}, else {@code --cluster-secret-file}, else
   * {@code TRAINYARD_CLUSTER_SECRET}. What a role does without any is its own rule (see the methods).
   */
  static final class SecretOptions {
    @Option(names = "--cluster-secret", paramLabel = "SECRET",
        description = {"Secret shared by the coordinator, workers and PS shards (16+ printable characters);",
            "gRPC calls without it are refused. Default: $" + ClusterSecret.ENV + "; a coordinator without either",
            "keeps one in DATA_DIR/" + ClusterSecret.FILE_NAME + " (created if absent). Visible in the process list:",
            "prefer --cluster-secret-file or the variable."})
    String secret;

    @Option(names = "--cluster-secret-file", paramLabel = "FILE",
        description = "File holding the cluster secret, e.g. the coordinator's DATA_DIR/" + ClusterSecret.FILE_NAME + ".")
    Path file;

    /** The secret the flags or the environment give, if any. */
    Optional<ClusterSecret> given() {
      return ClusterSecret.resolve(secret, file, System.getenv());
    }

    /** The secret a member ({@code who}, e.g. "a worker") must be given; otherwise a bad-input error. */
    ClusterSecret required(String who) {
      return given().orElseThrow(() -> ClusterSecret.missing(who));
    }

    /**
     * The coordinator's secret: given, or else the one kept in {@code dataDir/cluster.secret}
     * (created if absent). Logs where it came from, never the secret.
     */
    ClusterSecret orDataDir(Path dataDir) {
      Optional<ClusterSecret> given = given();
      if (given.isPresent()) {
        LOG.info("cluster secret: from {}", secret != null ? "--cluster-secret"
            : file != null ? file.toAbsolutePath().normalize() : "$" + ClusterSecret.ENV);
        return given.get();
      }
      SecretFile f = SecretFile.loadOrCreate(dataDir.resolve(ClusterSecret.FILE_NAME));
      LOG.info("cluster secret: {} ({}); give it to workers and PS shards with --cluster-secret-file or {}",
          f.file().toAbsolutePath().normalize(), f.created() ? "created, mode 0600" : "read", ClusterSecret.ENV);
      return f.secret();
    }
  }
}
