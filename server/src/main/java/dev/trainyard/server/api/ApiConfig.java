package dev.trainyard.server.api;

import dev.trainyard.cluster.data.DatasetRepository;
import dev.trainyard.cluster.job.JobService;
import dev.trainyard.cluster.store.JobStore;
import dev.trainyard.server.auth.AuthService;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the HTTP API needs: where to listen ({@code port} 0 picks a free one), the job service, the
 * store, the dataset repository, the upload limit in bytes, the clock, an optional cluster status
 * supplier for {@code GET /api/v1/cluster}, authentication and access rules, and how often an event
 * stream polls the store and sends a heartbeat. Immutable; build with {@link #builder}.
 */
public record ApiConfig(
    String host,
    int port,
    JobService jobs,
    JobStore store,
    DatasetRepository datasets,
    long maxUploadBytes,
    Clock clock,
    Supplier<Map<String, Object>> clusterStatus,
    Authenticator auth,
    Access access,
    Duration eventPollInterval,
    Duration heartbeatInterval) {

  public ApiConfig {
    Objects.requireNonNull(host, "host");
    dev.trainyard.common.Check.between("port", port, 0, 65535);
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(datasets, "datasets");
    if (maxUploadBytes < 1) {
      throw new IllegalArgumentException("maxUploadBytes must be at least 1, was " + maxUploadBytes);
    }
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(clusterStatus, "clusterStatus");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(access, "access");
    requirePositive(eventPollInterval, "eventPollInterval");
    requirePositive(heartbeatInterval, "heartbeatInterval");
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  /** Who a request comes from (the same object as {@link #auth()}). */
  public CallerResolver callers() {
    return auth;
  }

  /** A builder with the defaults: 127.0.0.1:8080, 2 GiB uploads, system clock, no cluster status. */
  public static Builder builder(JobService jobs, JobStore store, DatasetRepository datasets) {
    return new Builder(jobs, store, datasets);
  }

  /** Builds an {@link ApiConfig}; not thread-safe. */
  public static final class Builder {
    private final JobService jobs;
    private final JobStore store;
    private final DatasetRepository datasets;
    private String host = "127.0.0.1";
    private int port = 8080;
    private long maxUploadBytes = DatasetRepository.DEFAULT_MAX_BYTES;
    private Clock clock = Clock.systemUTC();
    private Supplier<Map<String, Object>> clusterStatus = Map::of;
    private AuthService authService;
    private Duration eventPollInterval = Duration.ofMillis(200);
    private Duration heartbeatInterval = Duration.ofSeconds(15);

    private Builder(JobService jobs, JobStore store, DatasetRepository datasets) {
      this.jobs = jobs;
      this.store = store;
      this.datasets = datasets;
    }

    public Builder host(String h) {
      this.host = h;
      return this;
    }

    public Builder port(int p) {
      this.port = p;
      return this;
    }

    /** The largest accepted upload; keep it equal to the dataset repository's limit. */
    public Builder maxUploadBytes(long bytes) {
      this.maxUploadBytes = bytes;
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    public Builder clusterStatus(Supplier<Map<String, Object>> s) {
      this.clusterStatus = s;
      return this;
    }

    /** Users, sessions and tokens; required. */
    public Builder auth(AuthService a) {
      this.authService = a;
      return this;
    }

    public Builder eventPollInterval(Duration d) {
      this.eventPollInterval = d;
      return this;
    }

    public Builder heartbeatInterval(Duration d) {
      this.heartbeatInterval = d;
      return this;
    }

    public ApiConfig build() {
      Objects.requireNonNull(authService, "auth");
      return new ApiConfig(host, port, jobs, store, datasets, maxUploadBytes, clock, clusterStatus,
          new Authenticator(authService), new Access(store, authService.store()), eventPollInterval,
          heartbeatInterval);
    }
  }
}
