package dev.trainyard.ps.client;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.rpc.v1.CheckpointReply;
import dev.trainyard.rpc.v1.CheckpointRequest;
import dev.trainyard.rpc.v1.ClockReply;
import dev.trainyard.rpc.v1.ClockRequest;
import dev.trainyard.rpc.v1.Consistency;
import dev.trainyard.rpc.v1.CreateTableReply;
import dev.trainyard.rpc.v1.DropTableReply;
import dev.trainyard.rpc.v1.DropTableRequest;
import dev.trainyard.rpc.v1.RegisterWorkerReply;
import dev.trainyard.rpc.v1.RegisterWorkerRequest;
import dev.trainyard.rpc.v1.RemoveWorkerReply;
import dev.trainyard.rpc.v1.RemoveWorkerRequest;
import dev.trainyard.rpc.v1.StatsReply;
import dev.trainyard.rpc.v1.StatsRequest;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Client of K parameter-server shards. A table is split over the shards by its {@link Partitioner};
 * every operation fans out to the shards concerned in parallel and reassembles the result. Every
 * call has the options' deadline. Thread-safe: one client may serve many worker threads.
 *
 * <p>Failures: arguments the client can check itself (unknown table, rows out of range, wrong array
 * sizes) throw {@link InvalidInputException}; anything a shard refuses or fails throws
 * {@link PsException} with the gRPC code and the shard's description.
 */
public final class PsClient implements AutoCloseable {
  private final Shards shards;
  private final DenseTransfer dense;
  private final SparseTransfer sparse;
  private final ConcurrentMap<String, TableSpec> tables = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, AtomicLong> clocks = new ConcurrentHashMap<>();

  private PsClient(List<String> targets, PsClientOptions options) {
    this.shards = new Shards(targets, options);
    this.dense = new DenseTransfer(shards, options.chunkFloats());
    this.sparse = new SparseTransfer(shards, options.chunkFloats());
  }

  /** A client of the shards at {@code targets} ({@code host:port}, in shard order). */
  public static PsClient connect(List<String> targets, PsClientOptions options) {
    if (targets.isEmpty()) {
      throw new InvalidInputException("a parameter-server client needs at least one shard address");
    }
    return new PsClient(targets, Objects.requireNonNull(options, "options"));
  }

  /** Shard addresses in shard order. */
  public List<String> targets() {
    return shards.targets();
  }

  /** Creates the table on every shard (each gets its part) and remembers it. */
  public void createTable(TableSpec spec) {
    Partitioner p = spec.partitioner(shards.count());
    all(s -> shards.<CreateTableReply>unary(s, (stub, obs) -> stub.createTable(spec.request(p.range(s)), obs)));
    tables.put(spec.name(), spec);
  }

  /**
   * Creates the table like {@link #createTable} unless every shard already holds its part with the
   * same job and layout (another client created it, possibly at the same moment): then only
   * remembers it. Initial values come from the spec's init and seed, so whichever create wins
   * leaves the same values.
   *
   * @throws InvalidInputException naming the table when a shard holds a table of that name with
   *     another job or layout
   * @throws PsException when a shard refused the create and does not hold the table
   */
  public void createTableIfAbsent(TableSpec spec) {
    try {
      createTable(spec);
    } catch (PsException e) {
      if (e.code() != Status.Code.INVALID_ARGUMENT) {
        throw e;
      }
      ExistingTables.requireSame(spec, spec.partitioner(shards.count()), stats(), shards.targets(), e);
      tables.put(spec.name(), spec);
    }
  }

  /** Remembers a table another client created, so this one can pull and push it. */
  public void attach(TableSpec spec) {
    spec.partitioner(shards.count());
    tables.put(spec.name(), spec);
  }

  /** Drops the table on every shard. */
  public void dropTable(String name) {
    DropTableRequest req = DropTableRequest.newBuilder().setName(name).build();
    all(s -> shards.<DropTableReply>unary(s, (stub, obs) -> stub.dropTable(req, obs)));
    tables.remove(name);
  }

  /**
   * Registers {@code worker} of {@code workers} in a job on every shard, with the job's consistency
   * model ({@code staleness} counts only for SSP). Returns the worker's clock (0 unless a shard
   * restored it), from which {@link #clock} continues.
   */
  public long registerWorker(String jobId, int worker, int workers, Consistency consistency, int staleness) {
    RegisterWorkerRequest req = RegisterWorkerRequest.newBuilder().setJobId(jobId).setWorkerId(worker)
        .setNumWorkers(workers).setConsistency(consistency).setStaleness(staleness).build();
    long clock = all(s -> shards.<RegisterWorkerReply>unary(s, (stub, obs) -> stub.registerWorker(req, obs)))
        .stream().mapToLong(RegisterWorkerReply::getClock).max().orElse(0);
    clocks.computeIfAbsent(clockKey(jobId, worker), k -> new AtomicLong()).set(clock);
    return clock;
  }

  /** Takes {@code worker} out of the job's clock set on every shard, so it holds nobody back. */
  public void removeWorker(String jobId, int worker) {
    RemoveWorkerRequest req = RemoveWorkerRequest.newBuilder().setJobId(jobId).setWorkerId(worker).build();
    all(s -> shards.<RemoveWorkerReply>unary(s, (stub, obs) -> stub.removeWorker(req, obs)));
  }

