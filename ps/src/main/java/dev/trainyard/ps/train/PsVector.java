package dev.trainyard.ps.train;

import dev.trainyard.ps.client.Partitioner;
import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.TableSpec;
import dev.trainyard.rpc.v1.Consistency;
import dev.trainyard.rpc.v1.InitKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A {@link SharedVector} stored as one dense PS table per segment. A segment of n floats becomes
 * a table of {@code ceil(n / cols)} rows of {@code cols} (at least one row per shard, so the load spreads); the
 * tail of the last row is padding that stays zero. Each worker has its own transfer buffers, so
 * workers never share mutable state here.
 *
 * <p>Two ways to hold one: {@link #forAll} for a run whose W workers are all threads of this
 * process (it creates the tables, registers everyone and drops the tables on close), and
 * {@link #forMember} for one worker process of a distributed run (it creates the tables unless a
 * peer already did, registers itself only, and on close only leaves the job).
 *
 * <p>A call that fails because a shard is unreachable is retried as the {@link RetryPolicy} says,
 * so training survives a shard that is killed and restarted on its checkpoint. Pushes go to one
 * shard's row range at a time, so a retry never applies a gradient twice on a shard that had
 * already accepted it.
 */
final class PsVector implements SharedVector {
  static final int MAX_COLS = 1024;

  private final PsClient client;
  private final RetryPolicy retry;
  private final String jobId;
  private final List<Table> tables;
  private final int length;
  /** The workers that call through this instance; they leave the job on close. */
  private final int[] members;
  /** True when this instance created the tables and drops them on close. */
  private final boolean ownsTables;
  /** buffers[worker][segment]: padded pull space, touched only by that worker's thread (null for non-members). */
  private final float[][][] buffers;
  /** slices[worker][segment][part]: one shard's push rows, touched only by that worker's thread. */
  private final float[][][][] slices;
  /** clocks[worker]: the worker's clock, touched only by that worker's thread. */
  private final long[] clocks;

  private record Table(String name, int offset, VectorFactory.Segment segment, long rows, int cols,
      Partitioner shards) {
    int length() {
      return segment.length();
    }

    int padded() {
      return (int) (rows * cols);
    }

    TableSpec spec(String jobId, UpdateRule rule) {
      TableSpec spec = TableSpec.dense(name, jobId, rows, cols).withOptimizer(rule.optimizer(), hyper(rule));
      return segment.normalScale() > 0 ? spec.withInit(InitKind.NORMAL, segment.normalScale(), segment.seed()) : spec;
    }
  }

  private PsVector(PsClient client, RetryPolicy retry, String jobId, List<Table> tables, int workers, int[] members,
      boolean ownsTables) {
    this.client = client;
    this.retry = retry;
    this.jobId = jobId;
    this.tables = List.copyOf(tables);
    this.length = tables.stream().mapToInt(Table::length).sum();
    this.members = members.clone();
    this.ownsTables = ownsTables;
    this.buffers = new float[workers][][];
    this.slices = new float[workers][][][];
    this.clocks = new long[workers];
    for (int w : members) {
      buffers[w] = new float[tables.size()][];
      slices[w] = new float[tables.size()][][];
      for (int s = 0; s < tables.size(); s++) {
        Table t = tables.get(s);
        buffers[w][s] = new float[t.padded()];
        slices[w][s] = new float[t.shards().parts()][];
        for (int part = 0; part < t.shards().parts(); part++) {
          slices[w][s][part] = new float[(int) (t.shards().range(part).size() * t.cols())];
        }
      }
    }
  }

  /**
   * A new job's vector used by all its {@code workers} through this instance: creates the tables
   * {@code jobId/name/0..} (failing if one exists) and registers every worker; {@link #close}
   * removes them and drops the tables.
   */
  static PsVector forAll(PsClient client, RetryPolicy retry, String jobId, String name,
      List<VectorFactory.Segment> segments, UpdateRule rule, int workers, Consistency consistency, int staleness) {
    List<Table> tables = layout(jobId + "/" + name, segments, client.targets().size());
    for (Table t : tables) {
      client.createTable(t.spec(jobId, rule));
    }
    PsVector v = new PsVector(client, retry, jobId, tables, workers, IntStream.range(0, workers).toArray(), true);
    for (int w = 0; w < workers; w++) {
      v.clocks[w] = client.registerWorker(jobId, w, workers, consistency, staleness);
    }
    return v;
  }

  /**
   * Worker {@code worker}'s view of the vector of job {@code jobId}, whose other workers run in
   * other processes: creates the tables {@code jobId/0..} unless they already exist with the same
   * layout (every worker calls this with the same segments, so whoever wins the race creates the
   * same initial values), then registers {@code worker}. {@link #close} takes it out of the job's
   * clocks and leaves the tables (see {@code PsTrainerSource.dropTables}).
   */
  static PsVector forMember(PsClient client, RetryPolicy retry, String jobId, List<VectorFactory.Segment> segments,
      UpdateRule rule, int worker, int workers, Consistency consistency, int staleness) {
    List<Table> tables = layout(jobId, segments, client.targets().size());
    for (Table t : tables) {
      retry.run(() -> client.createTableIfAbsent(t.spec(jobId, rule)));
    }
    PsVector v = new PsVector(client, retry, jobId, tables, workers, new int[] {worker}, false);
    retry.run(() -> v.clocks[worker] = client.registerWorker(jobId, worker, workers, consistency, staleness));
    return v;
  }

  private static List<Table> layout(String base, List<VectorFactory.Segment> segments, int shards) {
    List<Table> tables = new ArrayList<>();
    int offset = 0;
    for (int s = 0; s < segments.size(); s++) {
      VectorFactory.Segment seg = segments.get(s);
      // at least one row per shard, so every shard holds part of every segment
      int cols = Math.max(1, Math.min(MAX_COLS, (seg.length() + shards - 1) / shards));
      long rows = (seg.length() + cols - 1) / cols;
      tables.add(new Table(base + "/" + s, offset, seg, rows, cols, Partitioner.contiguous(0, rows, shards)));
      offset += seg.length();
    }
    return tables;
  }

  /** The server supports constant and inverse-time rates. */
  private static Map<String, Double> hyper(UpdateRule rule) {
    Map<String, Double> h = new HashMap<>();
    h.put("learning_rate", rule.learningRate());
    if (rule.schedule().equals("inverse") && rule.decay() > 0) {
      h.put("decay", rule.decay());
    }
    if (rule.l1() > 0) {
      h.put("l1", rule.l1());
    }
    return h;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public void pull(int worker, float[] out) {
    for (int s = 0; s < tables.size(); s++) {
      Table t = tables.get(s);
      float[] buf = buffers[worker][s];
      retry.run(() -> client.pull(t.name(), worker, 0, t.rows(), buf));
      System.arraycopy(buf, 0, out, t.offset(), t.length());
    }
  }

  @Override
  public void push(int worker, float[] gradient) {
    for (int s = 0; s < tables.size(); s++) {
      Table t = tables.get(s);
      for (int part = 0; part < t.shards().parts(); part++) {
        Partitioner.Range r = t.shards().range(part);
        float[] slice = slices[worker][s][part];
        // The padding past the segment's end is never written, so it stays zero.
        int begin = (int) (r.begin() * t.cols());
        System.arraycopy(gradient, t.offset() + begin, slice, 0, Math.min(slice.length, t.length() - begin));
        retry.run(() -> client.push(t.name(), worker, r.begin(), r.end(), slice));
      }
    }
  }

  @Override
  public void clock(int worker) {
    // An absolute clock, so a retry after a shard failed part-way does not advance it twice.
    long next = ++clocks[worker];
    retry.run(() -> client.clock(jobId, worker, next));
  }

  @Override
  public void close() {
    for (int w : members) {
      if (ownsTables) {
        client.removeWorker(jobId, w);
      } else {
        retry.run(() -> client.removeWorker(jobId, w));
      }
    }
    if (ownsTables) {
      for (Table t : tables) {
        client.dropTable(t.name());
      }
    }
  }
}
