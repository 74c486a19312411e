package dev.trainyard.ml.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/** Writes one frame in the {@link FrameFile} format. Not thread-safe; one per frame. */
final class FrameEncoder {
  static final byte[] MAGIC = {(byte) 0x89, 'T', 'Y', 'F', 'R', 'A', 'M', 'E'};
  static final int BLOCK = 1 << 16;

  private final OutputStream raw;
  private final byte[] block = new byte[BLOCK];
  private final ByteBuffer blockBuffer = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);

  FrameEncoder(OutputStream raw) {
    this.raw = raw;
  }

  /** The type's code in the file; fixed by the format, not by the enum's order. */
  static byte typeCode(ColumnType type) {
    return switch (type) {
      case NUMERIC -> 0;
      case CATEGORICAL -> 1;
      case TEXT -> 2;
    };
  }

  void write(Frame frame) throws IOException {
    byte[] header = header(frame);
    raw.write(MAGIC);
    writeInt(raw, FrameFile.VERSION);
    writeInt(raw, header.length);
    raw.write(header);
    writeInt(raw, crc(header));
    CRC32C crc = new CRC32C();
    OutputStream body = new CheckedOutputStream(raw, crc);
    for (int j = 0; j < frame.columnCount(); j++) {
      switch (frame.column(j).type()) {
        case NUMERIC -> writeFloats(body, frame.numericValues(j));
        case CATEGORICAL -> writeCategorical(body, frame, j);
        case TEXT -> writeText(body, frame, j);
      }
    }
    writeInt(raw, (int) crc.getValue());
  }

  static int crc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return (int) crc.getValue();
  }

  private static byte[] header(Frame frame) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeInt(out, frame.rowCount());
    writeInt(out, frame.columnCount());
    for (Column c : frame.columns()) {
      out.write(typeCode(c.type()));
      writeString(out, c.name());
    }
    return out.toByteArray();
  }

  private void writeCategorical(OutputStream out, Frame frame, int j) throws IOException {
    List<String> levels = ((CategoricalColumn) frame.column(j)).levels();
    ByteArrayOutputStream dictionary = new ByteArrayOutputStream();
    writeInt(dictionary, levels.size());
    for (String level : levels) {
      writeString(dictionary, level);
    }
    writeInt(out, dictionary.size());
    dictionary.writeTo(out);
    writeInts(out, frame.codes(j));
  }

  private void writeText(OutputStream out, Frame frame, int j) throws IOException {
    String[] values = ((TextColumn) frame.column(j)).values();
    byte[][] encoded = new byte[frame.rowCount()][];
    int[] lengths = new int[encoded.length];
    for (int i = 0; i < encoded.length; i++) {
      String v = values[frame.physicalRow(i)];
      encoded[i] = v == null ? null : v.getBytes(StandardCharsets.UTF_8);
      lengths[i] = v == null ? -1 : encoded[i].length;
    }
    writeInts(out, lengths);
    for (byte[] e : encoded) {
      if (e != null) {
        out.write(e);
      }
    }
  }

  private void writeFloats(OutputStream out, float[] values) throws IOException {
    for (int from = 0; from < values.length; from += BLOCK / 4) {
      int n = Math.min(BLOCK / 4, values.length - from);
      blockBuffer.clear();
      blockBuffer.asFloatBuffer().put(values, from, n);
      out.write(block, 0, 4 * n);
    }
  }

  private void writeInts(OutputStream out, int[] values) throws IOException {
    for (int from = 0; from < values.length; from += BLOCK / 4) {
      int n = Math.min(BLOCK / 4, values.length - from);
      blockBuffer.clear();
      blockBuffer.asIntBuffer().put(values, from, n);
      out.write(block, 0, 4 * n);
    }
  }

  static void writeInt(OutputStream out, int v) throws IOException {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }

  private static void writeString(OutputStream out, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    writeInt(out, bytes.length);
    out.write(bytes);
  }
}
