package dev.trainyard.app.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trainyard cluster down}: stops what {@code cluster up} started in a data directory, in
 * order: workers (they drain running tasks), then PS shards (they checkpoint), then the coordinator;
 * each group gets SIGTERM and, past {@code --timeout}, SIGKILL. Then removes {@code cluster.json}
 * (logs, store and checkpoints stay). Nothing recorded there is not an error: there is nothing to stop.
 */
@Command(name = "down", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Stop the cluster started with 'trainyard cluster up' in --data-dir: workers first, then",
        "parameter-server shards, then the coordinator (SIGTERM; SIGKILL after --timeout)."})
public final class ClusterDownCommand implements Callable<Integer> {
  @Option(names = "--data-dir", defaultValue = ClusterCommand.DEFAULT_DATA_DIR, paramLabel = "DIR",
      description = ClusterCommand.DATA_DIR_HELP)
  Path dataDir;

  @Option(names = "--timeout", defaultValue = "45s", paramLabel = "DURATION", converter = PsCommand.DurationConverter.class,
      description = "How long each group may take to stop before it is killed (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws InterruptedException {
    Path dir = dataDir.toAbsolutePath().normalize();
    Optional<ClusterState> state = ClusterState.read(dir);
    if (state.isEmpty()) {
      System.out.println("no cluster recorded in " + dir + " (no " + ClusterState.FILE_NAME + "): nothing to stop");
      return 0;
    }
    List<String> killed = new ArrayList<>();
    int stopped = 0;
    for (String role : List.of("worker", "ps", "coordinator")) {
      List<ClusterState.Member> group = state.get().byRole(role);
      long running = group.stream().filter(ClusterState.Member::alive).count();
      if (running > 0) {
        System.out.println("stopping " + running + " " + role + (running == 1 ? "" : "s") + "...");
        System.out.flush();
      }
      killed.addAll(ClusterProcesses.stop(group, timeout));
      stopped += running;
    }
    ClusterState.delete(dir);
    System.out.println("cluster in " + dir + " stopped: " + stopped + " processes"
        + (killed.isEmpty() ? "" : "; killed after " + timeout.toSeconds() + " s: " + String.join(", ", killed))
        + " (logs stay in " + dir.resolve("logs") + ")");
    return 0;
  }
}
