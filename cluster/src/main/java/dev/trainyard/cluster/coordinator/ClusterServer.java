package dev.trainyard.cluster.coordinator;

import dev.trainyard.rpc.auth.ClusterSecret;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's gRPC endpoint serving {@link ClusterService} to members that carry the cluster
 * secret: every other call (register, heartbeat, dataset fetch, ...) fails with UNAUTHENTICATED
 * before the service sees it. Stop with {@link #stop}.
 */
public final class ClusterServer implements AutoCloseable {
  private final Server server;

  private ClusterServer(Server server) {
    this.server = server;
  }

  public static ClusterServer start(String host, int port, ClusterService service, ClusterSecret secret)
      throws IOException {
    return new ClusterServer(NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .addService(ServerInterceptors.intercept(service, secret.serverInterceptor())).build().start());
  }

  public int port() {
    return server.getPort();
  }

  /** Graceful: running calls get {@code grace} to finish, then are cancelled. */
  public void stop(Duration grace) {
    server.shutdown();
    try {
      if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(5));
  }
}
