package dev.trainyard.ps.server;

import dev.trainyard.ps.PsFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.ps.wire.Float32;
import dev.trainyard.rpc.v1.Consistency;
import dev.trainyard.rpc.v1.ClockRequest;
import dev.trainyard.rpc.v1.CheckpointRequest;
import dev.trainyard.rpc.v1.CreateTableRequest;
import dev.trainyard.rpc.v1.DenseShape;
import dev.trainyard.rpc.v1.DropTableRequest;
import dev.trainyard.rpc.v1.OptimizerSpec;
import dev.trainyard.rpc.v1.ParameterServerGrpc;
import dev.trainyard.rpc.v1.PullDenseRequest;
import dev.trainyard.rpc.v1.PullSparseRequest;
import dev.trainyard.rpc.v1.PushDenseChunk;
import dev.trainyard.rpc.v1.PushReply;
import dev.trainyard.rpc.v1.PushSparseChunk;
import dev.trainyard.rpc.v1.RegisterWorkerRequest;
import dev.trainyard.rpc.v1.SparseShape;
import dev.trainyard.rpc.v1.StatsRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every bad request is refused with INVALID_ARGUMENT and a description naming the rule, and changes nothing. */
class RejectionTest {
  private PsServer server;
  private ManagedChannel channel;
  private ParameterServerGrpc.ParameterServerBlockingStub stub;
  private ParameterServerGrpc.ParameterServerStub async;

  @BeforeEach
  void start() throws Exception {
    server = PsServer.start(PsFixture.config());
    channel = NettyChannelBuilder.forTarget(server.address()).usePlaintext()
        .intercept(PsFixture.SECRET.clientInterceptor()).build();
    stub = ParameterServerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    async = ParameterServerGrpc.newStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    stub.createTable(CreateTableRequest.newBuilder().setName("w").setJobId("j")
        .setDense(DenseShape.newBuilder().setRows(10).setCols(2).setRowBegin(0).setRowEnd(5))
        .setOptimizer(OptimizerSpec.newBuilder().setName("sgd")).build());
    stub.createTable(CreateTableRequest.newBuilder().setName("s").setJobId("j")
        .setSparse(SparseShape.newBuilder().setDim(2).setKeyBegin(0).setKeyEnd(100)).build());
    stub.registerWorker(RegisterWorkerRequest.newBuilder().setJobId("j").setWorkerId(0).setNumWorkers(2)
        .setConsistency(Consistency.ASP).build());
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdown().awaitTermination(Duration.ofSeconds(5));
  }

