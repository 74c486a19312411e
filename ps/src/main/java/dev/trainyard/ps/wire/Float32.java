package dev.trainyard.ps.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.trainyard.common.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Float vectors as little-endian float32 bytes (the wire form of a packed {@code repeated float}),
 * copied in bulk. Stateless and thread-safe.
 */
public final class Float32 {
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
    if (b.size() % Float.BYTES != 0) {
      throw new InvalidInputException("float32 values must be a multiple of 4 bytes long, were " + b.size()
          + " bytes");
    }
    return b.size() / Float.BYTES;
  }

  /** Copies every float of {@code b} into {@code dst} from {@code off}. */
  public static void decode(ByteString b, float[] dst, int off) {
    b.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(dst, off, count(b));
  }
}
