package dev.trainyard.ps.server;

import dev.trainyard.ps.wire.Float32;
import dev.trainyard.rpc.v1.PushReply;
import dev.trainyard.rpc.v1.PushSparseChunk;
import io.grpc.stub.StreamObserver;
import java.util.Arrays;

/**
 * Assembles the chunks of one streamed sparse push and applies it when the stream completes, after
 * every check has passed (table, keys in range and distinct, sizes, worker, finiteness), so a
 * rejected push changes nothing. gRPC delivers one call's messages serially, so no lock is needed.
 */
final class SparsePush implements StreamObserver<PushSparseChunk> {
  private final ShardState state;
  private final StreamObserver<PushReply> reply;
  private SparseTable table;
  private PushSparseChunk header;
  private long[] keys = new long[256];
  private float[] grad;
  private int count;
  private boolean failed;

  SparsePush(ShardState state, StreamObserver<PushReply> reply) {
    this.state = state;
    this.reply = reply;
  }

  @Override
  public void onNext(PushSparseChunk chunk) {
    if (failed) {
      return;
    }
    try {
      if (header == null) {
        table = state.sparse(chunk.getTable());
        state.pusher(table, chunk.getWorkerId());
        header = chunk;
        grad = new float[keys.length * table.cols()];
      } else if (!chunk.getTable().equals(header.getTable()) || chunk.getWorkerId() != header.getWorkerId()) {
        throw Rejections.invalid("every chunk of a push must repeat the first chunk's table and worker");
      }
      append(chunk);
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void append(PushSparseChunk chunk) {
    int n = chunk.getKeysCount();
    int dim = table.cols();
    int floats = Float32.count(chunk.getValuesF32Le());
    if ((long) n * dim != floats) {
      throw Rejections.invalid("gradient must have keys * dim = " + n + " * " + dim + " = " + (long) n * dim
          + " values, had " + floats);
    }
    if (count + n > keys.length) {
      int cap = Math.max(keys.length * 2, count + n);
      keys = Arrays.copyOf(keys, cap);
      grad = Arrays.copyOf(grad, cap * dim);
    }
    for (int i = 0; i < n; i++) {
      keys[count + i] = chunk.getKeys(i);
    }
    Float32.decode(chunk.getValuesF32Le(), grad, count * dim);
    table.checkKeys(keys, count, count + n);
    count += n;
  }

  @Override
  public void onError(Throwable t) {
    failed = true;
  }

  @Override
  public void onCompleted() {
    if (failed) {
      return;
    }
    Replies.reply(reply, () -> {
      if (header == null) {
        throw Rejections.invalid("a push needs at least one chunk");
      }
      requireDistinct();
      Rejections.requireFinite(table.name(), grad, count * table.cols(), table.cols());
      return PushReply.newBuilder().setStep(table.push(keys, count, grad)).build();
    });
  }

  private void requireDistinct() {
    LongIntMap seen = new LongIntMap(count);
    for (int i = 0; i < count; i++) {
      if (seen.get(keys[i]) >= 0) {
        throw Rejections.invalid("keys of a push must be distinct, key " + keys[i] + " appears twice");
      }
      seen.put(keys[i], i);
    }
  }

  private void fail(RuntimeException e) {
    failed = true;
    reply.onError(Replies.status(e).asRuntimeException());
  }
}
