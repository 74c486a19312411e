package dev.trainyard.ps.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.Lock;

/**
 * A run of float values as the bytes field of a dense message: either a view of an array being
 * sent (written to the wire as float32 little-endian without an intermediate copy) or values
 * received and still held in the transport's buffers ({@link ReceivedFloats}). Read it once with
 * {@link #readInto}, then {@link #close} it, which returns received buffers to the transport.
 * Not thread-safe.
 */
public interface FloatBlock extends AutoCloseable {
  /** Length of the values in bytes (a multiple of 4 unless a peer sent a malformed message). */
  int byteLength();

  /** Writes the values as float32 little-endian bytes. */
  void writeTo(OutputStream out) throws IOException;

  /** Copies every value into {@code dst} from {@code off}; the length must be a whole number of floats. */
  void readInto(float[] dst, int off);

  /** Releases what the block holds; idempotent. */
  @Override
  default void close() {}

  /** Number of floats; rejects a length that is not a whole number of float32s. */
  default int count() {
    return Float32.count(byteLength());
  }

  /** A view of {@code a[off .. off+n)}; the caller must not change those values until the block is written. */
  static FloatBlock of(float[] a, int off, int n) {
    return new Slice(a, off, n, null);
  }

  /**
   * A view of {@code a[off .. off+n)} read and written while holding {@code lock} (a table's read
   * lock): what goes on the wire is one consistent snapshot of the range, taken when it is written.
   */
  static FloatBlock guarded(float[] a, int off, int n, Lock lock) {
    return new Slice(a, off, n, lock);
  }

  /** An array range, optionally guarded by a lock. */
  record Slice(float[] array, int off, int n, Lock lock) implements FloatBlock {
    public Slice {
      if (off < 0 || n < 0 || off > array.length - n) {
        throw new IndexOutOfBoundsException("range [" + off + ", " + off + " + " + n + ") of " + array.length);
      }
    }

    @Override
    public int byteLength() {
      return n * Float.BYTES;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      if (lock != null) {
        lock.lock();
      }
      try {
        Float32.write(array, off, n, out);
      } finally {
        if (lock != null) {
          lock.unlock();
        }
      }
    }

    @Override
    public void readInto(float[] dst, int to) {
      if (lock != null) {
        lock.lock();
      }
      try {
        System.arraycopy(array, off, dst, to, n);
      } finally {
        if (lock != null) {
          lock.unlock();
        }
      }
    }
  }
}
