package dev.trainyard.ps.server;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.trainyard.ml.optim.Optimizer;
import dev.trainyard.ps.optim.ServerOptimizers;
import dev.trainyard.rpc.v1.CreateTableRequest;
import dev.trainyard.rpc.v1.TableStats;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One shard's part of a parameter table: its creation request, its optimizer and the read-write lock
 * that guards values, optimizer state and the update count (pulls share it, pushes own it).
 */
abstract sealed class Table permits DenseTable, SparseTable {
  /** Largest float array a shard allocates for one table (JVM array limit with headroom). */
  static final long MAX_FLOATS = Integer.MAX_VALUE - 16;

  final CreateTableRequest spec;
  final Optimizer optimizer;
  final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  /** Pushes applied so far; the optimizer's update index of the next push. */
  @GuardedBy("lock")
  long step;

  Table(CreateTableRequest spec) {
    this.spec = spec;
    this.optimizer = ServerOptimizers.create(spec.getOptimizer().getName().isEmpty() ? "sgd"
        : spec.getOptimizer().getName(), spec.getOptimizer().getHyperMap());
  }

  static Table create(CreateTableRequest spec) {
    if (spec.getName().isEmpty()) {
      throw Rejections.invalid("table name must not be empty");
    }
    if (spec.getJobId().isEmpty()) {
      throw Rejections.invalid("job_id of table '" + spec.getName() + "' must not be empty");
    }
    double scale = spec.getInit().getScale();
    if (!(scale >= 0 && scale < Double.POSITIVE_INFINITY)) {
      throw Rejections.invalid("init scale must be >= 0 and finite, was " + scale);
    }
    return switch (spec.getShapeCase()) {
      case DENSE -> new DenseTable(spec);
      case SPARSE -> new SparseTable(spec);
      default -> throw Rejections.invalid("table '" + spec.getName() + "' needs a dense or a sparse shape");
    };
  }

  final String name() {
    return spec.getName();
  }

  final String jobId() {
    return spec.getJobId();
  }

  /** Floats per row (dense) or per key (sparse). */
  abstract int cols();

  /** Rows held (dense) or keys present (sparse). */
  abstract long size();

  /** Writes step, values and optimizer state; the caller holds the read lock. */
  abstract void writeState(DataOutputStream out) throws IOException;

  /** Reads what {@link #writeState} wrote, into a fresh table. */
  abstract void readState(java.io.DataInputStream in) throws IOException;

  final TableStats stats() {
    lock.readLock().lock();
    try {
      return TableStats.newBuilder().setName(name()).setJobId(jobId()).setSparse(this instanceof SparseTable)
          .setSize(size()).setCols(cols()).setStep(step).setOptimizer(optimizer.name()).build();
    } finally {
      lock.readLock().unlock();
    }
  }

  static int checkCols(String what, long cols) {
    if (cols < 1 || cols > 1_000_000) {
      throw Rejections.invalid(what + " must be between 1 and 1000000, was " + cols);
    }
    return (int) cols;
  }
}