  /** Advances {@code worker}'s clock by one on every shard; returns the new clock. */
  public long clock(String jobId, int worker) {
    AtomicLong c = clocks.get(clockKey(jobId, worker));
    if (c == null) {
      throw new InvalidInputException("worker " + worker + " of job '" + jobId + "' must be registered by this client first");
    }
    long next = c.incrementAndGet();
    ClockRequest req = ClockRequest.newBuilder().setJobId(jobId).setWorkerId(worker).setClock(next).build();
    all(s -> shards.<ClockReply>unary(s, (stub, obs) -> stub.clock(req, obs)));
    return next;
  }

  /**
   * Sets {@code worker}'s clock to {@code clock} on every shard. Clocks never go backwards and
   * setting the current value again changes nothing, so, unlike {@link #clock(String, int)}, a call
   * that failed part-way (a shard unreachable) can simply be repeated.
   */
  public void clock(String jobId, int worker, long clock) {
    ClockRequest req = ClockRequest.newBuilder().setJobId(jobId).setWorkerId(worker).setClock(clock).build();
    all(s -> shards.<ClockReply>unary(s, (stub, obs) -> stub.clock(req, obs)));
    clocks.computeIfAbsent(clockKey(jobId, worker), k -> new AtomicLong()).accumulateAndGet(clock, Math::max);
  }

  /** Reads rows {@code [fromRow, toRow)} of a dense table into {@code out}, without waiting for any clock. */
  public void pull(String table, long fromRow, long toRow, float[] out) {
    pull(table, -1, fromRow, toRow, out);
  }

  /** Reads rows {@code [fromRow, toRow)} as {@code worker}, waiting as the job's consistency model requires. */
  public void pull(String table, int worker, long fromRow, long toRow, float[] out) {
    TableSpec t = denseTable(table);
    checkLength("out", out.length, toRow - fromRow, t.cols());
    dense.pull(t, worker, fromRow, toRow, out);
  }

  /** Pushes the gradient of rows {@code [fromRow, toRow)} (row-major) as {@code worker}. */
  public void push(String table, int worker, long fromRow, long toRow, float[] grad) {
    TableSpec t = denseTable(table);
    checkLength("grad", grad.length, toRow - fromRow, t.cols());
    dense.push(t, worker, fromRow, toRow, grad);
  }

  /** Reads the rows of {@code keys} of a sparse table into {@code out}, without waiting for any clock. */
  public void pullSparse(String table, long[] keys, float[] out) {
    pullSparse(table, -1, keys, out);
  }

  /** Reads the rows of {@code keys} as {@code worker}, waiting as the job's consistency model requires. */
  public void pullSparse(String table, int worker, long[] keys, float[] out) {
    TableSpec t = sparseTable(table);
    checkLength("out", out.length, keys.length, t.cols());
    sparse.pull(t, worker, keys, out);
  }

  /** Pushes gradient rows of distinct {@code keys} as {@code worker}; all-zero rows are not sent. */
  public void pushSparse(String table, int worker, long[] keys, float[] grad) {
    TableSpec t = sparseTable(table);
    checkLength("grad", grad.length, keys.length, t.cols());
    sparse.push(t, worker, keys, grad);
  }

  /** Checkpoints every shard now; returns the checkpoint paths in shard order. */
  public List<String> checkpoint() {
    CheckpointRequest req = CheckpointRequest.getDefaultInstance();
    return all(s -> shards.<CheckpointReply>unary(s, (stub, obs) -> stub.checkpoint(req, obs)))
        .stream().map(CheckpointReply::getPath).toList();
  }

  /** Every shard's statistics, in shard order. */
  public List<StatsReply> stats() {
    StatsRequest req = StatsRequest.getDefaultInstance();
    return all(s -> shards.<StatsReply>unary(s, (stub, obs) -> stub.stats(req, obs)));
  }

  /** Shuts the channels down, waiting briefly for calls in flight. */
  @Override
  public void close() {
    shards.close();
  }

  private <R> List<R> all(IntFunction<CompletableFuture<R>> call) {
    List<CompletableFuture<R>> calls = new ArrayList<>();
    for (int s = 0; s < shards.count(); s++) {
      calls.add(call.apply(s));
    }
    return Shards.await(calls);
  }

  private TableSpec table(String name) {
    TableSpec t = tables.get(name);
    if (t == null) {
      throw new InvalidInputException("table '" + name + "' is unknown to this client; create or attach it first");
    }
    return t;
  }

  private TableSpec denseTable(String name) {
    TableSpec t = table(name);
    if (t.sparse()) {
      throw new InvalidInputException("table '" + name + "' is sparse; use pullSparse and pushSparse");
    }
    return t;
  }

  private TableSpec sparseTable(String name) {
    TableSpec t = table(name);
    if (!t.sparse()) {
      throw new InvalidInputException("table '" + name + "' is dense; use pull and push");
    }
    return t;
  }

  private static void checkLength(String what, int length, long rows, int cols) {
    if (rows < 0 || length != rows * cols) {
      throw new InvalidInputException(what + " must hold rows * cols = " + rows + " * " + cols + " = "
          + rows * cols + " floats, holds " + length);
    }
  }

  private static String clockKey(String jobId, int worker) {
    return jobId + '\u0000' + worker;
  }
}
