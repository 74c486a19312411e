package dev.trainyard.ps;

import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.PsClientOptions;
import dev.trainyard.ps.server.PsServer;
import dev.trainyard.ps.server.PsServerConfig;
import dev.trainyard.rpc.auth.ClusterSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * In-process shards on loopback ephemeral ports (real gRPC) and a client over them; closes both.
 * Every test shard (in process or a {@link ShardProcess}) requires {@link #SECRET}.
 */
public final class PsFixture implements AutoCloseable {
  /** The cluster secret of every test shard. */
  public static final ClusterSecret SECRET = ClusterSecret.of("ps-test-cluster-secret");

  public final List<PsServer> servers = new ArrayList<>();
  public final PsClient client;

  private PsFixture(List<PsServerConfig> configs, PsClientOptions options) {
    try {
      for (PsServerConfig c : configs) {
        servers.add(PsServer.start(c));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client = PsClient.connect(servers.stream().map(PsServer::address).toList(), options);
  }

  /** A shard on a free loopback port requiring {@link #SECRET}. */
  public static PsServerConfig config() {
    return PsServerConfig.of("127.0.0.1", 0, SECRET);
  }

  /** Default client options with {@link #SECRET}. */
  public static PsClientOptions options() {
    return PsClientOptions.defaults(SECRET);
  }

  /** {@code shards} shards without checkpoints, default client options. */
  public static PsFixture start(int shards) {
    return start(shards, options());
  }

  public static PsFixture start(int shards, PsClientOptions options) {
    List<PsServerConfig> configs = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      configs.add(config());
    }
    return new PsFixture(configs, options);
  }

  public static PsFixture start(List<PsServerConfig> configs, PsClientOptions options) {
    return new PsFixture(configs, options);
  }

  @Override
  public void close() throws InterruptedException {
    client.close();
    for (PsServer s : servers) {
      s.shutdown();
    }
    for (PsServer s : servers) {
      if (!s.awaitTermination(Duration.ofSeconds(5))) {
        s.shutdownNow();
      }
    }
  }
}
