package dev.trainyard.ps.server;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.trainyard.ml.optim.OptimizerState;
import dev.trainyard.ps.wire.Float32;
import dev.trainyard.rpc.v1.CreateTableRequest;
import dev.trainyard.rpc.v1.PullSparseReply;
import dev.trainyard.rpc.v1.SparseShape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Keys {@code [keyBegin, keyEnd)} of a sparse table with {@code dim} floats per key. A key gets
 * storage on its first push; until then it reads as its initial value.
 */
final class SparseTable extends Table {
  private static final int INITIAL_KEYS = 1024;
  final long keyBegin;
  final long keyEnd;
  private final int dim;
  @GuardedBy("lock")
  private final LongIntMap index = new LongIntMap(INITIAL_KEYS);
  @GuardedBy("lock")
  private long[] keys = new long[INITIAL_KEYS];
  @GuardedBy("lock")
  private float[] values;
  @GuardedBy("lock")
  private OptimizerState state;

  SparseTable(CreateTableRequest spec) {
    super(spec);
    SparseShape s = spec.getSparse();
    this.dim = checkCols("dim of table '" + name() + "'", s.getDim());
    if (!(s.getKeyBegin() < s.getKeyEnd())) {
      throw Rejections.invalid("the shard's keys [" + s.getKeyBegin() + ", " + s.getKeyEnd()
          + ") of table '" + name() + "' must be a non-empty range");
    }
    this.keyBegin = s.getKeyBegin();
    this.keyEnd = s.getKeyEnd();
    this.values = new float[INITIAL_KEYS * dim];
    this.state = optimizer.newState(values.length);
  }

  @Override
  int cols() {
    return dim;
  }

  @Override
  long size() {
    return index.size();
  }

  /** Requires every key of {@code ks[from .. to)} to lie in this shard's key range. */
  void checkKeys(long[] ks, int from, int to) {
    for (int i = from; i < to; i++) {
      long k = ks[i];
      if (k < keyBegin || k >= keyEnd) {
        throw Rejections.invalid("key " + k + " must lie within this shard's keys [" + keyBegin + ", " + keyEnd
            + ") of table '" + name() + "'");
      }
    }
  }

  void pull(long[] ks, PullSparseReply.Builder out) {
    float[] rows = new float[ks.length * dim];
    lock.readLock().lock();
    try {
      for (int i = 0; i < ks.length; i++) {
        int slot = index.get(ks[i]);
        if (slot < 0) {
          Initializer.fill(spec.getInit(), ks[i], rows, i * dim, dim);
        } else {
          System.arraycopy(values, slot * dim, rows, i * dim, dim);
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    out.setValuesF32Le(Float32.encode(rows, 0, rows.length));
  }

  /** Applies the optimizer to the rows of {@code ks[0 .. count)}; returns the new step. */
  long push(long[] ks, int count, float[] grad) {
    lock.writeLock().lock();
    try {
      for (int i = 0; i < count; i++) {
        int slot = slotOf(ks[i]);
        optimizer.apply(state, values, slot * dim, grad, i * dim, dim, step);
      }
      return ++step;
    } finally {
      lock.writeLock().unlock();
    }
  }

  // Caller holds the write lock.
  private int slotOf(long key) {
    int slot = index.get(key);
    if (slot >= 0) {
      return slot;
    }
    slot = index.size();
    if (slot == keys.length) {
      grow();
    }
    keys[slot] = key;
    index.put(key, slot);
    Initializer.fill(spec.getInit(), key, values, slot * dim, dim);
    return slot;
  }

  // Caller holds the write lock. Doubles the key capacity, copying values and every state slot.
  private void grow() {
    long newKeys = (long) keys.length * 2;
    if (newKeys * dim > MAX_FLOATS) {
      throw Rejections.invalid("a shard holds at most " + MAX_FLOATS + " floats of a table; table '" + name()
          + "' is full at " + keys.length + " keys; use more shards");
    }
    keys = java.util.Arrays.copyOf(keys, (int) newKeys);
    values = java.util.Arrays.copyOf(values, (int) newKeys * dim);
    OptimizerState bigger = optimizer.newState(values.length);
    for (int s = 0; s < state.slotCount(); s++) {
      System.arraycopy(state.slot(s), 0, bigger.slot(s), 0, state.size());
    }
    state = bigger;
  }

  @Override
  void writeState(DataOutputStream out) throws IOException {
    out.writeLong(step);
    int n = index.size();
    out.writeInt(n);
    FloatIO.writeLongs(out, keys, n);
    FloatIO.writeFloats(out, values, 0, n * dim);
    for (int s = 0; s < state.slotCount(); s++) {
      FloatIO.writeFloats(out, state.slot(s), 0, n * dim);
    }
  }

  @Override
  void readState(DataInputStream in) throws IOException {
    lock.writeLock().lock();
    try {
      step = in.readLong();
      int n = in.readInt();
      long[] ks = FloatIO.readLongs(in, n);
      for (long k : ks) {
        slotOf(k);
      }
      FloatIO.readFloats(in, values, 0, n * dim);
      for (int s = 0; s < state.slotCount(); s++) {
        FloatIO.readFloats(in, state.slot(s), 0, n * dim);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
