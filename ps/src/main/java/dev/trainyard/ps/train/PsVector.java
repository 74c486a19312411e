package dev.trainyard.ps.train;

import dev.trainyard.ps.client.Partitioner;
import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.PsException;
import dev.trainyard.ps.client.TableSpec;
import io.grpc.Status;
import dev.trainyard.rpc.v1.Consistency;
import dev.trainyard.rpc.v1.InitKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link SharedVector} stored as one dense PS table per segment. A segment of n floats becomes
 * a table of {@code ceil(n / cols)} rows of {@code cols} (at least one row per shard, so the load spreads); the
 * tail of the last row is padding that stays zero. Each worker has its own transfer buffers, so
 * workers never share mutable state here.
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
  private final List<Table> tables = new ArrayList<>();
  private final int length;
  /** buffers[worker][segment]: padded pull space, touched only by that worker's thread. */
  private final float[][][] buffers;
  /** slices[worker][segment][part]: one shard's push rows, touched only by that worker's thread. */
  private final float[][][][] slices;

  private record Table(String name, int offset, int length, long rows, int cols, Partitioner shards) {
    int padded() {
      return (int) (rows * cols);
    }
  }

  PsVector(PsClient client, RetryPolicy retry, String jobId, String name, List<VectorFactory.Segment> segments,
      UpdateRule rule, int workers, Consistency consistency, int staleness) {
    this.client = client;
    this.retry = retry;
    this.jobId = jobId;
    int offset = 0;
    for (int s = 0; s < segments.size(); s++) {
      VectorFactory.Segment seg = segments.get(s);
      // at least one row per shard, so every shard holds part of every segment
      int shards = client.targets().size();
      int cols = Math.max(1, Math.min(MAX_COLS, (seg.length() + shards - 1) / shards));
      long rows = (seg.length() + cols - 1) / cols;
      Table t = new Table(jobId + "/" + name + "/" + s, offset, seg.length(), rows, cols,
          Partitioner.contiguous(0, rows, shards));
      TableSpec spec = TableSpec.dense(t.name(), jobId, rows, cols).withOptimizer(rule.optimizer(), hyper(rule));
      if (seg.normalScale() > 0) {
        spec = spec.withInit(InitKind.NORMAL, seg.normalScale(), seg.seed());
      }
      client.createTable(spec);
      tables.add(t);
      offset += seg.length();
    }
    this.length = offset;
    this.buffers = new float[workers][tables.size()][];
    this.slices = new float[workers][tables.size()][][];
    for (int w = 0; w < workers; w++) {
      for (int s = 0; s < tables.size(); s++) {
        Table t = tables.get(s);
        buffers[w][s] = new float[t.padded()];
        slices[w][s] = new float[t.shards().parts()][];
        for (int part = 0; part < t.shards().parts(); part++) {
          slices[w][s][part] = new float[(int) (t.shards().range(part).size() * t.cols())];
        }
      }
      client.registerWorker(jobId, w, workers, consistency, staleness);
    }
  }

  /** The server supports constant and inverse-time rates. */
  private static Map<String, Double> hyper(UpdateRule rule) {
    Map<String, Double> h = new java.util.HashMap<>();
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
      retrying(() -> client.pull(t.name(), worker, 0, t.rows(), buf));
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
        retrying(() -> client.push(t.name(), worker, r.begin(), r.end(), slice));
      }
    }
  }

  @Override
  public void clock(int worker) {
    retrying(() -> client.clock(jobId, worker));
  }

  /** Runs {@code call}, retrying while a shard is unreachable and the policy's time is not up. */
  private void retrying(Runnable call) {
    long deadline = retry.ticker().nanos() + retry.timeout().toNanos();
    while (true) {
      try {
        call.run();
        return;
      } catch (PsException e) {
        if (e.code() != Status.Code.UNAVAILABLE || retry.ticker().nanos() - deadline >= 0) {
          throw e;
        }
      }
      try {
        retry.sleeper().sleep(retry.backoff());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a parameter-server shard", e);
      }
    }
  }

  @Override
  public void close() {
    for (int w = 0; w < buffers.length; w++) {
      client.removeWorker(jobId, w);
    }
    for (Table t : tables) {
      client.dropTable(t.name());
    }
  }
}
