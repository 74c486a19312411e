package dev.trainyard.ps.wire;

import com.google.protobuf.WireFormat;
import io.grpc.Detachable;
import io.grpc.KnownLength;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of protobuf's wire format to read the two dense messages field by field from a
 * stream: varints, strings, skipped unknown fields, and the float32 values field, which it hands
 * over without copying when it is the rest of the message (see {@link #readFloats}). Malformed
 * input throws {@link IOException}. Not thread-safe.
 */
final class WireReader {
  private final InputStream in;

  WireReader(InputStream in) {
    this.in = in;
  }

  /** The next field's tag, or 0 at the end of the message. */
  int readTag() throws IOException {
    int b = in.read();
    if (b < 0) {
      return 0;
    }
    long tag = b < 0x80 ? b : readVarint(b);
    if (tag >>> 3 == 0 || tag > Integer.MAX_VALUE) {
      throw new IOException("invalid protobuf tag " + tag);
    }
    return (int) tag;
  }

  long readVarint() throws IOException {
    return readVarint(next());
  }

  private long readVarint(int first) throws IOException {
    long v = first & 0x7f;
    int b = first;
    for (int shift = 7; (b & 0x80) != 0; shift += 7) {
      if (shift > 63) {
        throw new IOException("malformed protobuf varint");
      }
      b = next();
      v |= (long) (b & 0x7f) << shift;
    }
    return v;
  }

  String readString() throws IOException {
    return new String(readBytes(readLength()), StandardCharsets.UTF_8);
  }

  /**
   * The values of a length-delimited float32 field. If they are the rest of a gRPC message
   * ({@link Detachable} and {@link KnownLength}, no field after them), the stream's buffers are
   * detached and handed over as they are; otherwise the bytes are copied out.
   */
  ReceivedFloats readFloats() throws IOException {
    int len = readLength();
    if (len == 0) {
      return ReceivedFloats.empty();
    }
    if (in instanceof Detachable d && in instanceof KnownLength && in.available() == len) {
      return ReceivedFloats.owning(d.detach(), len);
    }
    return ReceivedFloats.copied(readBytes(len));
  }

  /** Skips the field whose tag was just read. */
  void skipField(int tag) throws IOException {
    switch (WireFormat.getTagWireType(tag)) {
      case WireFormat.WIRETYPE_VARINT -> readVarint();
      case WireFormat.WIRETYPE_FIXED64 -> skip(8);
      case WireFormat.WIRETYPE_FIXED32 -> skip(4);
      case WireFormat.WIRETYPE_LENGTH_DELIMITED -> skip(readLength());
      default -> throw new IOException("unsupported protobuf wire type in tag " + tag);
    }
  }

  private int readLength() throws IOException {
    long len = readVarint();
    if (len < 0 || len > Integer.MAX_VALUE) {
      throw new IOException("invalid protobuf length " + len);
    }
    return (int) len;
  }

  private byte[] readBytes(int len) throws IOException {
    if (in instanceof KnownLength && in.available() < len) {
      throw new EOFException("protobuf field of " + len + " bytes, only " + in.available() + " left");
    }
    byte[] b = in.readNBytes(len);
    if (b.length != len) {
      throw new EOFException("protobuf field of " + len + " bytes, only " + b.length + " left");
    }
    return b;
  }

  private void skip(long n) throws IOException {
    long left = n;
    while (left > 0) {
      long s = in.skip(left);
      if (s <= 0) {
        if (in.read() < 0) {
          throw new EOFException("protobuf message ends inside a field");
        }
        s = 1;
      }
      left -= s;
    }
  }

  private int next() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("protobuf message ends inside a varint");
    }
    return b;
  }
}
