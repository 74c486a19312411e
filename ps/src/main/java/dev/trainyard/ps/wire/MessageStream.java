package dev.trainyard.ps.wire;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A serialized dense message as gRPC reads it: the protobuf bytes before the values field's
 * payload ({@code head}), then the values, written straight from their float array when gRPC
 * drains the stream into its transport buffers ({@link Drainable}), with the exact length known
 * up front ({@link KnownLength}). Plain {@code read} calls work too, through a copy. Not
 * thread-safe (gRPC reads a message from one thread).
 */
final class MessageStream extends InputStream implements Drainable, KnownLength {
  private final int size;
  private byte[] head;
  private FloatBlock values;
  private ByteArrayInputStream copy;

  MessageStream(byte[] head, FloatBlock values) {
    this.head = head;
    this.values = values;
    this.size = head.length + values.byteLength();
  }

  @Override
  public int drainTo(OutputStream out) throws IOException {
    if (copy != null) {
      return (int) copy.transferTo(out);
    }
    if (head == null) {
      return 0;
    }
    out.write(head);
    values.writeTo(out);
    head = null;
    values = null;
    return size;
  }

  @Override
  public int available() {
    return copy != null ? copy.available() : head == null ? 0 : size;
  }

  @Override
  public int read() throws IOException {
    return copy().read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return copy().read(b, off, len);
  }

  private ByteArrayInputStream copy() throws IOException {
    if (copy == null) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(available());
      drainTo(bytes);
      copy = new ByteArrayInputStream(bytes.toByteArray());
    }
    return copy;
  }
}
