package dev.trainyard.app.cli;

import dev.trainyard.app.node.CoordinatorNode;
import dev.trainyard.app.node.QueueUrl;
import dev.trainyard.app.node.WorkerNode;
import dev.trainyard.common.Check;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code trainyard standalone} (alias {@code up}): the whole platform in one JVM — coordinator,
 * H2 store, in-process queue and local worker slots (parameter-server jobs start their shards in
 * process). Its parts share the cluster secret of a coordinator (given, or kept in
 * {@code DATA_DIR/cluster.secret}), which extra workers on its gRPC port need.
 */
@Command(name = "standalone", aliases = "up", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run the whole platform in one JVM: coordinator, H2 store, in-process queue, local workers.",
        "Prints 'trainyard ready: http://HOST:PORT' once serving; Ctrl-C stops it."})
public final class StandaloneCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "8080", paramLabel = "P", description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--grpc-port", defaultValue = "0", paramLabel = "P",
      description = "gRPC port for extra workers (default: a free one).")
  int grpcPort;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Address to bind.")
  String host;

  @Option(names = "--data-dir", defaultValue = "./trainyard-data", paramLabel = "DIR",
      description = "Datasets, models and the H2 store (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--slots", paramLabel = "N", description = "Local task slots (default: 1, using every core).")
  Integer slots;

  @Mixin RoleOptions.SecretOptions secret;

  @Override
  public Integer call() throws InterruptedException {
    int cores = Runtime.getRuntime().availableProcessors();
    int n = Check.between("--slots", slots == null ? 1 : slots, 1, 256);
    Platform p = Platform.start(CoordinatorCommand.settings(host, port, grpcPort, null, QueueUrl.parse("memory"),
        dataDir, Duration.ofSeconds(2), Duration.ofSeconds(10), 2048, secret.orDataDir(dataDir)), n,
        Math.max(1, cores / n));
    System.out.println("trainyard ready: http://" + host + ":" + p.coordinator.httpPort() + " (data "
        + dataDir.toAbsolutePath().normalize() + ", " + n + " local slots)");
    System.out.flush();
    RoleOptions.runUntilSignalled(p, "standalone");
    return 0;
  }

  /** A coordinator with local worker slots on its own queue; closes workers first. */
  static final class Platform implements AutoCloseable {
    final CoordinatorNode coordinator;
    final WorkerNode workers;

    private Platform(CoordinatorNode coordinator, WorkerNode workers) {
      this.coordinator = coordinator;
      this.workers = workers;
    }

    static Platform start(CoordinatorNode.Settings s, int slots, int threads) {
      CoordinatorNode c = CoordinatorNode.start(s);
      WorkerNode w = WorkerNode.local(c.queue(), c.coordinator(), slots, threads, s.clusterSecret());
      return new Platform(c, w);
    }

    @Override
    public void close() {
      workers.close();
      coordinator.close();
    }
  }
}
