package dev.trainyard.ml.data;

import dev.trainyard.common.InvalidInputException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * Reads one frame in the {@link FrameFile} format. Sizes read from the body only grow buffers as
 * bytes actually arrive, so a damaged length ends in a truncation error rather than a huge
 * allocation. An {@link EOFException}'s message names the part being read. Not thread-safe.
 */
final class FrameDecoder {
  private static final int MAX_HEADER_BYTES = 1 << 28;
  private static final ColumnType[] TYPES = {ColumnType.NUMERIC, ColumnType.CATEGORICAL, ColumnType.TEXT};

  private final InputStream raw;
  private final String source;
  private final byte[] block = new byte[FrameEncoder.BLOCK];
  private final ByteBuffer blockBuffer = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);

  FrameDecoder(InputStream raw, String source) {
    this.raw = raw;
    this.source = source;
  }

  private record Schema(int rows, List<String> names, List<ColumnType> types) {}

  Frame read() throws IOException {
    Schema schema = readHeader();
    CRC32C crc = new CRC32C();
    InputStream body = new CheckedInputStream(raw, crc);
    List<Column> columns = new ArrayList<>(schema.names().size());
    for (int j = 0; j < schema.names().size(); j++) {
      String name = schema.names().get(j);
      columns.add(switch (schema.types().get(j)) {
        case NUMERIC -> new NumericColumn(name, readFloats(body, schema.rows(), "column '" + name + "'"));
        case CATEGORICAL -> readCategorical(body, name, schema.rows());
        case TEXT -> readText(body, name, schema.rows());
      });
    }
    int expected = readInt(raw, "the data checksum");
    if (expected != (int) crc.getValue()) {
      throw corrupt("data checksum mismatch");
    }
    return Frame.of(columns);
  }

  private Schema readHeader() throws IOException {
    byte[] magic = readBytes(raw, FrameEncoder.MAGIC.length, "the signature");
    if (!Arrays.equals(magic, FrameEncoder.MAGIC)) {
      boolean gzip = magic[0] == (byte) 0x1f && magic[1] == (byte) 0x8b;
      throw new InvalidInputException(source + ": not a Trainyard frame file (wrong signature)"
          + (gzip ? "; it is gzip-compressed: decompress it first" : ""));
    }
    int version = readInt(raw, "the version");
    if (version != FrameFile.VERSION) {
      throw new InvalidInputException(source + ": frame file version " + version
          + " is not supported; this build reads version " + FrameFile.VERSION);
    }
    int size = readInt(raw, "the header");
    if (size < 8 || size > MAX_HEADER_BYTES) {
      throw corrupt("header size must be between 8 and " + MAX_HEADER_BYTES + ", was " + size);
    }
    byte[] header = readBytes(raw, size, "the header");
    if (readInt(raw, "the header checksum") != FrameEncoder.crc(header)) {
      throw corrupt("header checksum mismatch");
    }
    return parseHeader(ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN));
  }

  private Schema parseHeader(ByteBuffer h) {
    int rows = h.getInt();
    int count = h.getInt();
    if (rows < 0 || count < 0 || count > h.remaining() / 5) {
      throw corrupt("header holds " + rows + " rows and " + count + " columns");
    }
    List<String> names = new ArrayList<>(count);
    List<ColumnType> types = new ArrayList<>(count);
    Set<String> seen = new HashSet<>();
    for (int j = 0; j < count; j++) {
      int code = h.get();
      if (code < 0 || code >= TYPES.length) {
        throw corrupt("column " + j + " has unknown type code " + code);
      }
      String name = string(h, "header");
      if (!seen.add(name)) {
        throw corrupt("duplicate column name '" + name + "'");
      }
      types.add(TYPES[code]);
      names.add(name);
    }
    return new Schema(rows, names, types);
  }

  private Column readCategorical(InputStream in, String name, int rows) throws IOException {
    String part = "the dictionary of column '" + name + "'";
    int size = readInt(in, part);
    if (size < 4) {
      throw corrupt(part + " has size " + size);
    }
    ByteBuffer d = ByteBuffer.wrap(readBytes(in, size, part)).order(ByteOrder.LITTLE_ENDIAN);
    int count = d.getInt();
    if (count < 0 || count > d.remaining() / 4) {
      throw corrupt(part + " claims " + count + " levels");
    }
    List<String> levels = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      levels.add(string(d, part));
    }
    int[] codes = readInts(in, rows, "column '" + name + "'");
    for (int i = 0; i < rows; i++) {
      if (codes[i] < CategoricalColumn.MISSING || codes[i] >= count) {
        throw corrupt("column '" + name + "' row " + i + " has code " + codes[i] + " but " + count + " levels");
      }
    }
    return new CategoricalColumn(name, codes, levels);
  }

  private Column readText(InputStream in, String name, int rows) throws IOException {
    String part = "column '" + name + "'";
    int[] lengths = readInts(in, rows, part);
    long total = 0;
    for (int i = 0; i < rows; i++) {
      if (lengths[i] < -1) {
        throw corrupt(part + " row " + i + " has length " + lengths[i]);
      }
      total += Math.max(0, lengths[i]);
    }
    if (total > Integer.MAX_VALUE - 16) {
      throw corrupt(part + " claims " + total + " bytes of text; the most is 2 GiB");
    }
    byte[] bytes = readBytes(in, (int) total, part);
    String[] values = new String[rows];
    int at = 0;
    for (int i = 0; i < rows; i++) {
      if (lengths[i] >= 0) {
        values[i] = new String(bytes, at, lengths[i], StandardCharsets.UTF_8);
        at += lengths[i];
      }
    }
    return new TextColumn(name, values);
  }

  private String string(ByteBuffer b, String part) {
    int length = b.remaining() >= 4 ? b.getInt() : -1;
    if (length < 0 || length > b.remaining()) {
      throw corrupt(part + " holds a string of " + length + " bytes where " + b.remaining() + " remain");
    }
    String s = new String(b.array(), b.position(), length, StandardCharsets.UTF_8);
    b.position(b.position() + length);
    return s;
  }

  private float[] readFloats(InputStream in, int n, String part) throws IOException {
    float[] out = new float[n];
    for (int from = 0; from < n; from += block.length / 4) {
      int count = Math.min(block.length / 4, n - from);
      fill(in, 4 * count, part);
      blockBuffer.clear();
      blockBuffer.asFloatBuffer().get(out, from, count);
    }
    return out;
  }

  private int[] readInts(InputStream in, int n, String part) throws IOException {
    int[] out = new int[n];
    for (int from = 0; from < n; from += block.length / 4) {
      int count = Math.min(block.length / 4, n - from);
      fill(in, 4 * count, part);
      blockBuffer.clear();
      blockBuffer.asIntBuffer().get(out, from, count);
    }
    return out;
  }

  private void fill(InputStream in, int n, String part) throws IOException {
    if (in.readNBytes(block, 0, n) < n) {
      throw new EOFException(part);
    }
  }

  private int readInt(InputStream in, String part) throws IOException {
    fill(in, 4, part);
    return blockBuffer.getInt(0);
  }

  private static byte[] readBytes(InputStream in, int n, String part) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length < n) {
      throw new EOFException(part);
    }
    return bytes;
  }

  private InvalidInputException corrupt(String detail) {
    return new InvalidInputException(source + ": corrupt frame file: " + detail);
  }
}
