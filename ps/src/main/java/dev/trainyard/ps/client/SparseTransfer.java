package dev.trainyard.ps.client;

import dev.trainyard.ps.wire.Float32;
import dev.trainyard.rpc.v1.PullSparseReply;
import dev.trainyard.rpc.v1.PullSparseRequest;
import dev.trainyard.rpc.v1.PushReply;
import dev.trainyard.rpc.v1.PushSparseChunk;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sparse pulls and pushes fanned out over the shards: keys are grouped by owning shard (keeping
 * each key's position in the caller's arrays), pulls cut into calls and pushes into streamed chunks
 * of at most {@code chunkFloats} floats. Pushes send only keys whose gradient row is not all zero.
 * Stateless.
 */
final class SparseTransfer {
  private final Shards shards;
  private final int chunkFloats;

  SparseTransfer(Shards shards, int chunkFloats) {
    this.shards = shards;
    this.chunkFloats = chunkFloats;
  }

  /** Positions in the caller's key array, grouped by shard; {@code skipZero} drops all-zero rows. */
  private int[][] group(TableSpec t, long[] keys, float[] grad, boolean skipZero) {
    Partitioner part = t.partitioner(shards.count());
    int[] counts = new int[shards.count()];
    int[] owner = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      owner[i] = skipZero && isZero(grad, i * t.cols(), t.cols()) ? -1 : part.partOf(keys[i]);
      if (owner[i] >= 0) {
        counts[owner[i]]++;
      }
    }
    int[][] byShard = new int[shards.count()][];
    for (int s = 0; s < byShard.length; s++) {
      byShard[s] = new int[counts[s]];
      counts[s] = 0;
    }
    for (int i = 0; i < keys.length; i++) {
      if (owner[i] >= 0) {
        byShard[owner[i]][counts[owner[i]]++] = i;
      }
    }
    return byShard;
  }

  private static boolean isZero(float[] a, int off, int n) {
    for (int i = off; i < off + n; i++) {
      if (a[i] != 0f) {
        return false;
      }
    }
    return true;
  }

  /** Fills {@code out} (keys.length * dim) with the rows of {@code keys}; {@code worker < 0} reads without waiting. */
  void pull(TableSpec t, int worker, long[] keys, float[] out) {
    int dim = t.cols();
    int keysPerCall = Math.max(1, chunkFloats / dim);
    int[][] byShard = group(t, keys, null, false);
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    for (int s = 0; s < byShard.length; s++) {
      int[] idx = byShard[s];
      for (int a = 0; a < idx.length; a += keysPerCall) {
        int from = a;
        int to = Math.min(idx.length, a + keysPerCall);
        PullSparseRequest.Builder req = PullSparseRequest.newBuilder().setTable(t.name());
        for (int i = from; i < to; i++) {
          req.addKeys(keys[idx[i]]);
        }
        if (worker >= 0) {
          req.setWorkerId(worker);
        }
        calls.add(shards.<PullSparseReply>unary(s, (stub, obs) -> stub.pullSparse(req.build(), obs))
            .thenAccept(reply -> scatter(reply, idx, from, to, dim, out)));
      }
    }
    Shards.await(calls);
  }

  private static void scatter(PullSparseReply reply, int[] idx, int from, int to, int dim, float[] out) {
    float[] rows = new float[(to - from) * dim];
    if (Float32.count(reply.getValuesF32Le()) != rows.length) {
      throw new IllegalStateException("a shard answered a pull of " + rows.length + " floats with "
          + Float32.count(reply.getValuesF32Le()));
    }
    Float32.decode(reply.getValuesF32Le(), rows, 0);
    for (int i = from; i < to; i++) {
      System.arraycopy(rows, (i - from) * dim, out, idx[i] * dim, dim);
    }
  }

  /** Pushes the gradient rows of {@code keys} (distinct) for {@code worker}. */
  void push(TableSpec t, int worker, long[] keys, float[] grad) {
    int dim = t.cols();
    int keysPerChunk = Math.max(1, chunkFloats / dim);
    int[][] byShard = group(t, keys, grad, true);
    List<CompletableFuture<PushReply>> calls = new ArrayList<>();
    for (int s = 0; s < byShard.length; s++) {
      int[] idx = byShard[s];
      if (idx.length == 0) {
        continue;
      }
      CompletableFuture<PushReply> f = new CompletableFuture<>();
      StreamObserver<PushSparseChunk> stream = shards.stub(s).pushSparse(shards.observer(s, f));
      for (int a = 0; a < idx.length; a += keysPerChunk) {
        PushSparseChunk.Builder c = PushSparseChunk.newBuilder().setTable(t.name()).setWorkerId(worker);
        int end = Math.min(idx.length, a + keysPerChunk);
        float[] rows = new float[(end - a) * dim];
        for (int i = a; i < end; i++) {
          c.addKeys(keys[idx[i]]);
          System.arraycopy(grad, idx[i] * dim, rows, (i - a) * dim, dim);
        }
        stream.onNext(c.setValuesF32Le(Float32.encode(rows, 0, rows.length)).build());
      }
      stream.onCompleted();
      calls.add(f);
    }
    Shards.await(calls);
  }
}
