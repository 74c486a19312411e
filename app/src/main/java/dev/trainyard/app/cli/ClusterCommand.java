package dev.trainyard.app.cli;

import dev.trainyard.common.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code trainyard cluster up|down|status}: a real multi-process cluster on this machine (a
 * coordinator, workers and PS shards as separate JVMs on Redis), for trying out scale-out and for
 * tests. What runs is recorded in {@code DATA_DIR/cluster.json}; logs go to {@code DATA_DIR/logs/}.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = {"Run a coordinator, workers and parameter-server shards as separate processes on this machine.",
        "'up' starts them and returns, 'status' shows them, 'down' stops them (workers, then shards, then the",
        "coordinator)."},
    subcommands = {ClusterUpCommand.class, ClusterDownCommand.class, ClusterStatusCommand.class})
public final class ClusterCommand implements Runnable {
  static final String DEFAULT_DATA_DIR = "./trainyard-cluster";
  static final String DATA_DIR_HELP = "The cluster's directory: store, datasets, secret, cluster.json, logs/"
      + " (default: ${DEFAULT-VALUE}).";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Refuses to start a second cluster in {@code dir}; forgets a recorded one whose processes are all gone. */
  static void refuseIfRunning(Path dir) {
    Optional<ClusterState> old = ClusterState.read(dir);
    if (old.isEmpty()) {
      return;
    }
    List<ClusterState.Member> alive = old.get().members().stream().filter(ClusterState.Member::alive).toList();
    if (!alive.isEmpty()) {
      throw new InvalidInputException("a cluster is already running in " + dir + " (" + alive.size()
          + " processes, e.g. " + alive.get(0).name() + " pid " + alive.get(0).pid() + "); stop it with"
          + " 'trainyard cluster down --data-dir " + dir + "' or use another --data-dir");
    }
    System.err.println("cluster: " + ClusterState.file(dir) + " lists processes that are gone; starting afresh");
    ClusterState.delete(dir);
  }
}
