package dev.trainyard.app.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trainyard cluster status}: what {@code cluster up} started in a data directory and whether
 * each process still runs. Exit 0 when all run, 1 when some are gone, 2 when no cluster is recorded.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Show the cluster started with 'trainyard cluster up' in --data-dir: URLs and, per process,",
        "whether it runs, its pid, address, metrics URL and log. Exit 0: all run; 1: some stopped; 2: none recorded."})
public final class ClusterStatusCommand implements Callable<Integer> {
  @Option(names = "--data-dir", defaultValue = ClusterCommand.DEFAULT_DATA_DIR, paramLabel = "DIR",
      description = ClusterCommand.DATA_DIR_HELP)
  Path dataDir;

  @Option(names = "--json", description = "Print cluster.json with a 'running' flag per process.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Path dir = dataDir.toAbsolutePath().normalize();
    Optional<ClusterState> state = ClusterState.read(dir);
    if (state.isEmpty()) {
      System.err.println("no cluster recorded in " + dir + " (no " + ClusterState.FILE_NAME + ")");
      return CliErrors.BAD_INPUT;
    }
    ClusterState s = state.get();
    long down = s.members().stream().filter(m -> !m.alive()).count();
    if (json) {
      com.fasterxml.jackson.databind.node.ObjectNode n = s.toJson();
      int i = 0;
      for (ClusterState.Member m : s.members()) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) n.get("members").get(i++)).put("running", m.alive());
      }
      System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
          .writeValueAsString(n));
    } else {
      System.out.println("cluster in " + dir + " (started " + s.started() + "): "
          + (down == 0 ? "all " + s.members().size() + " processes running" : down + " of " + s.members().size()
          + " processes not running"));
      System.out.println("  web UI   " + s.http() + "   metrics " + s.http() + "/metrics   gRPC " + s.grpc());
      System.out.println("  queue    " + s.queue() + "   store " + s.db());
      for (ClusterState.Member m : s.members()) {
        System.out.printf("  %-12s %-8s pid %-8d %-22s %s  log %s%n", m.name(), m.alive() ? "running" : "STOPPED",
            m.pid(), m.address(), m.role().equals("coordinator") ? "" : m.metrics(), m.log());
      }
    }
    return down == 0 ? 0 : CliErrors.INTERNAL;
  }
}
