package dev.trainyard.ps.client;

import dev.trainyard.rpc.auth.ClusterSecret;
import dev.trainyard.rpc.v1.ParameterServerGrpc;
import dev.trainyard.rpc.v1.ParameterServerGrpc.ParameterServerStub;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The channels to the shards, stubs with the per-call deadline and compression, and the fan-out
 * plumbing: calls return futures, {@link #await} joins them and turns the first failure into a
 * {@link PsException}. Thread-safe (channels and stubs are).
 */
final class Shards implements AutoCloseable {
  private static final int MAX_MESSAGE_BYTES = 64 << 20;
  // A window of several chunks keeps a large push streaming instead of waiting for window updates.
  private static final int FLOW_WINDOW_BYTES = 16 << 20;
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
  private final List<String> targets;
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<ParameterServerStub> stubs = new ArrayList<>();
  private final PsClientOptions options;

  Shards(List<String> targets, PsClientOptions options) {
    this.targets = List.copyOf(targets);
    this.options = options;
    for (String t : this.targets) {
      NettyChannelBuilder b = NettyChannelBuilder.forTarget(t).usePlaintext().maxInboundMessageSize(MAX_MESSAGE_BYTES)
          .flowControlWindow(FLOW_WINDOW_BYTES);
      options.secret().ifPresent(s -> b.intercept(s.clientInterceptor()));
      ManagedChannel ch = b.build();
      channels.add(ch);
      ParameterServerStub stub = ParameterServerGrpc.newStub(ch);
      stubs.add(options.gzip() ? stub.withCompression("gzip") : stub);
    }
  }

  int count() {
    return targets.size();
  }

  List<String> targets() {
    return targets;
  }

  /** Shard {@code i}'s stub with a fresh deadline, for one call. */
  ParameterServerStub stub(int i) {
    return stubs.get(i).withDeadlineAfter(options.deadline().toNanos(), TimeUnit.NANOSECONDS);
  }

  /** A call of {@code method} (e.g. one with custom marshallers) on shard {@code i}, with the stub's deadline and options. */
  <Q, R> ClientCall<Q, R> newCall(int i, MethodDescriptor<Q, R> method) {
    ParameterServerStub s = stub(i);
    return s.getChannel().newCall(method, s.getCallOptions());
  }

  /** Starts a unary call on shard {@code i}. */
  <R> CompletableFuture<R> unary(int i, BiConsumer<ParameterServerStub, StreamObserver<R>> call) {
    CompletableFuture<R> f = new CompletableFuture<>();
    call.accept(stub(i), observer(i, f));
    return f;
  }

  /** An observer completing {@code f} with the single reply, or failing it with a {@link PsException}. */
  <R> StreamObserver<R> observer(int shard, CompletableFuture<R> f) {
    return new StreamObserver<>() {
      @Override
      public void onNext(R value) {
        f.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        f.completeExceptionally(translate(shard, t));
      }

      @Override
      public void onCompleted() {
        f.complete(null);
      }
    };
  }

  private PsException translate(int shard, Throwable t) {
    Status s = t instanceof StatusRuntimeException e ? e.getStatus() : Status.fromThrowable(t);
    String description = s.getDescription() != null ? s.getDescription() : s.getCode().toString();
    if (s.getCode() == Status.Code.UNAUTHENTICATED) {
      description += " (" + ClusterSecret.HOW_TO_GIVE + ")";
    }
    return new PsException(s.getCode(), description, targets.get(shard));
  }

  /** Waits for every future; throws the first failure as a {@link PsException}. */
  static <R> List<R> await(List<CompletableFuture<R>> futures) {
    try {
      CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof PsException p) {
        throw p;
      }
      throw e;
    }
    List<R> results = new ArrayList<>(futures.size());
    futures.forEach(f -> results.add(f.join()));
    return results;
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdown);
    try {
      for (ManagedChannel ch : channels) {
        if (!ch.awaitTermination(CLOSE_GRACE.toNanos(), TimeUnit.NANOSECONDS)) {
          ch.shutdownNow();
        }
      }
    } catch (InterruptedException e) {
      channels.forEach(ManagedChannel::shutdownNow);
      Thread.currentThread().interrupt();
    }
  }
}
