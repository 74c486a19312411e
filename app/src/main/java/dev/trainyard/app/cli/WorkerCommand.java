package dev.trainyard.app.cli;

import dev.trainyard.app.node.WorkerNode;
import dev.trainyard.common.Check;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code trainyard worker}: joins a coordinator with the cluster secret and runs tasks from its
 * queue until SIGTERM, when it stops leasing and lets running tasks finish (up to --drain). Without
 * a secret it does not start; a coordinator that refuses the secret ends it with exit code 2, before
 * it leased anything (or, if the coordinator changes its secret later, once running tasks drained).
 */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run a worker: register with the coordinator, lease tasks from the queue, run them.",
        "Prints 'worker ID ready' once leasing; SIGTERM drains running tasks, then exits."})
public final class WorkerCommand implements Callable<Integer> {
  @Option(names = "--coordinator", required = true, paramLabel = "HOST:GRPC_PORT",
      description = "The coordinator's gRPC address (its --grpc-port).")
  String coordinator;

  @Option(names = "--queue", paramLabel = "URL",
      description = "Task queue redis://HOST:PORT[?queue=NAME] (default: the one the coordinator uses).")
  String queue;

  @Option(names = "--slots", defaultValue = "1", paramLabel = "N",
      description = "Tasks run at once (default: ${DEFAULT-VALUE}).")
  int slots;

  @Option(names = "--threads", paramLabel = "T", description = "Threads per task (default: cores / slots).")
  Integer threads;

  @Option(names = "--cache-dir", defaultValue = "./trainyard-data/worker-cache", paramLabel = "DIR",
      description = "Local cache of dataset files, by content hash (default: ${DEFAULT-VALUE}).")
  Path cacheDir;

  @Option(names = "--id", paramLabel = "ID", description = "Worker id (default: HOST-RANDOM).")
  String id;

  @Option(names = "--drain", defaultValue = "60s", paramLabel = "DURATION", converter = PsCommand.DurationConverter.class,
      description = "On SIGTERM, how long running tasks may finish (default: ${DEFAULT-VALUE}).")
  Duration drain;

  @Mixin RoleOptions.SecretOptions secret;

  @Mixin MetricsOptions metrics;

  @Override
  @SuppressWarnings("try") // the metrics endpoint lives as long as the worker
  public Integer call() throws Exception {
    try (AutoCloseable served = metrics.start(System.out)) {
      return run();
    }
  }

  private int run() throws InterruptedException {
    dev.trainyard.rpc.auth.ClusterSecret clusterSecret = secret.required("a worker");
    Check.between("--slots", slots, 1, 256);
    int cores = Runtime.getRuntime().availableProcessors();
    int t = Check.between("--threads", threads == null ? Math.max(1, cores / slots) : threads, 1, 1024);
    if (id != null && !id.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new dev.trainyard.common.InvalidInputException(
          "--id must be 1 to 100 letters, digits, '.', '_' or '-', was '" + id + "'");
    }
    WorkerNode node = WorkerNode.join(new WorkerNode.Settings(coordinator, queue, slots, t, cacheDir, id, drain,
        clusterSecret));
    System.out.println("worker " + node.id() + " ready: " + slots + " slots x " + t + " threads, queue "
        + RoleOptions.withoutPassword(node.queueDescription()));
    System.out.flush();
    java.util.Optional<String> refused = RoleOptions.runUntilSignalled(node, "worker", node.refused());
    if (refused.isPresent()) {
      throw new dev.trainyard.common.InvalidInputException(refused.get());
    }
    return 0;
  }
}