  private static void assertInvalid(ThrowingCallable call, String description) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).isEqualTo(description);
    });
  }

  private PushReply pushDense(PushDenseChunk... chunks) {
    CompletableFuture<PushReply> f = new CompletableFuture<>();
    StreamObserver<PushDenseChunk> s = async.pushDense(observer(f));
    for (PushDenseChunk c : chunks) {
      s.onNext(c);
    }
    s.onCompleted();
    return f.join();
  }

  private PushReply pushSparse(PushSparseChunk... chunks) {
    CompletableFuture<PushReply> f = new CompletableFuture<>();
    StreamObserver<PushSparseChunk> s = async.pushSparse(observer(f));
    for (PushSparseChunk c : chunks) {
      s.onNext(c);
    }
    s.onCompleted();
    return f.join();
  }

  private static <R> StreamObserver<R> observer(CompletableFuture<R> f) {
    return new StreamObserver<>() {
      public void onNext(R v) {
        f.complete(v);
      }

      public void onError(Throwable t) {
        f.completeExceptionally(t);
      }

      public void onCompleted() {}
    };
  }

  private static void assertPushInvalid(ThrowingCallable call, String description) {
    assertThatThrownBy(call).hasCauseInstanceOf(StatusRuntimeException.class).cause()
        .satisfies(c -> {
          Status s = ((StatusRuntimeException) c).getStatus();
          assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(s.getDescription()).isEqualTo(description);
        });
  }

  private static PushDenseChunk.Builder dense(long from, long to, float... values) {
    return PushDenseChunk.newBuilder().setTable("w").setWorkerId(0).setFromRow(from).setToRow(to)
        .setValuesF32Le(Float32.encode(values, 0, values.length));
  }

  private float[] pullAll() {
    float[] out = new float[10];
    Float32.decode(stub.pullDense(PullDenseRequest.newBuilder().setTable("w").setFromRow(0).setToRow(5).build())
        .getValuesF32Le(), out, 0);
    return out;
  }

  @Test
  void anUnknownTableIsRefused() {
    assertInvalid(() -> stub.pullDense(PullDenseRequest.newBuilder().setTable("nope").setFromRow(0).setToRow(1).build()),
        "table 'nope' does not exist on this shard");
    assertInvalid(() -> stub.dropTable(DropTableRequest.newBuilder().setName("nope").build()),
        "table 'nope' does not exist on this shard");
  }

  @Test
  void rowsOutsideTheShardsRangeAreRefused() {
    assertInvalid(() -> stub.pullDense(PullDenseRequest.newBuilder().setTable("w").setFromRow(3).setToRow(6).build()),
        "rows [3, 6) must be a non-empty range within this shard's rows [0, 5) of table 'w'");
    assertPushInvalid(() -> pushDense(dense(5, 6, 1, 1).build()),
        "rows [5, 6) must be a non-empty range within this shard's rows [0, 5) of table 'w'");
  }

  @Test
  void aGradientOfTheWrongSizeIsRefused() {
    assertPushInvalid(() -> pushDense(dense(0, 2, 1, 1, 1).build()),
        "gradient must have (to_row - from_row) * cols = 4 values, had 3");
    assertPushInvalid(() -> pushDense(dense(0, 1, 1, 1, 1).build()),
        "gradient must have (to_row - from_row) * cols = 2 values, had at least 3");
    assertPushInvalid(() -> pushSparse(PushSparseChunk.newBuilder().setTable("s").setWorkerId(0).addKeys(1)
        .setValuesF32Le(Float32.encode(new float[] {1}, 0, 1)).build()), "gradient must have keys * dim = 1 * 2 = 2 values, had 1");
  }

  @Test
  void aNanGradientIsRefusedAndLeavesTheTableUnchanged() {
    float[] before = pullAll();
    assertPushInvalid(() -> pushDense(dense(0, 2, 1, 2).build(), dense(0, 2, 3, Float.NaN).setOffset(2).build()),
        "gradient values must be finite, value 3 (row 1 of the push, col 1) of table 'w' is NaN");
    assertPushInvalid(() -> pushDense(dense(0, 1, Float.POSITIVE_INFINITY, 0).build()),
        "gradient values must be finite, value 0 (row 0 of the push, col 0) of table 'w' is Infinity");
    assertThat(pullAll()).isEqualTo(before);
    assertThat(stub.stats(StatsRequest.getDefaultInstance()).getTables(1).getStep()).isZero();
  }

  @Test
  void aPushFromAnUnregisteredWorkerOrForAnUnknownJobIsRefused() {
    assertPushInvalid(() -> pushDense(dense(0, 1, 1, 1).setWorkerId(1).build()),
        "worker 1 is not registered for job 'j'");
    stub.createTable(CreateTableRequest.newBuilder().setName("other").setJobId("ghost")
        .setDense(DenseShape.newBuilder().setRows(1).setCols(1).setRowBegin(0).setRowEnd(1)).build());
    assertPushInvalid(() -> pushDense(dense(0, 1, 1).setTable("other").build()),
        "job 'ghost' has no registered workers on this shard");
    assertInvalid(() -> stub.clock(ClockRequest.newBuilder().setJobId("ghost").setWorkerId(0).setClock(1).build()),
        "job 'ghost' has no registered workers on this shard");
  }

  @Test
  void sparseKeysOutsideTheRangeOrRepeatedAreRefused() {
    assertInvalid(() -> stub.pullSparse(PullSparseRequest.newBuilder().setTable("s").addKeys(100).build()),
        "key 100 must lie within this shard's keys [0, 100) of table 's'");
    assertPushInvalid(() -> pushSparse(PushSparseChunk.newBuilder().setTable("s").setWorkerId(0).addKeys(4)
        .setValuesF32Le(Float32.encode(new float[] {1, 1}, 0, 2)).build(), PushSparseChunk.newBuilder().setTable("s").setWorkerId(0).addKeys(4)
        .setValuesF32Le(Float32.encode(new float[] {1, 1}, 0, 2)).build()), "keys of a push must be distinct, key 4 appears twice");
  }

  @Test
  void valuesThatAreNotWholeFloat32sAreRefused() {
    assertPushInvalid(() -> pushDense(dense(0, 1).setValuesF32Le(com.google.protobuf.ByteString.copyFrom(new byte[7]))
        .build()), "float32 values must be a multiple of 4 bytes long, were 7 bytes");
  }

  @Test
  void chunksOutOfOrderAreRefused() {
    assertPushInvalid(() -> pushDense(dense(0, 2, 1, 2).build(), dense(0, 2, 3, 4).setOffset(1).build()),
        "chunks of a push must arrive in order: expected offset 2, was 1");
  }

  @Test
  void badTablesWorkersAndClocksAreRefused() {
    assertInvalid(() -> stub.createTable(CreateTableRequest.newBuilder().setName("w").setJobId("j")
        .setDense(DenseShape.newBuilder().setRows(1).setCols(1).setRowBegin(0).setRowEnd(1)).build()),
        "table 'w' already exists on this shard; drop it first");
    assertInvalid(() -> stub.createTable(CreateTableRequest.newBuilder().setName("x").setJobId("j")
        .setDense(DenseShape.newBuilder().setRows(1).setCols(1).setRowBegin(0).setRowEnd(1))
        .setOptimizer(OptimizerSpec.newBuilder().setName("rmsprop")).build()),
        "optimizer must be one of [sgd, momentum, adagrad, adam, ftrl], was 'rmsprop'");
    assertInvalid(() -> stub.registerWorker(RegisterWorkerRequest.newBuilder().setJobId("j").setWorkerId(1)
        .setNumWorkers(3).setConsistency(Consistency.ASP).build()),
        "job 'j' is registered with 2 workers, ASP, staleness 0; a worker asked for 3 workers, ASP, staleness 0");
    stub.clock(ClockRequest.newBuilder().setJobId("j").setWorkerId(0).setClock(2).build());
    assertInvalid(() -> stub.clock(ClockRequest.newBuilder().setJobId("j").setWorkerId(0).setClock(1).build()),
        "clock of worker 0 of job 'j' must not go backwards: is 2, was set to 1");
  }

  @Test
  void aCheckpointWithoutADirectoryIsAFailedPrecondition() {
    assertThatThrownBy(() -> stub.checkpoint(CheckpointRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
          assertThat(e.getStatus().getDescription()).isEqualTo("this shard was started without a checkpoint directory");
        });
  }
}
