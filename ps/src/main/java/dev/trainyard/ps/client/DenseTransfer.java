package dev.trainyard.ps.client;

import dev.trainyard.ps.wire.DenseChunk;
import dev.trainyard.ps.wire.DenseWire;
import dev.trainyard.ps.wire.FloatBlock;
import dev.trainyard.rpc.v1.PullDenseRequest;
import dev.trainyard.rpc.v1.PushReply;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Dense pulls and pushes fanned out over the shards: a row range is cut at shard boundaries, pulls
 * further into calls of at most {@code chunkFloats} floats (whole rows), pushes into streamed chunks
 * of at most {@code chunkFloats} floats that each shard applies atomically. Values go through
 * {@link DenseWire}: pushed chunks are written to the transport straight from the caller's array,
 * pulled values are copied from the transport's buffers straight into the caller's array. Stateless.
 */
final class DenseTransfer {
  private final Shards shards;
  private final int chunkFloats;

  DenseTransfer(Shards shards, int chunkFloats) {
    this.shards = shards;
    this.chunkFloats = chunkFloats;
  }

  /** Fills {@code out} with rows {@code [from, to)}; {@code worker < 0} reads without waiting. */
  void pull(TableSpec t, int worker, long from, long to, float[] out) {
    int cols = t.cols();
    long rowsPerCall = Math.max(1, chunkFloats / cols);
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    for (Partitioner.Piece p : t.partitioner(shards.count()).split(from, to)) {
      for (long a = p.from(); a < p.to(); a += rowsPerCall) {
        long b = Math.min(p.to(), a + rowsPerCall);
        PullDenseRequest.Builder req = PullDenseRequest.newBuilder().setTable(t.name()).setFromRow(a).setToRow(b);
        if (worker >= 0) {
          req.setWorkerId(worker);
        }
        int off = (int) ((a - from) * cols);
        int expected = (int) ((b - a) * cols);
        CompletableFuture<FloatBlock> f = new CompletableFuture<>();
        ClientCalls.asyncUnaryCall(shards.newCall(p.part(), DenseWire.PULL_DENSE), req.build(),
            shards.observer(p.part(), f));
        calls.add(f.thenAccept(values -> copy(values, out, off, expected)));
      }
    }
    Shards.await(calls);
  }

  private static void copy(FloatBlock values, float[] out, int off, int expected) {
    try (values) {
      if (values.byteLength() != expected * Float.BYTES) {
        throw new IllegalStateException("a shard answered a pull of " + expected + " floats with "
            + values.byteLength() + " bytes");
      }
      values.readInto(out, off);
    }
  }

  /** Pushes {@code grad} (rows {@code [from, to)}, row-major) for {@code worker}. */
  void push(TableSpec t, int worker, long from, long to, float[] grad) {
    int cols = t.cols();
    List<CompletableFuture<PushReply>> calls = new ArrayList<>();
    for (Partitioner.Piece p : t.partitioner(shards.count()).split(from, to)) {
      CompletableFuture<PushReply> f = new CompletableFuture<>();
      StreamObserver<DenseChunk> stream = ClientCalls.asyncClientStreamingCall(
          shards.newCall(p.part(), DenseWire.PUSH_DENSE), shards.observer(p.part(), f));
      int start = (int) ((p.from() - from) * cols);
      int length = (int) ((p.to() - p.from()) * cols);
      for (int off = 0; off < length; off += chunkFloats) {
        int n = Math.min(chunkFloats, length - off);
        // grad is read when the chunk is serialized; push returns only after every shard answered
        stream.onNext(new DenseChunk(t.name(), worker, p.from(), p.to(), off, FloatBlock.of(grad, start + off, n)));
      }
      stream.onCompleted();
      calls.add(f);
    }
    Shards.await(calls);
  }
}
