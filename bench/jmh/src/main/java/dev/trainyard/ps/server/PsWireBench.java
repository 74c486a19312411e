package dev.trainyard.ps.server;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.trainyard.ps.client.PsClientOptions;
import dev.trainyard.ps.wire.DenseChunk;
import dev.trainyard.ps.wire.DenseWire;
import dev.trainyard.ps.wire.Float32;
import dev.trainyard.ps.wire.FloatBlock;
import dev.trainyard.rpc.v1.Consistency;
import dev.trainyard.rpc.v1.CreateTableRequest;
import dev.trainyard.rpc.v1.DenseShape;
import dev.trainyard.rpc.v1.PullSparseReply;
import dev.trainyard.rpc.v1.PushDenseChunk;
import dev.trainyard.rpc.v1.PushReply;
import dev.trainyard.rpc.v1.PushSparseChunk;
import dev.trainyard.rpc.v1.RegisterWorkerRequest;
import dev.trainyard.rpc.v1.SparseShape;
import io.grpc.Drainable;
import io.grpc.internal.ReadableBuffers;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The parameter server's per-message work without the network: float32 wire encoding and decoding
 * of one push chunk ({@link PsClientOptions#DEFAULT_CHUNK_FLOATS} floats, 1 MiB), protobuf
 * serialization and parsing of that chunk next to {@link DenseWire}'s (what the client and shards
 * use: values written from and read into float arrays without protobuf's copies; the parse reads
 * from a direct buffer through gRPC's own message stream, as a shard does), a whole chunked dense
 * push (4 chunks, 1M floats) assembled, checked and applied by SGD through {@link DensePush}, a sparse push and pull of 10,000
 * keys x 10 floats (ALS factor rows; also the shape of a sparse linear gradient) through
 * {@link SparsePush} and {@link SparseTable}, the dense push's apply and finiteness steps alone, and checkpoint IO of 1M floats ({@link FloatIO}).
 * Lives in the server package to reach those package-private classes. Divide a time by the floats
 * it moves for ns per float (or by the bytes for GB/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PsWireBench {
  static final int CHUNK = PsClientOptions.DEFAULT_CHUNK_FLOATS;
  static final int DENSE_ROWS = 100_000;
  static final int DENSE_COLS = 10;
  static final int SPARSE_KEYS = 10_000;
  static final int SPARSE_DIM = 10;
  static final long KEY_SPACE = 1_000_000;

  float[] chunkValues;
  float[] decoded;
  ByteString chunkBytes;
  byte[] chunkMessage;
  List<DenseChunk> densePush;
  ByteBuffer chunkDirect;
  final ByteSink bytesSink = new ByteSink(CHUNK * Float.BYTES + 64);
  List<PushSparseChunk> sparsePush;
  long[] sparseKeys;
  ShardState state;
  SparseTable sparse;
  float[] checkpointValues;
  /** A 1M-float gradient small enough to apply any number of times. */
  float[] checkpointValuesScaled;
  byte[] checkpointBytes;
  final ByteArrayOutputStream checkpointOut = new ByteArrayOutputStream(8 << 20);
  final Sink sink = new Sink();

  /** The reply side of a push; a rejected push fails the benchmark instead of passing silently. */
  static final class Sink implements StreamObserver<PushReply> {
    long step;

    @Override
    public void onNext(PushReply r) {
      step = r.getStep();
    }

    @Override
    public void onError(Throwable t) {
      throw new IllegalStateException("push rejected: " + t.getMessage(), t);
    }

    @Override
    public void onCompleted() {}
  }

  /** An output stream that keeps the bytes in one reused array, like a transport buffer. */
  static final class ByteSink extends java.io.OutputStream {
    final byte[] buf;
    int size;

    ByteSink(int capacity) {
      buf = new byte[capacity];
    }

    @Override
    public void write(int b) {
      buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      System.arraycopy(b, off, buf, size, len);
      size += len;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rng = new SplittableRandom(42);
    chunkValues = gaussian(CHUNK, rng);
    decoded = new float[CHUNK];
    chunkBytes = Float32.encode(chunkValues, 0, CHUNK);
    chunkMessage = denseChunk(0, 0, DENSE_ROWS, chunkValues, 0, CHUNK).toByteArray();
    chunkDirect = ByteBuffer.allocateDirect(chunkMessage.length);
    chunkDirect.put(chunkMessage).flip();

    state = new ShardState();
    state.register(RegisterWorkerRequest.newBuilder().setJobId("job").setWorkerId(0).setNumWorkers(1)
        .setConsistency(Consistency.ASP).build());
    state.create(CreateTableRequest.newBuilder().setName("dense").setJobId("job")
        .setDense(DenseShape.newBuilder().setRows(DENSE_ROWS).setCols(DENSE_COLS).setRowBegin(0).setRowEnd(DENSE_ROWS))
        .build());
    state.create(CreateTableRequest.newBuilder().setName("sparse").setJobId("job")
        .setSparse(SparseShape.newBuilder().setDim(SPARSE_DIM).setKeyBegin(0).setKeyEnd(KEY_SPACE)).build());
    sparse = state.sparse("sparse");

    // a 1M-float dense gradient cut into chunks as DenseTransfer.push does
    float[] grad = gaussian(DENSE_ROWS * DENSE_COLS, rng);
    for (int i = 0; i < grad.length; i++) {
      grad[i] *= 1e-6f; // keep the table's values small however many pushes the run applies
    }
    densePush = new ArrayList<>();
    for (int off = 0; off < grad.length; off += CHUNK) {
      densePush.add(new DenseChunk("dense", 0, 0, DENSE_ROWS, off, FloatBlock.of(grad, off, Math.min(CHUNK, grad.length - off))));
    }

    sparseKeys = distinctKeys(SPARSE_KEYS, rng);
    float[] rows = gaussian(SPARSE_KEYS * SPARSE_DIM, rng);
    for (int i = 0; i < rows.length; i++) {
      rows[i] *= 1e-6f;
    }
    sparsePush = new ArrayList<>();
    int keysPerChunk = CHUNK / SPARSE_DIM;
    for (int a = 0; a < SPARSE_KEYS; a += keysPerChunk) {
      int end = Math.min(SPARSE_KEYS, a + keysPerChunk);
      PushSparseChunk.Builder c = PushSparseChunk.newBuilder().setTable("sparse").setWorkerId(0);
      for (int i = a; i < end; i++) {
        c.addKeys(sparseKeys[i]);
      }
      sparsePush.add(c.setValuesF32Le(Float32.encode(rows, a * SPARSE_DIM, (end - a) * SPARSE_DIM)).build());
    }
    sparsePush(); // the keys exist from now on: the measured pushes update, they do not insert

    checkpointValues = gaussian(DENSE_ROWS * DENSE_COLS, rng);
    checkpointValuesScaled = checkpointValues.clone();
    for (int i = 0; i < checkpointValuesScaled.length; i++) {
      checkpointValuesScaled[i] *= 1e-6f;
    }
    try {
      checkpointWrite();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    checkpointBytes = checkpointOut.toByteArray();
  }

  private static float[] gaussian(int n, SplittableRandom rng) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rng.nextGaussian();
    }
    return a;
  }

  private static long[] distinctKeys(int n, SplittableRandom rng) {
    java.util.HashSet<Long> seen = new java.util.HashSet<>();
    long[] keys = new long[n];
    int i = 0;
    while (i < n) {
      long k = rng.nextLong(KEY_SPACE);
      if (seen.add(k)) {
        keys[i++] = k;
      }
    }
    return keys;
  }

  private static PushDenseChunk denseChunk(int offset, long fromRow, long toRow, float[] a, int off, int n) {
    return PushDenseChunk.newBuilder().setTable("dense").setWorkerId(0).setFromRow(fromRow).setToRow(toRow)
        .setOffset(offset).setValuesF32Le(Float32.encode(a, off, n)).build();
  }

  /** 256K floats to little-endian bytes (a fresh 1 MiB array). */
  @Benchmark
  public ByteString float32Encode() {
    return Float32.encode(chunkValues, 0, CHUNK);
  }

  /** 1 MiB of little-endian bytes back to 256K floats. */
  @Benchmark
  public float[] float32Decode() {
    Float32.decode(chunkBytes, decoded, 0);
    return decoded;
  }

  /** One push chunk built with protobuf and serialized (float32 encode, then protobuf's copy). */
  @Benchmark
  public byte[] denseChunkSerialize() {
    return denseChunk(0, 0, DENSE_ROWS, chunkValues, 0, CHUNK).toByteArray();
  }

  /** The same chunk written by {@link DenseWire} into a reused buffer, as gRPC drains it into Netty's. */
  @Benchmark
  public int denseChunkSerializeDenseWire() throws IOException {
    bytesSink.size = 0;
    InputStream in = DenseWire.CHUNK.stream(
        new DenseChunk("dense", 0, 0, DENSE_ROWS, 0, FloatBlock.of(chunkValues, 0, CHUNK)));
    return ((Drainable) in).drainTo(bytesSink);
  }

  /** One push chunk parsed by protobuf from its bytes and its floats decoded (the former shard path). */
  @Benchmark
  public float[] denseChunkParse() throws InvalidProtocolBufferException {
    PushDenseChunk c = PushDenseChunk.parseFrom(chunkMessage);
    Float32.decode(c.getValuesF32Le(), decoded, 0);
    return decoded;
  }

  /**
   * The same chunk parsed by {@link DenseWire} from a direct buffer through gRPC's message stream
   * (detached, read with one copy into the float array), as a shard receives it.
   */
  @Benchmark
  public float[] denseChunkParseDenseWire() {
    InputStream in = ReadableBuffers.openStream(ReadableBuffers.wrap(chunkDirect.duplicate()), true);
    try (DenseChunk c = DenseWire.CHUNK.parse(in)) {
      c.values().readInto(decoded, 0);
    }
    return decoded;
  }

  /** A 1M-float dense push in 4 chunks: checks, assembly, finiteness, SGD on the table. */
  @Benchmark
  public long chunkedDensePush() {
    DensePush push = new DensePush(state, sink);
    for (DenseChunk c : densePush) {
      push.onNext(c);
    }
    push.onCompleted();
    return sink.step;
  }

  /** The apply step alone of that push: SGD over 1M floats of the dense table, under its lock. */
  @Benchmark
  public long denseTableApply() {
    return state.dense("dense").push(0, checkpointValuesScaled);
  }

  /** The finiteness check alone of that push (every pushed float). */
  @Benchmark
  public float[] finitenessCheck() {
    Rejections.requireFinite("dense", checkpointValuesScaled, checkpointValuesScaled.length, DENSE_COLS);
    return checkpointValuesScaled;
  }

  /** A sparse push of 10,000 distinct keys x 10 floats: key checks, distinctness, SGD per row. */
  @Benchmark
  public long sparsePush() {
    SparsePush push = new SparsePush(state, sink);
    for (PushSparseChunk c : sparsePush) {
      push.onNext(c);
    }
    push.onCompleted();
    return sink.step;
  }

  /** A sparse pull of the same 10,000 keys, encoded for the reply. */
  @Benchmark
  public PullSparseReply sparsePull() {
    PullSparseReply.Builder out = PullSparseReply.newBuilder();
    sparse.pull(sparseKeys, out);
    return out.build();
  }

  /** 1M floats written as a checkpoint writes a table (little-endian, 64 KiB buffer). */
  @Benchmark
  public int checkpointWrite() throws IOException {
    checkpointOut.reset();
    DataOutputStream out = new DataOutputStream(checkpointOut);
    FloatIO.writeFloats(out, checkpointValues, 0, checkpointValues.length);
    out.flush();
    return checkpointOut.size();
  }

  /** 1M floats read back as a restore does. */
  @Benchmark
  public float[] checkpointRead() throws IOException {
    float[] a = new float[checkpointValues.length];
    FloatIO.readFloats(new DataInputStream(new ByteArrayInputStream(checkpointBytes)), a, 0, a.length);
    return a;
  }
}
