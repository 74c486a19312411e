package dev.trainyard.ps.client;

import dev.trainyard.ps.wire.Float32;
import dev.trainyard.rpc.v1.PullDenseReply;
import dev.trainyard.rpc.v1.PullDenseRequest;
import dev.trainyard.rpc.v1.PushDenseChunk;
import dev.trainyard.rpc.v1.PushReply;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Dense pulls and pushes fanned out over the shards: a row range is cut at shard boundaries, pulls
 * further into calls of at most {@code chunkFloats} floats (whole rows), pushes into streamed chunks
 * of at most {@code chunkFloats} floats that each shard applies atomically. Stateless.
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
        calls.add(shards.<PullDenseReply>unary(p.part(), (stub, obs) -> stub.pullDense(req.build(), obs))
            .thenAccept(reply -> copy(reply, out, off, expected)));
      }
    }
    Shards.await(calls);
  }

  private static void copy(PullDenseReply reply, float[] out, int off, int expected) {
    if (Float32.count(reply.getValuesF32Le()) != expected) {
      throw new IllegalStateException("a shard answered a pull of " + expected + " floats with "
          + Float32.count(reply.getValuesF32Le()));
    }
    Float32.decode(reply.getValuesF32Le(), out, off);
  }

  /** Pushes {@code grad} (rows {@code [from, to)}, row-major) for {@code worker}. */
  void push(TableSpec t, int worker, long from, long to, float[] grad) {
    int cols = t.cols();
    List<CompletableFuture<PushReply>> calls = new ArrayList<>();
    for (Partitioner.Piece p : t.partitioner(shards.count()).split(from, to)) {
      CompletableFuture<PushReply> f = new CompletableFuture<>();
      StreamObserver<PushDenseChunk> stream = shards.stub(p.part()).pushDense(shards.observer(p.part(), f));
      int start = (int) ((p.from() - from) * cols);
      int length = (int) ((p.to() - p.from()) * cols);
      for (int off = 0; off < length; off += chunkFloats) {
        int n = Math.min(chunkFloats, length - off);
        PushDenseChunk.Builder c = PushDenseChunk.newBuilder().setTable(t.name()).setWorkerId(worker)
            .setFromRow(p.from()).setToRow(p.to()).setOffset(off);
        stream.onNext(c.setValuesF32Le(Float32.encode(grad, start + off, n)).build());
      }
      stream.onCompleted();
      calls.add(f);
    }
    Shards.await(calls);
  }
}
