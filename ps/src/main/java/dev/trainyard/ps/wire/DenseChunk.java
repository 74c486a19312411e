package dev.trainyard.ps.wire;

import java.util.Objects;

/**
 * One chunk of a streamed dense push, the Java form of the {@code PushDenseChunk} message that
 * {@link DenseWire} writes and reads without protobuf's copies of the values. Sent chunks view the
 * caller's gradient array; received ones hold the transport's buffers until {@link #close}.
 *
 * @param table table name
 * @param workerId the pushing worker
 * @param fromRow first row of the whole push
 * @param toRow one past the last row of the whole push
 * @param offset offset of this chunk's first value within the push, in floats
 * @param values the chunk's gradient values, row-major
 */
public record DenseChunk(String table, int workerId, long fromRow, long toRow, long offset, FloatBlock values)
    implements AutoCloseable {
  public DenseChunk {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(values, "values");
  }

  /** Releases received values; idempotent. */
  @Override
  public void close() {
    values.close();
  }
}
