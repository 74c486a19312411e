package dev.trainyard.ps.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.rpc.v1.PullDenseReply;
import dev.trainyard.rpc.v1.PushDenseChunk;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.StatusRuntimeException;
import io.grpc.internal.ReadableBuffers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DenseWireTest {
  private static final float[] VALUES = {1.5f, -2.25f, Float.MIN_VALUE, 3e38f, 0f, -0f, 7f};

  private static byte[] drain(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int n = ((Drainable) in).drainTo(out);
    assertThat(n).isEqualTo(out.size());
    return out.toByteArray();
  }

  /** A received gRPC message: gRPC's own stream over split direct buffers, so floats straddle them. */
  private static InputStream received(byte[] message, int split) {
    ByteBuffer a = ByteBuffer.allocateDirect(split).put(message, 0, split).flip();
    ByteBuffer b = ByteBuffer.allocateDirect(message.length - split).put(message, split, message.length - split).flip();
    io.grpc.internal.CompositeReadableBuffer c = new io.grpc.internal.CompositeReadableBuffer();
    c.addBuffer(ReadableBuffers.wrap(a));
    c.addBuffer(ReadableBuffers.wrap(b));
    return ReadableBuffers.openStream(c, true);
  }

  @Test
  void aChunkIsWrittenExactlyAsProtobufWritesIt() throws IOException {
    DenseChunk c = new DenseChunk("w", 3, 10, 20, 2, FloatBlock.of(VALUES, 1, 5));
    InputStream in = DenseWire.CHUNK.stream(c);
    byte[] expected = PushDenseChunk.newBuilder().setTable("w").setWorkerId(3).setFromRow(10).setToRow(20).setOffset(2)
        .setValuesF32Le(Float32.encode(VALUES, 1, 5)).build().toByteArray();
    assertThat(((KnownLength) in).available()).isEqualTo(expected.length);
    assertThat(drain(in)).isEqualTo(expected);
    // defaults omitted, a negative worker as protobuf's ten-byte varint
    assertThat(drain(DenseWire.CHUNK.stream(new DenseChunk("", -1, 0, 0, 0, FloatBlock.of(VALUES, 0, 0)))))
        .isEqualTo(PushDenseChunk.newBuilder().setWorkerId(-1).build().toByteArray());
  }

  @Test
  void pulledValuesAreWrittenExactlyAsProtobufWritesThem() throws IOException {
    assertThat(drain(DenseWire.VALUES.stream(FloatBlock.of(VALUES, 0, VALUES.length))))
        .isEqualTo(PullDenseReply.newBuilder().setValuesF32Le(Float32.encode(VALUES, 0, VALUES.length)).build()
            .toByteArray());
    // plain reads (no drain) give the same bytes
    assertThat(DenseWire.VALUES.stream(FloatBlock.of(VALUES, 0, 3)).readAllBytes())
        .isEqualTo(PullDenseReply.newBuilder().setValuesF32Le(Float32.encode(VALUES, 0, 3)).build().toByteArray());
  }

  @Test
  void aProtobufChunkIsReadFromGrpcBuffersWhateverTheSplit() {
    byte[] message = PushDenseChunk.newBuilder().setTable("table").setWorkerId(1).setFromRow(4).setToRow(9)
        .setOffset(100).setValuesF32Le(Float32.encode(VALUES, 0, VALUES.length)).build().toByteArray();
    for (int split = 1; split < message.length; split++) {
      try (DenseChunk c = DenseWire.CHUNK.parse(received(message, split))) {
        assertThat(c.table()).isEqualTo("table");
        assertThat(c.workerId()).isEqualTo(1);
        assertThat(c.fromRow()).isEqualTo(4);
        assertThat(c.toRow()).isEqualTo(9);
        assertThat(c.offset()).isEqualTo(100);
        assertThat(c.values().count()).isEqualTo(VALUES.length);
        float[] out = new float[VALUES.length + 2];
        c.values().readInto(out, 2);
        assertThat(out).containsExactly(0, 0, 1.5f, -2.25f, Float.MIN_VALUE, 3e38f, 0f, -0f, 7f);
      }
    }
  }

  @Test
  void valuesBeforeOtherFieldsAndUnknownFieldsAreReadFromAnyStream() {
    // values first, then the header, then an unknown field: what another protobuf writer may send
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PushDenseChunk.newBuilder().setValuesF32Le(Float32.encode(VALUES, 0, 2)).build().writeTo(out);
      PushDenseChunk.newBuilder().setTable("t").setOffset(5)
          .setUnknownFields(UnknownFieldSet.newBuilder().addField(99,
              UnknownFieldSet.Field.newBuilder().addVarint(7).addLengthDelimited(ByteString.copyFromUtf8("x")).build()).build())
          .build().writeTo(out);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    for (InputStream in : new InputStream[] {new ByteArrayInputStream(out.toByteArray()), received(out.toByteArray(), 3)}) {
      try (DenseChunk c = DenseWire.CHUNK.parse(in)) {
        assertThat(c.table()).isEqualTo("t");
        assertThat(c.offset()).isEqualTo(5);
        float[] v = new float[2];
        c.values().readInto(v, 0);
        assertThat(v).containsExactly(1.5f, -2.25f);
      }
    }
  }

  @Test
  void aLengthThatIsNotWholeFloatsParsesButIsRefusedByCount() {
    byte[] message = PushDenseChunk.newBuilder().setValuesF32Le(ByteString.copyFrom(new byte[7])).build().toByteArray();
    try (DenseChunk c = DenseWire.CHUNK.parse(received(message, 4))) {
      assertThat(c.values().byteLength()).isEqualTo(7);
      assertThatThrownBy(() -> c.values().count()).isInstanceOf(InvalidInputException.class)
          .hasMessage("float32 values must be a multiple of 4 bytes long, were 7 bytes");
    }
  }

  @Test
  void aTruncatedMessageIsMalformed() {
    byte[] message = PullDenseReply.newBuilder().setValuesF32Le(Float32.encode(VALUES, 0, 4)).build().toByteArray();
    byte[] cut = java.util.Arrays.copyOf(message, message.length - 3);
    assertThatThrownBy(() -> DenseWire.VALUES.parse(new ByteArrayInputStream(cut)))
        .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("Invalid protobuf byte sequence");
  }

  @Test
  void pulledValuesRoundTripThroughGrpcBuffers() throws IOException {
    float[] big = new float[100_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = i * 0.5f - 7;
    }
    byte[] message = drain(DenseWire.VALUES.stream(FloatBlock.of(big, 0, big.length)));
    try (FloatBlock v = DenseWire.VALUES.parse(received(message, 16_385))) {
      float[] out = new float[big.length];
      v.readInto(out, 0);
      assertThat(out).isEqualTo(big);
    }
    assertThat(PullDenseReply.parseFrom(message).getValuesF32Le()).isEqualTo(Float32.encode(big, 0, big.length));
  }
}
