package dev.trainyard.ps.server;

import dev.trainyard.rpc.v1.Consistency;
import dev.trainyard.rpc.v1.CreateTableRequest;
import dev.trainyard.rpc.v1.RegisterWorkerRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The tables and job clocks of one shard, with the lookups that reject unknown names. Thread-safe:
 * the maps are concurrent; each table and job guards its own state.
 */
final class ShardState {
  private static final int MAX_WORKERS = 100_000;
  private final ConcurrentMap<String, Table> tables = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, JobClocks> jobs = new ConcurrentHashMap<>();

  void create(CreateTableRequest spec) {
    Table t = Table.create(spec);
    if (tables.putIfAbsent(t.name(), t) != null) {
      throw Rejections.invalid("table '" + t.name() + "' already exists on this shard; drop it first");
    }
  }

  void drop(String name) {
    if (tables.remove(name) == null) {
      throw unknownTable(name);
    }
  }

  Table table(String name) {
    Table t = tables.get(name);
    if (t == null) {
      throw unknownTable(name);
    }
    return t;
  }

  DenseTable dense(String name) {
    if (table(name) instanceof DenseTable d) {
      return d;
    }
    throw Rejections.invalid("table '" + name + "' is sparse; use the sparse pull and push");
  }

  SparseTable sparse(String name) {
    if (table(name) instanceof SparseTable s) {
      return s;
    }
    throw Rejections.invalid("table '" + name + "' is dense; use the dense pull and push");
  }

  JobClocks job(String jobId) {
    JobClocks j = jobs.get(jobId);
    if (j == null) {
      throw Rejections.invalid("job '" + jobId + "' has no registered workers on this shard");
    }
    return j;
  }

  /** Requires {@code worker} to be a registered, live worker of the table's job. */
  JobClocks pusher(Table t, int worker) {
    JobClocks j = job(t.jobId());
    j.requireRegistered(worker);
    return j;
  }

  long register(RegisterWorkerRequest r) {
    if (r.getJobId().isEmpty()) {
      throw Rejections.invalid("job_id must not be empty");
    }
    if (r.getNumWorkers() < 1 || r.getNumWorkers() > MAX_WORKERS) {
      throw Rejections.invalid("num_workers must be between 1 and " + MAX_WORKERS + ", was " + r.getNumWorkers());
    }
    if (r.getWorkerId() < 0 || r.getWorkerId() >= r.getNumWorkers()) {
      throw Rejections.invalid("worker_id must be between 0 and num_workers - 1 = " + (r.getNumWorkers() - 1)
          + ", was " + r.getWorkerId());
    }
    Consistency c = r.getConsistency();
    if (c != Consistency.BSP && c != Consistency.SSP && c != Consistency.ASP) {
      throw Rejections.invalid("consistency must be BSP, SSP or ASP, was " + c);
    }
    if (c == Consistency.SSP && r.getStaleness() < 0) {
      throw Rejections.invalid("staleness must be >= 0, was " + r.getStaleness());
    }
    JobClocks j = jobs.computeIfAbsent(r.getJobId(),
        id -> new JobClocks(id, r.getNumWorkers(), c, r.getStaleness()));
    int staleness = c == Consistency.SSP ? r.getStaleness() : 0;
    if (j.numWorkers != r.getNumWorkers() || j.consistency != c || j.staleness != staleness) {
      throw Rejections.invalid("job '" + r.getJobId() + "' is registered with " + j.numWorkers + " workers, "
          + j.consistency + ", staleness " + j.staleness + "; a worker asked for " + r.getNumWorkers()
          + " workers, " + c + ", staleness " + staleness);
    }
    return j.register(r.getWorkerId());
  }

  /** Tables sorted by name, a stable order for stats and checkpoints. */
  List<Table> tables() {
    List<Table> list = new ArrayList<>(tables.values());
    list.sort(Comparator.comparing(Table::name));
    return list;
  }

  List<JobClocks> jobs() {
    List<JobClocks> list = new ArrayList<>(jobs.values());
    list.sort(Comparator.comparing(j -> j.jobId));
    return list;
  }

  /** Replaces everything with restored tables and jobs (only at start-up, before serving). */
  void restore(List<Table> restoredTables, List<JobClocks> restoredJobs) {
    tables.clear();
    jobs.clear();
    restoredTables.forEach(t -> tables.put(t.name(), t));
    restoredJobs.forEach(j -> jobs.put(j.jobId, j));
  }

  private static RuntimeException unknownTable(String name) {
    return Rejections.invalid("table '" + name + "' does not exist on this shard");
  }
}
