package dev.trainyard.ps.train;

import dev.trainyard.common.Executors2;
import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.PsClientOptions;
import dev.trainyard.ps.server.PsServer;
import dev.trainyard.ps.server.PsServerConfig;
import dev.trainyard.rpc.auth.ClusterSecret;
import dev.trainyard.rpc.v1.Consistency;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;

/**
 * The parameter-server side of one training run: in-process shards it started (if any), the
 * client, and the worker threads. Closing stops them in reverse order. Not thread-safe to close
 * twice concurrently; its trainers are used by one experiment at a time.
 */
public final class PsSession implements AutoCloseable {
  private final List<PsServer> servers = new ArrayList<>();
  private final PsClient client;
  private final ExecutorService workers;
  private final PsTrainerSource trainers;

  /**
   * @param workerCount data-parallel workers (threads), at least 1
   * @param shards running shards (host:port), or empty to start {@code shardsToStart} in-process
   * @param consistency bsp, ssp or asp (validated by the caller)
   * @param secret the cluster secret: sent to the running shards, required by the in-process ones
   */
  public PsSession(int workerCount, List<String> shards, int shardsToStart, String consistency, int staleness,
      boolean gzip, ClusterSecret secret) {
    int start = shardsToStart;
    List<String> targets = new ArrayList<>(shards);
    try {
      for (int i = 0; i < start; i++) {
        PsServer s = PsServer.start(PsServerConfig.of("127.0.0.1", 0, secret));
        servers.add(s);
        targets.add(s.address());
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot start an in-process PS shard: " + e.getMessage(), e);
    }
    int w = workerCount;
    this.client = PsClient.connect(targets, PsClientOptions.defaults(secret).withGzip(gzip));
    this.workers = Executors2.fixed(w, "ps-worker");
    Consistency c = Consistency.valueOf(consistency.toUpperCase(Locale.ROOT));
    String description = w + " workers, " + targets.size() + " shards" + (start > 0 ? " in-process" : "") + ", "
        + consistency + (c == Consistency.SSP ? " s=" + staleness : "");
    this.trainers = new PsTrainerSource(new PsSettings(w, new PsVectors(client, c, staleness,
        RetryPolicy.of(Duration.ofSeconds(60), Duration.ofMillis(200))), workers, description));
  }

  public PsTrainerSource trainers() {
    return trainers;
  }

  @Override
  public void close() {
    if (workers != null) {
      workers.shutdownNow();
    }
    if (client != null) {
      client.close();
    }
    for (PsServer s : servers) {
      try {
        s.shutdown().awaitTermination(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
