package dev.trainyard.ps.client;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.rpc.v1.CreateTableRequest;
import dev.trainyard.rpc.v1.DenseShape;
import dev.trainyard.rpc.v1.Init;
import dev.trainyard.rpc.v1.InitKind;
import dev.trainyard.rpc.v1.OptimizerSpec;
import dev.trainyard.rpc.v1.SparseShape;
import java.util.Map;
import java.util.Objects;

/**
 * A table as the client sees it: name, owning job, layout (dense {@code rows x cols}, or sparse with
 * {@code cols} floats per key in {@code [keyBegin, keyEnd)}), server-side optimizer and initial
 * values. The shard split follows from the spec and the shard count alone, so every client that
 * knows the spec addresses the same shards. Immutable; build with {@link #dense} or {@link #sparse}.
 */
public record TableSpec(String name, String jobId, boolean sparse, long keyBegin, long keyEnd, int cols,
    String optimizer, Map<String, Double> hyper, InitKind init, double initScale, long initSeed) {

  public TableSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(init, "init");
    hyper = Map.copyOf(hyper);
    if (cols < 1) {
      throw new InvalidInputException("cols must be >= 1, was " + cols);
    }
  }

  /** A dense {@code rows x cols} table, zeros, plain SGD with learning rate 0.01. */
  public static TableSpec dense(String name, String jobId, long rows, int cols) {
    return new TableSpec(name, jobId, false, 0, rows, cols, "sgd", Map.of(), InitKind.ZEROS, 0, 0);
  }

  /** A sparse table of keys {@code [keyBegin, keyEnd)} with {@code dim} floats each, zeros, SGD 0.01. */
  public static TableSpec sparse(String name, String jobId, long keyBegin, long keyEnd, int dim) {
    return new TableSpec(name, jobId, true, keyBegin, keyEnd, dim, "sgd", Map.of(), InitKind.ZEROS, 0, 0);
  }

  /** The same table with optimizer {@code name} ({@code sgd, momentum, adagrad, adam, ftrl}) and its hyper-parameters. */
  public TableSpec withOptimizer(String name, Map<String, Double> hyperParameters) {
    return new TableSpec(this.name, jobId, sparse, keyBegin, keyEnd, cols, name, hyperParameters, init, initScale,
        initSeed);
  }

  /** The same table initialised by {@code kind} with {@code scale} and {@code seed}. */
  public TableSpec withInit(InitKind kind, double scale, long seed) {
    return new TableSpec(name, jobId, sparse, keyBegin, keyEnd, cols, optimizer, hyper, kind, scale, seed);
  }

  /** Rows of a dense table. */
  public long rows() {
    return keyEnd - keyBegin;
  }

  /** The split of this table over {@code shards} shards. */
  public Partitioner partitioner(int shards) {
    return Partitioner.contiguous(keyBegin, keyEnd, shards);
  }

  /** The creation request of the part {@code [r.begin, r.end)} held by one shard. */
  CreateTableRequest request(Partitioner.Range r) {
    CreateTableRequest.Builder b = CreateTableRequest.newBuilder().setName(name).setJobId(jobId)
        .setOptimizer(OptimizerSpec.newBuilder().setName(optimizer).putAllHyper(hyper))
        .setInit(Init.newBuilder().setKind(init).setScale(initScale).setSeed(initSeed));
    if (sparse) {
      b.setSparse(SparseShape.newBuilder().setDim(cols).setKeyBegin(r.begin()).setKeyEnd(r.end()));
    } else {
      b.setDense(DenseShape.newBuilder().setRows(rows()).setCols(cols).setRowBegin(r.begin()).setRowEnd(r.end()));
    }
    return b.build();
  }
}
