package dev.trainyard.ps.server;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.trainyard.ml.optim.OptimizerState;
import dev.trainyard.ps.wire.FloatBlock;
import dev.trainyard.rpc.v1.CreateTableRequest;
import dev.trainyard.rpc.v1.DenseShape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Rows {@code [rowBegin, rowEnd)} of a dense {@code rows x cols} float table, row-major, and a few
 * gradient buffers that pushes borrow and give back, so a stream of large pushes does not allocate
 * (and collect) a multi-megabyte array per call.
 */
final class DenseTable extends Table {
  /** Most floats of gradient buffers kept for reuse per table (32 MiB). */
  private static final int MAX_POOLED_FLOATS = 8 << 20;
  final long rowBegin;
  final long rowEnd;
  private final int cols;
  @GuardedBy("lock")
  private final float[] values;
  @GuardedBy("lock")
  private final OptimizerState state;
  @GuardedBy("pool")
  private final ArrayDeque<float[]> pool = new ArrayDeque<>();
  @GuardedBy("pool")
  private long pooledFloats;

  DenseTable(CreateTableRequest spec) {
    super(spec);
    DenseShape s = spec.getDense();
    if (s.getRows() < 1) {
      throw Rejections.invalid("rows of table '" + name() + "' must be >= 1, was " + s.getRows());
    }
    this.cols = checkCols("cols of table '" + name() + "'", s.getCols());
    if (!(0 <= s.getRowBegin() && s.getRowBegin() < s.getRowEnd() && s.getRowEnd() <= s.getRows())) {
      throw Rejections.invalid("the shard's rows [" + s.getRowBegin() + ", " + s.getRowEnd()
          + ") must be a non-empty part of [0, " + s.getRows() + ") for table '" + name() + "'");
    }
    long floats = (s.getRowEnd() - s.getRowBegin()) * cols;
    if (floats > MAX_FLOATS) {
      throw Rejections.invalid("a shard holds at most " + MAX_FLOATS + " floats of a table, table '" + name()
          + "' would need " + floats + "; use more shards");
    }
    this.rowBegin = s.getRowBegin();
    this.rowEnd = s.getRowEnd();
    this.values = new float[(int) floats];
    this.state = optimizer.newState((int) floats);
    for (long r = rowBegin; r < rowEnd; r++) {
      Initializer.fill(spec.getInit(), r, values, (int) ((r - rowBegin) * cols), cols);
    }
  }

  @Override
  int cols() {
    return cols;
  }

  @Override
  long size() {
    return rowEnd - rowBegin;
  }

  /** Requires {@code [from, to)} to be a non-empty range inside this shard's rows. */
  void checkRows(long from, long to) {
    if (!(rowBegin <= from && from < to && to <= rowEnd)) {
      throw Rejections.invalid("rows [" + from + ", " + to + ") must be a non-empty range within this shard's rows ["
          + rowBegin + ", " + rowEnd + ") of table '" + name() + "'");
    }
  }

  /**
   * Rows {@code [from, to)} as a block that reads the table under its read lock when written to
   * the wire: the reply carries one consistent snapshot of the rows, copied once, at that moment.
   */
  FloatBlock pull(long from, long to) {
    int off = (int) ((from - rowBegin) * cols);
    int end = (int) ((to - rowBegin) * cols);
    return FloatBlock.guarded(values, off, end - off, lock.readLock());
  }

  /** A gradient buffer of {@code n} floats with arbitrary contents, to be filled completely. */
  float[] borrowGradient(int n) {
    synchronized (pool) {
      for (Iterator<float[]> it = pool.iterator(); it.hasNext(); ) {
        float[] a = it.next();
        if (a.length == n) {
          it.remove();
          pooledFloats -= n;
          return a;
        }
      }
    }
    return new float[n];
  }

  /** Gives back a buffer from {@link #borrowGradient}; the caller must not use it any more. */
  void returnGradient(float[] a) {
    synchronized (pool) {
      while (!pool.isEmpty() && pooledFloats + a.length > MAX_POOLED_FLOATS) {
        pooledFloats -= pool.removeFirst().length;
      }
      if (pooledFloats + a.length <= MAX_POOLED_FLOATS) {
        pool.addLast(a);
        pooledFloats += a.length;
      }
    }
  }

  /** Applies the optimizer to rows {@code [from, from + grad.length / cols)}; returns the new step. */
  long push(long from, float[] grad) {
    int off = (int) ((from - rowBegin) * cols);
    lock.writeLock().lock();
    try {
      optimizer.apply(state, values, off, grad, 0, grad.length, step);
      return ++step;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  void writeState(DataOutputStream out) throws IOException {
    out.writeLong(step);
    FloatIO.writeFloats(out, values, 0, values.length);
    for (int s = 0; s < state.slotCount(); s++) {
      FloatIO.writeFloats(out, state.slot(s), 0, values.length);
    }
  }

  @Override
  void readState(DataInputStream in) throws IOException {
    lock.writeLock().lock();
    try {
      step = in.readLong();
      FloatIO.readFloats(in, values, 0, values.length);
      for (int s = 0; s < state.slotCount(); s++) {
        FloatIO.readFloats(in, state.slot(s), 0, values.length);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
