package dev.trainyard.ps.server;

import dev.trainyard.ps.wire.DenseWire;
import dev.trainyard.ps.wire.FloatBlock;
import dev.trainyard.rpc.v1.CheckpointReply;
import dev.trainyard.rpc.v1.CheckpointRequest;
import dev.trainyard.rpc.v1.ClockReply;
import dev.trainyard.rpc.v1.ClockRequest;
import dev.trainyard.rpc.v1.CreateTableReply;
import dev.trainyard.rpc.v1.CreateTableRequest;
import dev.trainyard.rpc.v1.DropTableReply;
import dev.trainyard.rpc.v1.DropTableRequest;
import dev.trainyard.rpc.v1.ParameterServerGrpc;
import dev.trainyard.rpc.v1.PullDenseRequest;
import dev.trainyard.rpc.v1.PullSparseReply;
import dev.trainyard.rpc.v1.PullSparseRequest;
import dev.trainyard.rpc.v1.PushReply;
import dev.trainyard.rpc.v1.PushSparseChunk;
import dev.trainyard.rpc.v1.RegisterWorkerReply;
import dev.trainyard.rpc.v1.RegisterWorkerRequest;
import dev.trainyard.rpc.v1.RemoveWorkerReply;
import dev.trainyard.rpc.v1.RemoveWorkerRequest;
import dev.trainyard.rpc.v1.StatsReply;
import dev.trainyard.rpc.v1.StatsRequest;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * The gRPC face of a shard: decodes requests, delegates to {@link ShardState}, and answers. Pulls
 * that must wait go through the {@link PullGate}; pushes are assembled by {@link DensePush} and
 * {@link SparsePush}. Serve it through {@link #definition()}, which binds the dense push and pull
 * with {@link DenseWire}'s copy-free marshallers. Thread-safe.
 */
final class ParameterService extends ParameterServerGrpc.ParameterServerImplBase {
  /** Most floats one pull call may return (16 MiB of float32); clients split larger pulls. */
  static final long MAX_PULL_FLOATS = 4L << 20;

  private final ShardState state;
  private final Checkpointer checkpointer;
  private final PullGate gate;
  private final boolean restored;

  /** {@code checkpointer} may be null: the shard then has no checkpoints. */
  ParameterService(ShardState state, Checkpointer checkpointer, PullGate gate, boolean restored) {
    this.state = state;
    this.checkpointer = checkpointer;
    this.gate = gate;
    this.restored = restored;
  }

  /**
   * The service as gRPC serves it: the generated methods, except that PushDense and PullDense use
   * {@link DenseWire}'s marshallers (same bytes on the wire, no protobuf copies of the values).
   */
  ServerServiceDefinition definition() {
    ServerServiceDefinition generated = bindService();
    ServiceDescriptor gd = generated.getServiceDescriptor();
    ServiceDescriptor.Builder sd = ServiceDescriptor.newBuilder(gd.getName()).setSchemaDescriptor(gd.getSchemaDescriptor());
    gd.getMethods().forEach(m -> sd.addMethod(withDenseWire(m)));
    ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(sd.build())
        .addMethod(DenseWire.PUSH_DENSE, ServerCalls.asyncClientStreamingCall(obs -> new DensePush(state, obs)))
        .addMethod(DenseWire.PULL_DENSE, ServerCalls.asyncUnaryCall(this::pullDenseValues));
    generated.getMethods().stream().filter(m -> withDenseWire(m.getMethodDescriptor()) == m.getMethodDescriptor())
        .forEach(b::addMethod);
    return b.build();
  }

  /** {@code m}, or its {@link DenseWire} version for PushDense and PullDense. */
  private static MethodDescriptor<?, ?> withDenseWire(MethodDescriptor<?, ?> m) {
    String name = m.getFullMethodName();
    return name.equals(DenseWire.PUSH_DENSE.getFullMethodName()) ? DenseWire.PUSH_DENSE
        : name.equals(DenseWire.PULL_DENSE.getFullMethodName()) ? DenseWire.PULL_DENSE : m;
  }

  @Override
  public void createTable(CreateTableRequest r, StreamObserver<CreateTableReply> obs) {
    Replies.reply(obs, () -> {
      state.create(r);
      return CreateTableReply.getDefaultInstance();
    });
  }

  @Override
  public void dropTable(DropTableRequest r, StreamObserver<DropTableReply> obs) {
    Replies.reply(obs, () -> {
      state.drop(r.getName());
      return DropTableReply.getDefaultInstance();
    });
  }

  @Override
  public void registerWorker(RegisterWorkerRequest r, StreamObserver<RegisterWorkerReply> obs) {
    Replies.reply(obs, () -> RegisterWorkerReply.newBuilder().setClock(state.register(r)).build());
  }

  @Override
  public void removeWorker(RemoveWorkerRequest r, StreamObserver<RemoveWorkerReply> obs) {
    Replies.reply(obs, () -> {
      JobClocks job = state.job(r.getJobId());
      gate.release(job.remove(r.getWorkerId()));
      return RemoveWorkerReply.newBuilder().setMinClock(job.minClock()).build();
    });
  }

  /** PullDense: the rows' values, written to the wire from the table under its read lock. */
  void pullDenseValues(PullDenseRequest r, StreamObserver<FloatBlock> obs) {
    try {
      DenseTable t = state.dense(r.getTable());
      t.checkRows(r.getFromRow(), r.getToRow());
      checkPullSize((r.getToRow() - r.getFromRow()) * t.cols());
      Runnable read = () -> Replies.reply(obs, () -> t.pull(r.getFromRow(), r.getToRow()));
      answerPull(t, r.hasWorkerId(), r.getWorkerId(), () -> "pull of rows [" + r.getFromRow() + ", " + r.getToRow()
          + ") of table '" + t.name() + "' by worker " + r.getWorkerId(), obs, read);
    } catch (RuntimeException e) {
      obs.onError(Replies.status(e).asRuntimeException());
    }
  }

  @Override
  public void pullSparse(PullSparseRequest r, StreamObserver<PullSparseReply> obs) {
    try {
      SparseTable t = state.sparse(r.getTable());
      long[] keys = new long[r.getKeysCount()];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = r.getKeys(i);
      }
      t.checkKeys(keys, 0, keys.length);
      checkPullSize((long) keys.length * t.cols());
      Runnable read = () -> Replies.reply(obs, () -> {
        PullSparseReply.Builder b = PullSparseReply.newBuilder();
        t.pull(keys, b);
        return b.build();
      });
      answerPull(t, r.hasWorkerId(), r.getWorkerId(),
          () -> "pull of " + keys.length + " keys of table '" + t.name() + "' by worker " + r.getWorkerId(), obs, read);
    } catch (RuntimeException e) {
      obs.onError(Replies.status(e).asRuntimeException());
    }
  }

  /** Reads now when no worker is named, else once that worker may read (see {@link PullGate}). */
  private <R> void answerPull(Table t, boolean hasWorker, int worker, Supplier<String> what, StreamObserver<R> obs,
      Runnable read) {
    if (hasWorker) {
      gate.whenReadable(state.job(t.jobId()), worker, what.get(), obs, read);
    } else {
      read.run();
    }
  }

  private static void checkPullSize(long floats) {
    if (floats > MAX_PULL_FLOATS) {
      throw Rejections.invalid("a pull may return at most " + MAX_PULL_FLOATS + " floats per call, this one "
          + floats + "; split it");
    }
  }

  @Override
  public StreamObserver<PushSparseChunk> pushSparse(StreamObserver<PushReply> obs) {
    return new SparsePush(state, obs);
  }

  @Override
  public void clock(ClockRequest r, StreamObserver<ClockReply> obs) {
    Replies.reply(obs, () -> {
      JobClocks job = state.job(r.getJobId());
      gate.release(job.setClock(r.getWorkerId(), r.getClock()));
      return ClockReply.newBuilder().setMinClock(job.minClock()).build();
    });
  }

  @Override
  public void checkpoint(CheckpointRequest r, StreamObserver<CheckpointReply> obs) {
    if (checkpointer == null) {
      obs.onError(Status.FAILED_PRECONDITION
          .withDescription("this shard was started without a checkpoint directory").asRuntimeException());
      return;
    }
    try {
      String path = checkpointer.write(state).toString();
      obs.onNext(CheckpointReply.newBuilder().setPath(path).setCount(checkpointer.count()).build());
      obs.onCompleted();
    } catch (IOException | UncheckedIOException e) {
      obs.onError(Status.INTERNAL.withDescription("checkpoint failed: " + e.getMessage()).asRuntimeException());
    }
  }

  @Override
  public void stats(StatsRequest r, StreamObserver<StatsReply> obs) {
    Replies.reply(obs, () -> {
      StatsReply.Builder b = StatsReply.newBuilder().setRestored(restored);
      state.tables().forEach(t -> b.addTables(t.stats()));
      state.jobs().forEach(j -> b.addJobs(j.stats()));
      if (checkpointer != null) {
        b.setCheckpoints(checkpointer.count()).setCheckpointTimeMillis(checkpointer.lastMillis());
      }
      return b.build();
    });
  }
}
