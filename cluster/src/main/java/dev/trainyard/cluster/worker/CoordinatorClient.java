package dev.trainyard.cluster.worker;

import dev.trainyard.cluster.task.DataRef;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.NotFoundException;
import dev.trainyard.rpc.auth.ClusterSecret;
import dev.trainyard.rpc.v1.ClusterGrpc;
import dev.trainyard.rpc.v1.DatasetChunk;
import dev.trainyard.rpc.v1.DeregisterRequest;
import dev.trainyard.rpc.v1.FetchDatasetRequest;
import dev.trainyard.rpc.v1.HeartbeatRequest;
import dev.trainyard.rpc.v1.ListShardsRequest;
import dev.trainyard.rpc.v1.MemberKind;
import dev.trainyard.rpc.v1.RegisterReply;
import dev.trainyard.rpc.v1.RegisterRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster member's connection to the coordinator's gRPC {@code Cluster} service: register,
 * heartbeat, deregister, list PS shards, and download dataset files. Every call has a deadline and
 * carries the cluster secret; a call the coordinator refuses for the secret throws
 * {@link MembershipRefusedException} at once (registration does not retry it). Thread-safe.
 */
public final class CoordinatorClient implements AutoCloseable {
  private static final Duration CALL = Duration.ofSeconds(10);
  private static final Duration DOWNLOAD = Duration.ofMinutes(30);

  private final String target;
  private final ManagedChannel channel;
  private final ClusterGrpc.ClusterBlockingStub stub;

  public CoordinatorClient(String hostPort, ClusterSecret secret) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || !hostPort.substring(colon + 1).matches("\\d{1,5}")) {
      throw new InvalidInputException("--coordinator must be HOST:GRPC_PORT, was '" + hostPort + "'");
    }
    this.target = hostPort;
    this.channel = NettyChannelBuilder.forTarget(hostPort).usePlaintext().maxInboundMessageSize(8 << 20)
        .intercept(secret.clientInterceptor()).build();
    this.stub = ClusterGrpc.newBlockingStub(channel);
  }

  public String target() {
    return target;
  }

  private ClusterGrpc.ClusterBlockingStub call() {
    return stub.withDeadlineAfter(CALL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Registers once; {@link MembershipRefusedException} when the coordinator refuses the secret. */
  public RegisterReply register(String id, boolean ps, String host, int slots, String address) {
    try {
      return call().register(RegisterRequest.newBuilder().setMemberId(id)
          .setKind(ps ? MemberKind.PS_SHARD : MemberKind.WORKER).setHost(host).setSlots(slots).setAddress(address)
          .build());
    } catch (StatusRuntimeException e) {
      throw refusedOr(e, ps ? "this PS shard" : "this worker");
    }
  }

  /**
   * Registers, retrying every half second while the coordinator is not reachable yet (it may be
   * starting), for up to {@code patience}; then a NotFoundException naming the coordinator. A
   * refused secret is not retried: {@link MembershipRefusedException} at once.
   */
  public RegisterReply registerPatiently(String id, boolean ps, String host, int slots, String address,
      Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        return register(id, ps, host, slots, address);
      } catch (StatusRuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw new NotFoundException("cannot reach the coordinator at " + target + " for " + patience.toSeconds()
              + " s: " + e.getStatus().getCode() + " (is 'trainyard coordinator' running?)");
        }
        TimeUnit.MILLISECONDS.sleep(500);
      }
    }
  }

  /**
   * False when the coordinator no longer knows this member (it restarted): register again. When
   * the coordinator is unreachable, the channel's reconnect backoff is reset so the next heartbeat
   * reaches a restarted coordinator at once instead of after a growing backoff.
   */
  public boolean heartbeat(String id, List<String> running, long done) {
    try {
      return call().heartbeat(HeartbeatRequest.newBuilder().setMemberId(id).addAllRunning(running).setTasksDone(done)
          .build()).getKnown();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
        channel.resetConnectBackoff();
      }
      throw refusedOr(e, "this member");
    }
  }

  public void deregister(String id) {
    try {
      call().deregister(DeregisterRequest.newBuilder().setMemberId(id).build());
    } catch (StatusRuntimeException e) {
      throw refusedOr(e, "this member");
    }
  }

  public List<String> shards() {
    try {
      return call().listShards(ListShardsRequest.getDefaultInstance()).getAddressesList();
    } catch (StatusRuntimeException e) {
      throw refusedOr(e, "this member");
    }
  }

  private static RuntimeException refusedOr(StatusRuntimeException e, String who) {
    return e.getStatus().getCode() == Status.Code.UNAUTHENTICATED ? new MembershipRefusedException(who) : e;
  }

  /** Downloads a dataset file to {@code to} (overwriting it). */
  public void download(DataRef ref, Path to) {
    try (OutputStream out = Files.newOutputStream(to)) {
      Iterator<DatasetChunk> chunks = stub.withDeadlineAfter(DOWNLOAD.toMillis(), TimeUnit.MILLISECONDS)
          .withCompression("gzip").fetchDataset(FetchDatasetRequest.newBuilder().setSha256(ref.sha256()).build());
      while (chunks.hasNext()) {
        chunks.next().getData().writeTo(out);
      }
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw new NotFoundException("the coordinator has no dataset " + ref.name() + " (" + ref.sha256() + ")");
      }
      throw refusedOr(e, "this member's dataset download");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write the dataset cache file " + to + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      channel.shutdownNow();
    }
  }
}
