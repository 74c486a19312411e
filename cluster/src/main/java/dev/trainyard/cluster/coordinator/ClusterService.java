package dev.trainyard.cluster.coordinator;

import com.google.protobuf.ByteString;
import dev.trainyard.cluster.data.DatasetRepository;
import dev.trainyard.rpc.v1.ClusterGrpc;
import dev.trainyard.rpc.v1.DatasetChunk;
import dev.trainyard.rpc.v1.DeregisterReply;
import dev.trainyard.rpc.v1.DeregisterRequest;
import dev.trainyard.rpc.v1.FetchDatasetRequest;
import dev.trainyard.rpc.v1.HeartbeatReply;
import dev.trainyard.rpc.v1.HeartbeatRequest;
import dev.trainyard.rpc.v1.ListShardsReply;
import dev.trainyard.rpc.v1.ListShardsRequest;
import dev.trainyard.rpc.v1.MemberKind;
import dev.trainyard.rpc.v1.RegisterReply;
import dev.trainyard.rpc.v1.RegisterRequest;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The coordinator's gRPC {@code Cluster} service (rpc/cluster.proto): membership and heartbeats
 * into the {@link MemberRegistry}, the queue's URL for joining workers, and dataset files streamed
 * by content hash in 1 MiB chunks (the server compresses responses with gzip). It trusts its
 * callers: {@link ClusterServer} lets only those with the cluster secret reach it. The queue URL
 * it hands out may hold the Redis password ({@code redis://:PASSWORD@HOST}), which members need.
 */
public final class ClusterService extends ClusterGrpc.ClusterImplBase {
  private static final int CHUNK = 1 << 20;
  private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,200}");

  private final MemberRegistry registry;
  private final DatasetRepository datasets;
  private final String queueUrl;

  public ClusterService(MemberRegistry registry, DatasetRepository datasets, String queueUrl) {
    this.registry = registry;
    this.datasets = datasets;
    this.queueUrl = queueUrl;
  }

  @Override
  public void register(RegisterRequest req, StreamObserver<RegisterReply> out) {
    if (!ID.matcher(req.getMemberId()).matches()) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("member_id must be 1 to 200 characters of letters, digits,"
          + " '.', '_', ':' or '-', was \"" + req.getMemberId() + "\"").asRuntimeException());
      return;
    }
    if (req.getKind() == MemberKind.PS_SHARD && req.getAddress().isBlank()) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("a PS shard must give its address (host:port)")
          .asRuntimeException());
      return;
    }
    String kind = req.getKind() == MemberKind.PS_SHARD ? "ps" : "worker";
    registry.register(req.getMemberId(), kind, req.getHost(), req.getSlots(), req.getAddress());
    out.onNext(RegisterReply.newBuilder().setHeartbeatIntervalMillis(registry.interval().toMillis())
        .setHeartbeatTimeoutMillis(registry.timeout().toMillis()).setQueueUrl(queueUrl).build());
    out.onCompleted();
  }

  @Override
  public void heartbeat(HeartbeatRequest req, StreamObserver<HeartbeatReply> out) {
    boolean known = registry.heartbeat(req.getMemberId(), req.getRunningList(), req.getTasksDone());
    out.onNext(HeartbeatReply.newBuilder().setKnown(known).build());
    out.onCompleted();
  }

  @Override
  public void deregister(DeregisterRequest req, StreamObserver<DeregisterReply> out) {
    registry.deregister(req.getMemberId());
    out.onNext(DeregisterReply.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void listShards(ListShardsRequest req, StreamObserver<ListShardsReply> out) {
    out.onNext(ListShardsReply.newBuilder().addAllAddresses(registry.liveShards()).build());
    out.onCompleted();
  }

  @Override
  public void fetchDataset(FetchDatasetRequest req, StreamObserver<DatasetChunk> out) {
    if (!req.getSha256().matches("[0-9a-f]{64}")) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("sha256 must be 64 lower-case hex digits, was \""
          + req.getSha256() + "\"").asRuntimeException());
      return;
    }
    Optional<Path> file = datasets.fileByHash(req.getSha256());
    if (file.isEmpty()) {
      out.onError(Status.NOT_FOUND.withDescription("no dataset with sha256 " + req.getSha256()).asRuntimeException());
      return;
    }
    ServerCallStreamObserver<DatasetChunk> call = (ServerCallStreamObserver<DatasetChunk>) out;
    call.setCompression("gzip");
    try (InputStream in = Files.newInputStream(file.get())) {
      long size = Files.size(file.get());
      byte[] buf = new byte[CHUNK];
      long sent = 0;
      do {
        int n = in.readNBytes(buf, 0, CHUNK);
        sent += n;
        if (call.isCancelled()) {
          return;
        }
        out.onNext(DatasetChunk.newBuilder().setData(ByteString.copyFrom(buf, 0, n)).setSize(size)
            .setLast(sent >= size).build());
      } while (sent < size);
      out.onCompleted();
    } catch (IOException e) {
      out.onError(Status.INTERNAL.withDescription("cannot read the dataset file: " + e.getMessage()).asRuntimeException());
    }
  }
}
