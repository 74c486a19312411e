package dev.trainyard.ps.server;

import dev.trainyard.ps.wire.DenseChunk;
import dev.trainyard.ps.wire.Float32;
import dev.trainyard.rpc.v1.PushReply;
import io.grpc.stub.StreamObserver;

/**
 * Assembles the chunks of one streamed dense push and applies it when the stream completes, after
 * every check has passed (table, rows, worker, chunk order and sizes, finiteness), so a rejected push
 * changes nothing. Each chunk's values are copied from the transport's buffers straight into the
 * push's gradient buffer (lent by the table) and checked for NaN/Inf there while they are still in
 * cache. Confined to the call, as {@link ChunkedPush} says.
 */
final class DensePush extends ChunkedPush<DenseChunk> {
  private final ShardState state;
  private DenseTable table;
  private DenseChunk header;
  private float[] grad;
  private int received;

  DensePush(ShardState state, StreamObserver<PushReply> reply) {
    super(reply);
    this.state = state;
  }

  @Override
  void accept(DenseChunk chunk, boolean first) {
    if (first) {
      start(chunk);
    } else if (!chunk.table().equals(header.table()) || chunk.workerId() != header.workerId()
        || chunk.fromRow() != header.fromRow() || chunk.toRow() != header.toRow()) {
      throw Rejections.invalid("every chunk of a push must repeat the first chunk's table, worker and rows");
    }
    append(chunk);
  }

  private void start(DenseChunk first) {
    DenseTable t = state.dense(first.table());
    t.checkRows(first.fromRow(), first.toRow());
    state.pusher(t, first.workerId());
    table = t;
    header = first;
    grad = t.borrowGradient((int) ((first.toRow() - first.fromRow()) * t.cols()));
  }

  private void append(DenseChunk chunk) {
    int n = Float32.count(chunk.values().byteLength());
    if (chunk.offset() != received) {
      throw Rejections.invalid("chunks of a push must arrive in order: expected offset " + received + ", was "
          + chunk.offset());
    }
    if (received + (long) n > grad.length) {
      throw Rejections.invalid("gradient must have (to_row - from_row) * cols = " + grad.length
          + " values, had at least " + (received + (long) n));
    }
    chunk.values().readInto(grad, received);
    Rejections.requireFinite(table.name(), grad, received, received + n, table.cols());
    received += n;
  }

  @Override
  long apply() {
    if (received != grad.length) {
      throw Rejections.invalid("gradient must have (to_row - from_row) * cols = " + grad.length
          + " values, had " + received);
    }
    return table.push(header.fromRow(), grad);
  }

  @Override
  void discard() {
    if (grad != null) {
      table.returnGradient(grad);
      grad = null;
    }
  }

  @Override
  void release(DenseChunk chunk) {
    chunk.close();
  }
}
