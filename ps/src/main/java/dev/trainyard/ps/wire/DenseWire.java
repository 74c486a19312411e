package dev.trainyard.ps.wire;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.trainyard.rpc.v1.ParameterServerGrpc;
import dev.trainyard.rpc.v1.PullDenseRequest;
import dev.trainyard.rpc.v1.PushReply;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import java.io.IOException;
import java.io.InputStream;

/**
 * The dense push and pull methods of {@code ParameterServer} with marshallers that move the
 * float32 values between float arrays and gRPC's transport buffers without protobuf's
 * intermediate copies: a sent message writes its header, then the values straight from the
 * array; a received one reads the header and keeps the values in the transport's buffers until
 * they are read into their destination. The bytes on the wire are exactly the protobuf encoding
 * of {@code PushDenseChunk} and {@code PullDenseReply} (fields in number order, defaults
 * omitted), so peers using the generated stubs interoperate in both directions. Stateless.
 */
public final class DenseWire {
  private static final int VALUES_FIELD_OF_CHUNK = 6;
  private static final int VALUES_FIELD_OF_REPLY = 1;

  /** {@code PushDenseChunk} as a {@link DenseChunk}. */
  public static final Marshaller<DenseChunk> CHUNK = new Marshaller<>() {
    @Override
    public InputStream stream(DenseChunk c) {
      return serialize(c);
    }

    @Override
    public DenseChunk parse(InputStream in) {
      return parseChunk(in);
    }
  };

  /** {@code PullDenseReply} as the {@link FloatBlock} of its values. */
  public static final Marshaller<FloatBlock> VALUES = new Marshaller<>() {
    @Override
    public InputStream stream(FloatBlock values) {
      return new MessageStream(valuesHeader(VALUES_FIELD_OF_REPLY, values.byteLength(), 0), values);
    }

    @Override
    public FloatBlock parse(InputStream in) {
      return parseValues(in);
    }
  };

  /** {@code PushDense} with {@link #CHUNK} requests. */
  public static final MethodDescriptor<DenseChunk, PushReply> PUSH_DENSE = ParameterServerGrpc.getPushDenseMethod()
      .toBuilder(CHUNK, ProtoUtils.marshaller(PushReply.getDefaultInstance())).build();

  /** {@code PullDense} with {@link #VALUES} replies. */
  public static final MethodDescriptor<PullDenseRequest, FloatBlock> PULL_DENSE = ParameterServerGrpc
      .getPullDenseMethod().toBuilder(ProtoUtils.marshaller(PullDenseRequest.getDefaultInstance()), VALUES).build();

  private DenseWire() {}

  static MessageStream serialize(DenseChunk c) {
    int size = 0;
    if (!c.table().isEmpty()) {
      size += CodedOutputStream.computeStringSize(1, c.table());
    }
    if (c.workerId() != 0) {
      size += CodedOutputStream.computeInt32Size(2, c.workerId());
    }
    size += int64Size(3, c.fromRow()) + int64Size(4, c.toRow()) + int64Size(5, c.offset());
    byte[] head = valuesHeader(VALUES_FIELD_OF_CHUNK, c.values().byteLength(), size);
    CodedOutputStream out = CodedOutputStream.newInstance(head);
    try {
      if (!c.table().isEmpty()) {
        out.writeString(1, c.table());
      }
      if (c.workerId() != 0) {
        out.writeInt32(2, c.workerId());
      }
      writeInt64(out, 3, c.fromRow());
      writeInt64(out, 4, c.toRow());
      writeInt64(out, 5, c.offset());
    } catch (IOException e) {
      throw new IllegalStateException("header size miscomputed", e);
    }
    return new MessageStream(head, c.values());
  }

  /**
   * A header array of {@code before} bytes left for the caller to fill, followed by the tag and
   * length of the values field (nothing for no values: proto3 omits empty fields).
   */
  private static byte[] valuesHeader(int field, int valueBytes, int before) {
    if (valueBytes == 0) {
      return new byte[before];
    }
    byte[] head = new byte[before + CodedOutputStream.computeTagSize(field)
        + CodedOutputStream.computeUInt32SizeNoTag(valueBytes)];
    CodedOutputStream out = CodedOutputStream.newInstance(head, before, head.length - before);
    try {
      out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(valueBytes);
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("header size miscomputed", e);
    }
    return head;
  }

  private static int int64Size(int field, long v) {
    return v == 0 ? 0 : CodedOutputStream.computeInt64Size(field, v);
  }

  private static void writeInt64(CodedOutputStream out, int field, long v) throws IOException {
    if (v != 0) {
      out.writeInt64(field, v);
    }
  }

  static DenseChunk parseChunk(InputStream in) {
    WireReader r = new WireReader(in);
    String table = "";
    int worker = 0;
    long from = 0;
    long to = 0;
    long offset = 0;
    FloatBlock values = ReceivedFloats.empty();
    try {
      for (int tag = r.readTag(); tag != 0; tag = r.readTag()) {
        switch (tag) {
          case 1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> table = r.readString();
          case 2 << 3 -> worker = (int) r.readVarint();
          case 3 << 3 -> from = r.readVarint();
          case 4 << 3 -> to = r.readVarint();
          case 5 << 3 -> offset = r.readVarint();
          case VALUES_FIELD_OF_CHUNK << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
            values.close();
            values = r.readFloats();
          }
          default -> r.skipField(tag);
        }
      }
      return new DenseChunk(table, worker, from, to, offset, values);
    } catch (IOException | RuntimeException e) {
      values.close();
      throw malformed(e);
    }
  }

  static FloatBlock parseValues(InputStream in) {
    WireReader r = new WireReader(in);
    FloatBlock values = ReceivedFloats.empty();
    try {
      for (int tag = r.readTag(); tag != 0; tag = r.readTag()) {
        if (tag == (VALUES_FIELD_OF_REPLY << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
          values.close();
          values = r.readFloats();
        } else {
          r.skipField(tag);
        }
      }
      return values;
    } catch (IOException | RuntimeException e) {
      values.close();
      throw malformed(e);
    }
  }

  private static RuntimeException malformed(Exception e) {
    return Status.INTERNAL.withDescription("Invalid protobuf byte sequence: " + e.getMessage()).withCause(e)
        .asRuntimeException();
  }
}
