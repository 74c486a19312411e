package dev.trainyard.ps.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Bulk float and long array IO for checkpoints, little-endian, through a reusable byte buffer. */
final class FloatIO {
  private static final int BUFFER_BYTES = 1 << 16;

  private FloatIO() {}

  static void writeFloats(DataOutputStream out, float[] a, int off, int len) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    int i = off;
    int end = off + len;
    while (i < end) {
      int n = Math.min(end - i, BUFFER_BYTES / Float.BYTES);
      buf.clear();
      buf.asFloatBuffer().put(a, i, n);
      out.write(buf.array(), 0, n * Float.BYTES);
      i += n;
    }
  }

  static void readFloats(DataInputStream in, float[] a, int off, int len) throws IOException {
    byte[] bytes = new byte[BUFFER_BYTES];
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int i = off;
    int end = off + len;
    while (i < end) {
      int n = Math.min(end - i, BUFFER_BYTES / Float.BYTES);
      in.readFully(bytes, 0, n * Float.BYTES);
      buf.clear();
      buf.asFloatBuffer().get(a, i, n);
      i += n;
    }
  }

  static void writeLongs(DataOutputStream out, long[] a, int len) throws IOException {
    for (int i = 0; i < len; i++) {
      out.writeLong(a[i]);
    }
  }

  static long[] readLongs(DataInputStream in, int len) throws IOException {
    long[] a = new long[len];
    for (int i = 0; i < len; i++) {
      a[i] = in.readLong();
    }
    return a;
  }
}
