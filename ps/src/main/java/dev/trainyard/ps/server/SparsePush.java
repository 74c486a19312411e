package dev.trainyard.ps.server;

import dev.trainyard.ps.wire.Float32;
import dev.trainyard.rpc.v1.PushReply;
import dev.trainyard.rpc.v1.PushSparseChunk;
import io.grpc.stub.StreamObserver;
import java.util.Arrays;

/**
 * Assembles the chunks of one streamed sparse push and applies it when the stream completes, after
 * every check has passed (table, keys in range and distinct, sizes, worker, finiteness), so a
 * rejected push changes nothing. Confined to the call, as {@link ChunkedPush} says.
 */
final class SparsePush extends ChunkedPush<PushSparseChunk> {
  private final ShardState state;
  private SparseTable table;
  private PushSparseChunk header;
  private long[] keys = new long[256];
  private float[] grad;
  private int count;

  SparsePush(ShardState state, StreamObserver<PushReply> reply) {
    super(reply);
    this.state = state;
  }

  @Override
  void accept(PushSparseChunk chunk, boolean first) {
    if (first) {
      table = state.sparse(chunk.getTable());
      state.pusher(table, chunk.getWorkerId());
      header = chunk;
      grad = new float[keys.length * table.cols()];
    } else if (!chunk.getTable().equals(header.getTable()) || chunk.getWorkerId() != header.getWorkerId()) {
      throw Rejections.invalid("every chunk of a push must repeat the first chunk's table and worker");
    }
    append(chunk);
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
  long apply() {
    requireDistinct();
    Rejections.requireFinite(table.name(), grad, count * table.cols(), table.cols());
    return table.push(keys, count, grad);
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
}
