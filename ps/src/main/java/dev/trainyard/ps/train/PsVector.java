package dev.trainyard.ps.train;

import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.TableSpec;
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
 */
final class PsVector implements SharedVector {
  static final int MAX_COLS = 1024;

  private final PsClient client;
  private final String jobId;
  private final List<Table> tables = new ArrayList<>();
  private final int length;
  /** buffers[worker][segment]: padded transfer space, touched only by that worker's thread. */
  private final float[][][] buffers;

  private record Table(String name, int offset, int length, long rows, int cols) {
    int padded() {
      return (int) (rows * cols);
    }
  }

  PsVector(PsClient client, String jobId, String name, List<VectorFactory.Segment> segments, UpdateRule rule,
      int workers, Consistency consistency, int staleness) {
    this.client = client;
    this.jobId = jobId;
    int offset = 0;
    for (int s = 0; s < segments.size(); s++) {
      VectorFactory.Segment seg = segments.get(s);
      // at least one row per shard, so every shard holds part of every segment
      int shards = client.targets().size();
      int cols = Math.max(1, Math.min(MAX_COLS, (seg.length() + shards - 1) / shards));
      long rows = (seg.length() + cols - 1) / cols;
      Table t = new Table(jobId + "/" + name + "/" + s, offset, seg.length(), rows, cols);
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
    for (int w = 0; w < workers; w++) {
      for (int s = 0; s < tables.size(); s++) {
        buffers[w][s] = new float[tables.get(s).padded()];
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
      client.pull(t.name(), worker, 0, t.rows(), buf);
      System.arraycopy(buf, 0, out, t.offset(), t.length());
    }
  }

  @Override
  public void push(int worker, float[] gradient) {
    for (int s = 0; s < tables.size(); s++) {
      Table t = tables.get(s);
      float[] buf = buffers[worker][s];
      System.arraycopy(gradient, t.offset(), buf, 0, t.length());
      client.push(t.name(), worker, 0, t.rows(), buf);
    }
  }

  @Override
  public void clock(int worker) {
    client.clock(jobId, worker);
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
