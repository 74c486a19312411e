package dev.trainyard.ps.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.trainyard.common.InvalidInputException;
import io.grpc.HasByteBuffer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Float vectors as little-endian float32 bytes (the wire form of a packed {@code repeated float}),
 * copied in bulk: to and from protobuf {@code ByteString}s, and straight between float arrays and
 * streams (through a small per-thread scratch buffer, or, when the stream exposes the transport's
 * buffers, with one copy). Stateless and thread-safe.
 */
public final class Float32 {
  /** Scratch size: small enough to stay in cache between the two copies. */
  private static final int SCRATCH_BYTES = 64 << 10;
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** A byte array and its float view, reused by one thread. */
  private static final class Scratch {
    final byte[] bytes = new byte[SCRATCH_BYTES];
    final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    final FloatBuffer floats = buffer.asFloatBuffer();
  }

  private Float32() {}

  /** {@code a[off .. off+n)} as float32 little-endian bytes. The result owns its fresh array. */
  public static ByteString encode(float[] a, int off, int n) {
    byte[] bytes = new byte[n * Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(a, off, n);
    // The array is never touched again, so wrapping it without a copy is safe.
    return UnsafeByteOperations.unsafeWrap(bytes);
  }

  /** Number of floats in {@code b}; rejects a length that is not a whole number of float32s. */
  public static int count(ByteString b) {
    return count(b.size());
  }

  /** Number of floats in {@code byteLength} bytes; rejects a length that is not a whole number of float32s. */
  public static int count(int byteLength) {
    if (byteLength % Float.BYTES != 0) {
      throw new InvalidInputException("float32 values must be a multiple of 4 bytes long, were " + byteLength
          + " bytes");
    }
    return byteLength / Float.BYTES;
  }

  /** Copies every float of {@code b} into {@code dst} from {@code off}. */
  public static void decode(ByteString b, float[] dst, int off) {
    b.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(dst, off, count(b));
  }

  /** Writes {@code a[off .. off+n)} to {@code out} as float32 little-endian bytes. */
  public static void write(float[] a, int off, int n, OutputStream out) throws IOException {
    Scratch s = SCRATCH.get();
    int per = SCRATCH_BYTES / Float.BYTES;
    for (int i = off, end = off + n; i < end; i += per) {
      int k = Math.min(per, end - i);
      s.floats.clear();
      s.floats.put(a, i, k);
      out.write(s.bytes, 0, k * Float.BYTES);
    }
  }

  /**
   * Reads {@code n} floats (4n bytes) from {@code in} into {@code dst} from {@code off}. When
   * {@code in} exposes its buffers ({@link HasByteBuffer}, as gRPC's received messages do) the
   * floats are copied out of them directly; otherwise through the per-thread scratch buffer.
   *
   * @throws EOFException if the stream ends first
   */
  public static void read(InputStream in, float[] dst, int off, int n) throws IOException {
    int i = off;
    int end = off + n;
    if (in instanceof HasByteBuffer hb && hb.byteBufferSupported()) {
      byte[] straddle = new byte[Float.BYTES];
      while (i < end) {
        ByteBuffer bb = hb.getByteBuffer();
        int whole = bb == null ? 0 : Math.min(bb.remaining() / Float.BYTES, end - i);
        if (whole > 0) {
          bb.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(dst, i, whole);
          skipFully(in, (long) whole * Float.BYTES);
          i += whole;
        } else {
          // a float split across two of the transport's buffers
          readFully(in, straddle, Float.BYTES);
          dst[i++] = ByteBuffer.wrap(straddle).order(ByteOrder.LITTLE_ENDIAN).getFloat(0);
        }
      }
      return;
    }
    Scratch s = SCRATCH.get();
    int per = SCRATCH_BYTES / Float.BYTES;
    while (i < end) {
      int k = Math.min(per, end - i);
      readFully(in, s.bytes, k * Float.BYTES);
      s.floats.clear();
      s.floats.get(dst, i, k);
      i += k;
    }
  }

  private static void readFully(InputStream in, byte[] b, int len) throws IOException {
    int got = 0;
    while (got < len) {
      int r = in.read(b, got, len - got);
      if (r < 0) {
        throw new EOFException("float32 values end after " + got + " of " + len + " bytes");
      }
      got += r;
    }
  }

  private static void skipFully(InputStream in, long len) throws IOException {
    long left = len;
    while (left > 0) {
      long s = in.skip(left);
      if (s <= 0) {
        throw new EOFException("float32 values end " + left + " bytes early");
      }
      left -= s;
    }
  }
}
