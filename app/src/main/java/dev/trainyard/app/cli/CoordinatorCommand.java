package dev.trainyard.app.cli;

import dev.trainyard.app.node.CoordinatorNode;
import dev.trainyard.app.node.QueueUrl;
import dev.trainyard.rpc.auth.ClusterSecret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code trainyard coordinator}: the HTTP API, the job scheduler, the SQL store and the gRPC
 * endpoint that workers and PS shards join with the cluster secret (given, or kept in
 * {@code DATA_DIR/cluster.secret}). Prints its URLs once serving; stops on SIGTERM.
 */
@Command(name = "coordinator", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run the coordinator: HTTP API (jobs, datasets), scheduler, store and the gRPC endpoint",
        "workers join. Prints 'coordinator ready: http://HOST:PORT grpc HOST:GRPC_PORT' once serving."})
public final class CoordinatorCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "8080", paramLabel = "P",
      description = "HTTP port (default: ${DEFAULT-VALUE}); 0 picks a free one.")
  int port;

  @Option(names = "--grpc-port", defaultValue = "9090", paramLabel = "P",
      description = "gRPC port for workers and PS shards (default: ${DEFAULT-VALUE}); 0 picks a free one.")
  int grpcPort;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
      description = "Address to bind (default: ${DEFAULT-VALUE}); 0.0.0.0 for all interfaces.")
  String host;

  @Option(names = "--db", paramLabel = "JDBC_URL",
      description = "Store: jdbc:postgresql://HOST:PORT/DB?user=U (default: an H2 file in --data-dir).")
  String db;

  @Option(names = "--queue", defaultValue = "memory", paramLabel = "URL",
      description = "Task queue: memory (one JVM) or redis://HOST:PORT[?queue=NAME] (default: ${DEFAULT-VALUE}).")
  String queue;

  @Option(names = "--data-dir", defaultValue = "./trainyard-data", paramLabel = "DIR",
      description = "Datasets, models and the H2 store (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--heartbeat", defaultValue = "2s", paramLabel = "DURATION",
      converter = PsCommand.DurationConverter.class,
      description = "How often members heartbeat (default: ${DEFAULT-VALUE}).")
  Duration heartbeat;

  @Option(names = "--heartbeat-timeout", defaultValue = "10s", paramLabel = "DURATION",
      converter = PsCommand.DurationConverter.class,
      description = "Silence after which a member is dead and its tasks are redelivered (default: ${DEFAULT-VALUE}).")
  Duration heartbeatTimeout;

  @Option(names = "--max-upload-mb", defaultValue = "2048", paramLabel = "MB",
      description = "Largest dataset upload in MiB (default: ${DEFAULT-VALUE}).")
  long maxUploadMb;

  @Mixin RoleOptions.SecretOptions secret;

  @Override
  public Integer call() throws InterruptedException {
    CoordinatorNode.Settings settings = settings(host, port, grpcPort, db, QueueUrl.parse(queue), dataDir,
        heartbeat, heartbeatTimeout, maxUploadMb, secret.orDataDir(dataDir));
    CoordinatorNode node = CoordinatorNode.start(settings);
    System.out.println("coordinator ready: http://" + host + ":" + node.httpPort() + " grpc " + host + ":"
        + node.grpcPort() + " (queue " + RoleOptions.withoutPassword(queue) + ", data " + dataDir.toAbsolutePath().normalize() + ")");
    System.out.flush();
    RoleOptions.runUntilSignalled(node, "coordinator");
    return 0;
  }

  static CoordinatorNode.Settings settings(String host, int port, int grpcPort, String db, QueueUrl queue, Path dataDir,
      Duration heartbeat, Duration timeout, long maxUploadMb, ClusterSecret clusterSecret) {
    dev.trainyard.common.Check.between("--port", port, 0, 65535);
    dev.trainyard.common.Check.between("--grpc-port", grpcPort, 0, 65535);
    if (heartbeat.isZero() || heartbeat.isNegative() || timeout.compareTo(heartbeat) <= 0) {
      throw new dev.trainyard.common.InvalidInputException("--heartbeat-timeout (" + timeout
          + ") must be longer than --heartbeat (" + heartbeat + "), which must be positive");
    }
    if (maxUploadMb < 1) {
      throw new dev.trainyard.common.InvalidInputException("--max-upload-mb must be at least 1, was " + maxUploadMb);
    }
    return new CoordinatorNode.Settings(host, port, grpcPort, db, queue, dataDir, heartbeat, timeout,
        maxUploadMb << 20, clusterSecret);
  }
}
