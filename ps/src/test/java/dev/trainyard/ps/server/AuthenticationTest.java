package dev.trainyard.ps.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.ps.PsFixture;
import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.PsClientOptions;
import dev.trainyard.ps.client.PsException;
import dev.trainyard.ps.client.TableSpec;
import dev.trainyard.rpc.auth.ClusterSecret;
import dev.trainyard.rpc.v1.Consistency;
import dev.trainyard.rpc.v1.DropTableRequest;
import dev.trainyard.rpc.v1.ParameterServerGrpc;
import dev.trainyard.rpc.v1.StatsRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Shards serve only callers with the cluster secret: without it a pull or push is UNAUTHENTICATED and changes nothing. */
class AuthenticationTest {
  private static final String JOB = "job-auth";
  private static final TableSpec DENSE = TableSpec.dense("w", JOB, 6, 2).withOptimizer("sgd", Map.of("learning_rate", 1.0));
  private static final TableSpec SPARSE = TableSpec.sparse("emb", JOB, 0, 100, 2)
      .withOptimizer("sgd", Map.of("learning_rate", 1.0));
  private static final String REFUSED = "missing or wrong cluster secret"
      + " (--cluster-secret / --cluster-secret-file / TRAINYARD_CLUSTER_SECRET)";
  private PsFixture ps;
  private float[] dense;
  private float[] sparse;

  @BeforeEach
  void start() {
    ps = PsFixture.start(2);
    ps.client.createTable(DENSE);
    ps.client.createTable(SPARSE);
    ps.client.registerWorker(JOB, 0, 1, Consistency.ASP, 0);
    ps.client.push("w", 0, 0, 6, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    ps.client.pushSparse("emb", 0, new long[] {3, 77}, new float[] {1, 1, 2, 2});
    dense = pullDense();
    sparse = pullSparse();
  }

  @AfterEach
  void stop() throws Exception {
    ps.close();
  }

  private float[] pullDense() {
    float[] out = new float[12];
    ps.client.pull("w", 0, 6, out);
    return out;
  }

  private float[] pullSparse() {
    float[] out = new float[4];
    ps.client.pullSparse("emb", new long[] {3, 77}, out);
    return out;
  }

  private static void assertRefused(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(PsException.class, e -> {
      assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(e.getMessage()).isEqualTo(REFUSED);
    });
  }

  private void assertAttackerChangesNothing(PsClientOptions options) {
    try (PsClient attacker = PsClient.connect(ps.client.targets(), options)) {
      attacker.attach(DENSE);
      attacker.attach(SPARSE);
      assertRefused(() -> attacker.push("w", 0, 0, 6, new float[12]));
      assertRefused(() -> attacker.pushSparse("emb", 0, new long[] {3}, new float[] {100, 100}));
      assertRefused(() -> attacker.pull("w", 0, 6, new float[12]));
      assertRefused(() -> attacker.pullSparse("emb", new long[] {3}, new float[2]));
      assertRefused(() -> attacker.registerWorker(JOB, 0, 1, Consistency.ASP, 0));
      assertRefused(() -> attacker.dropTable("w"));
      assertRefused(() -> attacker.createTable(TableSpec.dense("x", "other", 4, 1)));
      assertRefused(attacker::checkpoint);
      assertRefused(attacker::stats);
    }
    assertThat(pullDense()).containsExactly(dense);
    assertThat(pullSparse()).containsExactly(sparse);
    assertThat(ps.client.stats()).allSatisfy(s -> assertThat(s.getTablesList()).extracting(t -> t.getName())
        .containsExactlyInAnyOrder("w", "emb"));
  }

  @Test
  void aClientWithoutTheSecretCannotPullOrPushAndTheTablesAreUnchanged() {
    assertAttackerChangesNothing(PsClientOptions.defaults());
  }

  @Test
  void aClientWithAnotherSecretCannotPullOrPushAndTheTablesAreUnchanged() {
    assertAttackerChangesNothing(PsClientOptions.defaults(ClusterSecret.of("not-the-ps-test-secret")));
  }

  @Test
  void aRawGrpcCallWithoutTheHeaderIsUnauthenticated() throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forTarget(ps.client.targets().get(0)).usePlaintext().build();
    try {
      ParameterServerGrpc.ParameterServerBlockingStub raw = ParameterServerGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS);
      for (ThrowingCallable call : List.<ThrowingCallable>of(() -> raw.stats(StatsRequest.getDefaultInstance()),
          () -> raw.dropTable(DropTableRequest.newBuilder().setName("w").build()))) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).isEqualTo("missing or wrong cluster secret");
        });
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    assertThat(pullDense()).containsExactly(dense);
  }
}
