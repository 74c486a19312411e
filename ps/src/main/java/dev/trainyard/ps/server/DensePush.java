package dev.trainyard.ps.server;

import dev.trainyard.ps.wire.Float32;
import dev.trainyard.rpc.v1.PushDenseChunk;
import dev.trainyard.rpc.v1.PushReply;
import io.grpc.stub.StreamObserver;

/**
 * Assembles the chunks of one streamed dense push and applies it when the stream completes, after
 * every check has passed (table, rows, worker, chunk order and sizes, finiteness), so a rejected push
 * changes nothing. Confined to the call, as {@link ChunkedPush} says.
 */
final class DensePush extends ChunkedPush<PushDenseChunk> {
  private final ShardState state;
  private DenseTable table;
  private PushDenseChunk header;
  private float[] grad;
  private int received;

  DensePush(ShardState state, StreamObserver<PushReply> reply) {
    super(reply);
    this.state = state;
  }

  @Override
  void accept(PushDenseChunk chunk, boolean first) {
    if (first) {
      start(chunk);
    } else if (!chunk.getTable().equals(header.getTable()) || chunk.getWorkerId() != header.getWorkerId()
        || chunk.getFromRow() != header.getFromRow() || chunk.getToRow() != header.getToRow()) {
      throw Rejections.invalid("every chunk of a push must repeat the first chunk's table, worker and rows");
    }
    append(chunk);
  }

  private void start(PushDenseChunk first) {
    table = state.dense(first.getTable());
    table.checkRows(first.getFromRow(), first.getToRow());
    state.pusher(table, first.getWorkerId());
    header = first;
    grad = new float[(int) ((first.getToRow() - first.getFromRow()) * table.cols())];
  }

  private void append(PushDenseChunk chunk) {
    int n = Float32.count(chunk.getValuesF32Le());
    if (chunk.getOffset() != received) {
      throw Rejections.invalid("chunks of a push must arrive in order: expected offset " + received + ", was "
          + chunk.getOffset());
    }
    if (received + (long) n > grad.length) {
      throw Rejections.invalid("gradient must have (to_row - from_row) * cols = " + grad.length
          + " values, had at least " + (received + (long) n));
    }
    Float32.decode(chunk.getValuesF32Le(), grad, received);
    received += n;
  }

  @Override
  long apply() {
    if (received != grad.length) {
      throw Rejections.invalid("gradient must have (to_row - from_row) * cols = " + grad.length
          + " values, had " + received);
    }
    Rejections.requireFinite(table.name(), grad, grad.length, table.cols());
    return table.push(header.getFromRow(), grad);
  }

  @Override
  void discard() {
    grad = null;
  }
}
