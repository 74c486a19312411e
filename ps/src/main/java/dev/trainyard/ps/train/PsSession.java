package dev.trainyard.app.cli;

import dev.trainyard.common.Executors2;
import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.PsClientOptions;
import dev.trainyard.ps.server.PsServer;
import dev.trainyard.ps.server.PsServerConfig;
import dev.trainyard.ps.train.PsSettings;
import dev.trainyard.ps.train.PsTrainerSource;
import dev.trainyard.ps.train.PsVectors;
import dev.trainyard.ps.train.RetryPolicy;
import dev.trainyard.rpc.v1.Consistency;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;

/**
 * The parameter-server side of one {@code train} run: in-process shards it started (if any), the
 * client, and the worker threads. Closing stops them in reverse order.
 */
final class PsSession implements AutoCloseable {
  private final List<PsServer> servers = new ArrayList<>();
  private final PsClient client;
  private final ExecutorService workers;
  private final PsTrainerSource trainers;

  PsSession(PsOptions options) {
    int start = options.shardsToStart();
    List<String> targets = new ArrayList<>(options.shards);
    try {
      for (int i = 0; i < start; i++) {
        PsServer s = PsServer.start(PsServerConfig.of("127.0.0.1", 0));
        servers.add(s);
        targets.add(s.address());
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot start an in-process PS shard: " + e.getMessage(), e);
    }
    int w = options.workers();
    String consistency = options.consistency();
    this.client = PsClient.connect(targets, PsClientOptions.defaults().withGzip(options.gzip));
    this.workers = Executors2.fixed(w, "ps-worker");
    Consistency c = Consistency.valueOf(consistency.toUpperCase(Locale.ROOT));
    String description = w + " workers, " + targets.size() + " shards" + (start > 0 ? " in-process" : "") + ", "
        + consistency + (c == Consistency.SSP ? " s=" + options.staleness() : "");
    this.trainers = new PsTrainerSource(new PsSettings(w, new PsVectors(client, c, options.staleness(),
        RetryPolicy.of(Duration.ofSeconds(60), Duration.ofMillis(200))), workers, description));
  }

  PsTrainerSource trainers() {
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
