package dev.trainyard.rpc.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.rpc.v1.ClusterGrpc;
import dev.trainyard.rpc.v1.DatasetChunk;
import dev.trainyard.rpc.v1.FetchDatasetRequest;
import dev.trainyard.rpc.v1.RegisterReply;
import dev.trainyard.rpc.v1.RegisterRequest;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real server on loopback behind the interceptor: only calls that carry the secret reach the service. */
class ClusterSecretInterceptorTest {
  private static final ClusterSecret SECRET = ClusterSecret.of("the-right-cluster-secret");
  private final AtomicInteger served = new AtomicInteger();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    ClusterGrpc.ClusterImplBase service = new ClusterGrpc.ClusterImplBase() {
      @Override
      public void register(RegisterRequest req, StreamObserver<RegisterReply> out) {
        served.incrementAndGet();
        out.onNext(RegisterReply.newBuilder().setQueueUrl("memory").build());
        out.onCompleted();
      }

      @Override
      public void fetchDataset(FetchDatasetRequest req, StreamObserver<DatasetChunk> out) {
        served.incrementAndGet();
        out.onNext(DatasetChunk.newBuilder().setLast(true).build());
        out.onCompleted();
      }
    };
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(service, SECRET.serverInterceptor())).build().start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private ClusterGrpc.ClusterBlockingStub stub() {
    return ClusterGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static void assertRefused(Runnable call) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(e.getStatus().getDescription()).isEqualTo("missing or wrong cluster secret");
    });
  }

  @Test
  void aCallWithoutTheHeaderIsRefusedBeforeTheServiceSeesIt() {
    assertRefused(() -> stub().register(RegisterRequest.getDefaultInstance()));
    assertRefused(() -> stub().fetchDataset(FetchDatasetRequest.getDefaultInstance()).hasNext());
    assertThat(served).hasValue(0);
  }

  @Test
  void aCallWithAnotherSecretIsRefused() {
    ClusterGrpc.ClusterBlockingStub wrong = stub()
        .withInterceptors(ClusterSecret.of("the-wrong-cluster-secret").clientInterceptor());
    assertRefused(() -> wrong.register(RegisterRequest.getDefaultInstance()));
    assertThat(served).hasValue(0);
  }

  @Test
  void aCallWithTheSecretIsServed() {
    ClusterGrpc.ClusterBlockingStub right = stub().withInterceptors(SECRET.clientInterceptor());
    assertThat(right.register(RegisterRequest.getDefaultInstance()).getQueueUrl()).isEqualTo("memory");
    assertThat(right.fetchDataset(FetchDatasetRequest.getDefaultInstance()).next().getLast()).isTrue();
    assertThat(served).hasValue(2);
  }
}
