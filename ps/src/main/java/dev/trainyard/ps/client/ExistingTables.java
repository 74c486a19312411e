package dev.trainyard.ps.client;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.rpc.v1.StatsReply;
import dev.trainyard.rpc.v1.TableStats;
import java.util.List;

/**
 * Checks, after a create that some shard refused, that every shard holds its part of the table with
 * the layout the spec asks for, i.e. that another client created the same table (a racing create by
 * another worker of the job). Stateless.
 */
final class ExistingTables {
  private ExistingTables() {}

  /**
   * Returns normally when shard {@code s}'s stats ({@code stats.get(s)}) list the table with the
   * spec's job, kind, columns and row or key count of the shard's part; otherwise throws: an
   * {@link InvalidInputException} naming the table and both layouts when a shard holds a different
   * one, or {@code refusal} (why the create failed) when a shard does not hold it at all.
   */
  static void requireSame(TableSpec spec, Partitioner p, List<StatsReply> stats, List<String> shards,
      PsException refusal) {
    for (int s = 0; s < stats.size(); s++) {
      TableStats t = find(stats.get(s), spec.name());
      if (t == null) {
        throw refusal;
      }
      long size = p.range(s).size();
      if (!t.getJobId().equals(spec.jobId()) || t.getSparse() != spec.sparse() || t.getCols() != spec.cols()
          || (!spec.sparse() && t.getSize() != size)) {
        throw new InvalidInputException("table '" + spec.name() + "' already exists on shard " + shards.get(s)
            + " with a different layout: " + describe(t.getJobId(), t.getSparse(), t.getSize(), t.getCols())
            + "; this client needs " + describe(spec.jobId(), spec.sparse(), size, spec.cols()));
      }
    }
  }

  private static TableStats find(StatsReply stats, String name) {
    for (TableStats t : stats.getTablesList()) {
      if (t.getName().equals(name)) {
        return t;
      }
    }
    return null;
  }

  private static String describe(String job, boolean sparse, long size, int cols) {
    return (sparse ? "sparse, " + cols + " floats per key" : size + " rows of " + cols + " floats on that shard")
        + ", job '" + job + "'";
  }
}
