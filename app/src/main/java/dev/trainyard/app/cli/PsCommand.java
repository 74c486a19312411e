package dev.trainyard.app.cli;

import dev.trainyard.ps.server.PsMain;
import dev.trainyard.ps.server.PsServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code trainyard ps}: runs one parameter-server shard until SIGTERM/SIGINT, when it checkpoints and
 * stops gracefully. Prints {@code ps listening on HOST:PORT} (the bound port) once serving. It serves
 * only callers with the cluster secret, which it must be given (and with which it registers).
 */
@Command(name = "ps", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run one parameter-server shard (gRPC) until SIGTERM or Ctrl-C.",
        "Prints 'ps listening on HOST:PORT' once serving; with --checkpoint-dir it restores the last checkpoint,",
        "checkpoints every --checkpoint-interval and once more on shutdown."})
public final class PsCommand implements Callable<Integer> {
  @Option(names = "--port", required = true, paramLabel = "P", description = "Port to listen on; 0 picks a free one.")
  int port;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Directory for checkpoints (default: none).")
  Path checkpointDir;

  @Option(names = "--checkpoint-interval", paramLabel = "DURATION", defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Time between periodic checkpoints, e.g. 500ms, 30s, 5m (default: ${DEFAULT-VALUE}); 0s = only on request.")
  Duration checkpointInterval;

  @Option(names = "--coordinator", paramLabel = "HOST:GRPC_PORT",
      description = "Register with this coordinator (its --grpc-port) and heartbeat, so jobs train on this shard.")
  String coordinator;

  @Mixin RoleOptions.SecretOptions secret;

  @Mixin MetricsOptions metrics;

  @Override
  @SuppressWarnings("try") // the metrics endpoint lives as long as the shard
  public Integer call() throws Exception {
    try (AutoCloseable served = metrics.start(System.out)) {
      return serve();
    }
  }

  private int serve() throws IOException, InterruptedException {
    PsServerConfig config = PsServerConfig.of(host, port, secret.required("a PS shard"));
    if (checkpointDir != null) {
      config = config.withCheckpoints(checkpointDir, checkpointInterval);
    }
    if (coordinator == null) {
      PsMain.serve(config, System.out);
      return 0;
    }
    dev.trainyard.cluster.worker.CoordinatorClient client =
        new dev.trainyard.cluster.worker.CoordinatorClient(coordinator, config.secret());
    dev.trainyard.ps.server.PsServer server = dev.trainyard.ps.server.PsServer.start(config);
    dev.trainyard.app.node.ShardMembership member;
    try {
      member = dev.trainyard.app.node.ShardMembership.join(client, server.address());
    } catch (RuntimeException | InterruptedException e) {
      client.close();
      server.shutdownNow(); // refused or unreachable: serve nothing
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      member.close();
      PsMain.stop(server);
    }, "ps-shutdown"));
    System.out.println("ps listening on " + server.address() + (server.restored() ? " (restored from checkpoint)" : "")
        + ", registered with " + coordinator);
    System.out.flush();
    server.awaitTermination();
    return 0;
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601 durations. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return PsMain.parseDuration(value);
    }
  }
}
