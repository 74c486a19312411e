package dev.trainyard.ps.train;

import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.PsException;
import dev.trainyard.rpc.v1.Consistency;
import dev.trainyard.rpc.v1.JobStats;
import dev.trainyard.rpc.v1.StatsReply;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A worker process of a distributed run gave up: one of its pulls waited the run's
 * {@code maxWait} (DEADLINE_EXCEEDED) for peers that never reached the clock it needed because they
 * are missing (never started), dead, or too slow. What to do: restart the whole unit under a new
 * table prefix. The message names the job (the table prefix), this worker and the peers that were
 * behind (empty if the shards could not tell).
 */
public final class PeerTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String job;
  private final int worker;
  private final List<Integer> missing;

  PeerTimeoutException(DistributedPs d, List<Integer> missing, PsException cause) {
    super("worker " + d.worker() + " of " + d.workers() + " in job '" + d.tablePrefix() + "' gave up after waiting "
        + d.maxWait() + " for " + peers(missing) + " to reach the clock it needed (missing, dead or too slow)"
        + " [shard " + cause.shard() + ": " + cause.getMessage() + "]", cause);
    this.job = d.tablePrefix();
    this.worker = d.worker();
    this.missing = List.copyOf(missing);
  }

  /** The table prefix of the run. */
  public String job() {
    return job;
  }

  /** The worker that gave up. */
  public int worker() {
    return worker;
  }

  /** The peers that were behind when it gave up, ascending. */
  public List<Integer> missing() {
    return missing;
  }

  /**
   * {@code e} as a peer timeout when it is a DEADLINE_EXCEEDED, naming the peers the shards show
   * behind this worker; any other failure as it is.
   */
  static RuntimeException explain(PsException e, PsClient client, DistributedPs d) {
    if (e.code() != Status.Code.DEADLINE_EXCEEDED) {
      return e;
    }
    List<Integer> behind;
    try {
      behind = behind(client.stats(), d);
    } catch (PsException statsFailed) {
      behind = List.of();
    }
    return new PeerTimeoutException(d, behind, e);
  }

  /**
   * The workers that hold {@code d.worker()} back in a BSP or SSP job of the run: below its clock by
   * more than the job's staleness on some shard.
   */
  static List<Integer> behind(List<StatsReply> stats, DistributedPs d) {
    TreeSet<Integer> out = new TreeSet<>();
    for (StatsReply shard : stats) {
      for (JobStats j : shard.getJobsList()) {
        if (!j.getJobId().startsWith(d.tablePrefix() + "/") || j.getConsistency() == Consistency.ASP
            || j.getClocksCount() <= d.worker()) {
          continue;
        }
        long needed = j.getClocks(d.worker()) - j.getStaleness();
        for (int w = 0; w < j.getClocksCount(); w++) {
          if (w != d.worker() && j.getClocks(w) < needed) {
            out.add(w);
          }
        }
      }
    }
    return List.copyOf(out);
  }

  private static String peers(List<Integer> missing) {
    if (missing.isEmpty()) {
      return "its peers";
    }
    String list = missing.stream().map(String::valueOf).collect(Collectors.joining(", "));
    return (missing.size() == 1 ? "worker " : "workers ") + list;
  }
}
