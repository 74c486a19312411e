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

  @Option(names = "--ps-shards", defaultValue = "1", paramLabel = "K",
      description = "Parameter-server shards served in this JVM and registered with the coordinator"
          + " (default: ${DEFAULT-VALUE}; 0: none).")
  int psShards;

  @Mixin RoleOptions.SecretOptions secret;

  @Override
  public Integer call() throws InterruptedException {
    int cores = Runtime.getRuntime().availableProcessors();
    int n = Check.between("--slots", slots == null ? 1 : slots, 1, 256);
    int k = Check.between("--ps-shards", psShards, 0, 16);
    Platform p = Platform.start(CoordinatorCommand.settings(host, port, grpcPort, null, QueueUrl.parse("memory"),
        dataDir, Duration.ofSeconds(2), Duration.ofSeconds(10), 2048, secret.orDataDir(dataDir)), n,
        Math.max(1, cores / n), k);
    System.out.println("trainyard ready: http://" + host + ":" + p.coordinator.httpPort() + " (data "
        + dataDir.toAbsolutePath().normalize() + ", " + n + " local slots, " + k + " PS shards)");
    System.out.flush();
    RoleOptions.runUntilSignalled(p, "standalone");
    return 0;
  }

  /**
   * A coordinator with local worker slots on its own queue and PS shards registered with it (each
   * checkpointing under {@code DATA_DIR/ps-<i>}); closes workers, then shards, then the coordinator.
   */
  static final class Platform implements AutoCloseable {
    final CoordinatorNode coordinator;
    final WorkerNode workers;
    final java.util.List<dev.trainyard.ps.server.PsServer> shards;
    final java.util.List<dev.trainyard.app.node.ShardMembership> memberships;

    private Platform(CoordinatorNode coordinator, WorkerNode workers, java.util.List<dev.trainyard.ps.server.PsServer>
        shards, java.util.List<dev.trainyard.app.node.ShardMembership> memberships) {
      this.coordinator = coordinator;
      this.workers = workers;
      this.shards = shards;
      this.memberships = memberships;
    }

    static Platform start(CoordinatorNode.Settings s, int slots, int threads, int psShards) throws InterruptedException {
      CoordinatorNode c = CoordinatorNode.start(s);
      java.util.List<dev.trainyard.ps.server.PsServer> shards = new java.util.ArrayList<>();
      java.util.List<dev.trainyard.app.node.ShardMembership> members = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < psShards; i++) {
          dev.trainyard.ps.server.PsServer ps = dev.trainyard.ps.server.PsServer.start(
              dev.trainyard.ps.server.PsServerConfig.of(s.host(), 0, s.clusterSecret())
                  .withCheckpoints(s.dataDir().resolve("ps-" + i), Duration.ofMinutes(5)));
          shards.add(ps);
          members.add(dev.trainyard.app.node.ShardMembership.join(new dev.trainyard.cluster.worker.CoordinatorClient(
              s.host() + ":" + c.grpcPort(), s.clusterSecret()), ps.address()));
        }
      } catch (java.io.IOException e) {
        stopAll(c, shards, members);
        throw new java.io.UncheckedIOException("cannot start a PS shard: " + e.getMessage(), e);
      } catch (RuntimeException | InterruptedException e) {
        stopAll(c, shards, members);
        throw e;
      }
      WorkerNode w = WorkerNode.local(c.queue(), c.coordinator(), slots, threads, s.clusterSecret());
      return new Platform(c, w, shards, members);
    }

    private static void stopAll(CoordinatorNode c, java.util.List<dev.trainyard.ps.server.PsServer> shards,
        java.util.List<dev.trainyard.app.node.ShardMembership> members) {
      members.forEach(dev.trainyard.app.node.ShardMembership::close);
      shards.forEach(dev.trainyard.ps.server.PsServer::shutdownNow);
      c.close();
    }

    @Override
    public void close() {
      workers.close();
      memberships.forEach(dev.trainyard.app.node.ShardMembership::close);
      shards.forEach(dev.trainyard.ps.server.PsMain::stop);
      coordinator.close();
    }
  }
}
