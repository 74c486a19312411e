package dev.trainyard.ps.wire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Float32 values received in a message: a stream positioned at the values (usually one detached
 * from gRPC that still holds the transport's buffers, so reading copies them once, straight into
 * the caller's array), or bytes copied out of the message when the values were not its last
 * field. Read once; {@link #close} returns the buffers. Not thread-safe.
 */
public final class ReceivedFloats implements FloatBlock {
  private static final ReceivedFloats EMPTY = new ReceivedFloats(InputStream.nullInputStream(), 0);
  private final int byteLength;
  private InputStream in;

  private ReceivedFloats(InputStream in, int byteLength) {
    this.in = in;
    this.byteLength = byteLength;
  }

  /** The next {@code byteLength} bytes of {@code in}, which this block now owns and closes. */
  static ReceivedFloats owning(InputStream in, int byteLength) {
    return new ReceivedFloats(in, byteLength);
  }

  /** Values held in a byte array. */
  static ReceivedFloats copied(byte[] bytes) {
    return new ReceivedFloats(new ByteArrayInputStream(bytes), bytes.length);
  }

  /** No values (the field was absent). */
  static ReceivedFloats empty() {
    return EMPTY;
  }

  @Override
  public int byteLength() {
    return byteLength;
  }

  @Override
  public void readInto(float[] dst, int off) {
    int n = count();
    if (n == 0) {
      return;
    }
    if (in == null) {
      throw new IllegalStateException("received float32 values are read only once");
    }
    try {
      Float32.read(in, dst, off, n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      close();
    }
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    if (byteLength == 0) {
      return;
    }
    if (in == null) {
      throw new IllegalStateException("received float32 values are read only once");
    }
    try {
      byte[] buf = new byte[Math.min(byteLength, 64 << 10)];
      int left = byteLength;
      while (left > 0) {
        int r = in.read(buf, 0, Math.min(buf.length, left));
        if (r < 0) {
          throw new java.io.EOFException("float32 values end " + left + " bytes early");
        }
        out.write(buf, 0, r);
        left -= r;
      }
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    InputStream s = in;
    if (s == null || this == EMPTY) {
      return;
    }
    in = null;
    try {
      s.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
