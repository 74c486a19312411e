package dev.trainyard.server.api;

import dev.trainyard.cluster.data.DatasetRepository;
import dev.trainyard.cluster.store.JobStore;
import dev.trainyard.server.store.JdbcJobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import dev.trainyard.server.auth.AuthService;
import dev.trainyard.server.auth.Role;

/**
 * A real API server on an ephemeral loopback port over an H2 store in {@code dataDir}, with the
 * {@link TestJobService} scaffolding and a small HTTP client; for API and CLI tests. Close it.
 */
public final class ApiFixture implements AutoCloseable {
  public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

  public final Path dataDir;
  public final JobStore store;
  public final DatasetRepository datasets;
  public final TestJobService jobs;
  public final ApiServer server;
  public final AuthService auth;
  /** The bootstrap admin's password. */
  public static final String ADMIN_PASSWORD = "admin-password-1";
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Runnable closeStore;

  private ApiFixture(Path dataDir, long maxUpload) {
    this(dataDir, maxUpload, JdbcJobStore.openH2File(dataDir), null);
  }

  private ApiFixture(Path dataDir, long maxUpload, JdbcJobStore jdbc, Runnable closeStore) {
    this.dataDir = dataDir;
    this.store = jdbc;
    this.closeStore = closeStore == null ? jdbc::close : closeStore;
    this.datasets = new DatasetRepository(store, dataDir, maxUpload, CLOCK);
    this.jobs = new TestJobService(store, CLOCK);
    // bcrypt cost 4: the hashing is real, only cheaper than production's
    this.auth = new AuthService(((JdbcJobStore) store).auth(), Clock.systemUTC(), 4);
    auth.bootstrapAdmin(Optional.of(ADMIN_PASSWORD));
    this.server = ApiServer.start(ApiConfig.builder(jobs, store, datasets).auth(auth).port(0).maxUploadBytes(maxUpload)
        .clock(CLOCK).eventPollInterval(Duration.ofMillis(20)).heartbeatInterval(Duration.ofMillis(200)).build());
  }

  public static ApiFixture start(Path dataDir) {
    return new ApiFixture(dataDir, 1 << 20);
  }

  /** The same fixture on a fresh schema of the test PostgreSQL (skipped without one, outside CI). */
  public static ApiFixture startOnPostgres(Path dataDir) {
    dev.trainyard.server.store.TestPostgres pg = dev.trainyard.server.store.TestPostgres.open();
    return new ApiFixture(dataDir, 1 << 20, pg.store, pg::close);
  }

  public static ApiFixture start(Path dataDir, long maxUpload) {
    return new ApiFixture(dataDir, maxUpload);
  }

  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /**
   * A request authenticated with {@code user}'s API token (none when user is null); a user that does not
   * exist yet is created as a researcher ({@code admin} is the bootstrap admin).
   */
  public HttpRequest.Builder request(String path, String user) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(20));
    return user == null ? b : b.header("Authorization", "Bearer " + token(user));
  }

  /** Creates a user with this role (password: name + "-password") unless it exists. */
  public void user(String name, Role role) {
    if (auth.store().user(name).isEmpty()) {
      auth.createUser(name, name + "-password", role, "test", "test");
    }
  }

  /** An API token of the user, created (with the user, as researcher) on first use. */
  public String token(String user) {
    return tokens.computeIfAbsent(user, u -> {
      user(u, Role.RESEARCHER);
      return auth.createToken(u, "test", Optional.empty(), u, "test").plaintext();
    });
  }

  public HttpResponse<String> get(String path, String user) {
    return send(request(path, user).GET().build());
  }

  public HttpResponse<String> post(String path, String user, String json) {
    return send(request(path, user).header("Content-Type", "application/json").POST(BodyPublishers.ofString(json))
        .build());
  }

  public HttpResponse<String> post(String path, String user, BodyPublisher body) {
    return send(request(path, user).POST(body).build());
  }

  public HttpResponse<String> send(HttpRequest r) {
    try {
      return http.send(r, BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Opens a job's event stream; read it line by line. */
  public HttpResponse<InputStream> events(String jobId, String user, String lastEventId) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + "/api/v1/jobs/" + jobId + "/events"))
        .header("Authorization", "Bearer " + token(user)).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    try {
      return http.send(b.GET().build(), BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop();
    closeStore.run();
  }
}
