package dev.trainyard.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.cluster.data.DatasetRepository;
import dev.trainyard.cluster.job.JobService;
import dev.trainyard.cluster.job.JobSpec;
import dev.trainyard.cluster.store.JobRecord;
import dev.trainyard.cluster.store.StoreUnavailableException;
import dev.trainyard.server.store.JdbcJobStore;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SPEC_PATH = "/api/v1/jobs";

  @TempDir Path dir;

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    return JSON.readTree(r.body());
  }

  @Test
  void healthAndReadinessAnswerOk() throws Exception {
    try (ApiFixture api = ApiFixture.start(dir)) {
      assertThat(json(api.get("/healthz", null)).get("status").asText()).isEqualTo("ok");
      assertThat(api.get("/readyz", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void readinessIs503WhenTheStoreDoesNotAnswer() throws Exception {
    try (ApiFixture api = ApiFixture.start(dir)) {
      api.store.close();

      HttpResponse<String> r = api.get("/readyz", null);

      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(json(r).get("status").asText()).isEqualTo("unavailable");
    }
  }

  @Test
  void anUnknownRouteIs404AndAWrongMethod405BothAsJson() throws Exception {
    try (ApiFixture api = ApiFixture.start(dir)) {
      HttpResponse<String> missing = api.get("/api/v1/nothing", "ada");
      HttpResponse<String> method = api.send(api.request("/api/v1/jobs", "ada").DELETE().build());

      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(json(missing).get("error").asText()).isEqualTo("no such endpoint: GET /api/v1/nothing");
      assertThat(method.statusCode()).isEqualTo(405);
      assertThat(json(method).get("error").asText()).isEqualTo("method DELETE is not allowed on /api/v1/jobs");
    }
  }

  @Test
  void aRequestJettyRefusesItselfIsAnsweredAsJsonToo() throws Exception {
    try (ApiFixture api = ApiFixture.start(dir); Socket s = new Socket("127.0.0.1", api.server.port())) {
      s.getOutputStream().write("GET /api/v1/jobs/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 400").contains("Content-Type: application/json")
          .contains("{\"error\":").doesNotContain("<html").doesNotContain("Exception");
    }
  }

  @Test
  void aMalformedUserNameIs400() throws Exception {
    try (ApiFixture api = ApiFixture.start(dir)) {
      HttpResponse<String> r = api.post("/api/v1/users", "admin",
          "{\"name\": \"ada lovelace\", \"password\": \"long-enough-1\"}");

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(json(r).get("error").asText())
          .isEqualTo("user name must be 1 to 64 of A-Z, a-z, 0-9, '.', '_' or '-', was 'ada lovelace'");
    }
  }

  @Test
  void withoutCredentialsEveryApiCallIs401AsJsonAndNothingIsStored() throws Exception {
    try (ApiFixture api = ApiFixture.start(dir)) {
      HttpResponse<String> upload = api.post("/api/v1/datasets?name=a.csv", null, BodyPublishers.ofString("a\n1\n"));
      HttpResponse<String> list = api.get("/api/v1/jobs", null);
      HttpResponse<String> unknown = api.get("/api/v1/nothing", null);
      HttpResponse<String> badToken = api.send(api.request("/api/v1/jobs", null)
          .header("Authorization", "Bearer ty_0123456789abcdef_notarealsecretnotarealsecret").GET().build());

      for (HttpResponse<String> r : java.util.List.of(upload, list, unknown, badToken)) {
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
            "application/json"));
      }
      assertThat(json(list).get("error").asText())
          .isEqualTo("authentication required: log in, or send 'Authorization: Bearer <token>'");
      assertThat(json(badToken).get("error").asText()).isEqualTo("the API token is unknown, expired or revoked");
      assertThat(api.store.datasets(java.util.Optional.empty())).isEmpty();
    }
  }

  @Test
  void anUnexpectedFailureIs500WithoutDetailsAndAStoreOutage503() throws Exception {
    try (JdbcJobStore store = JdbcJobStore.openH2File(dir)) {
      JobService broken = new JobService() {
        @Override
        public JobRecord submit(String owner, JobSpec spec) {
          throw new IllegalStateException("secret internals at line 42");
        }

        @Override
        public JobRecord cancel(String jobId) {
          throw new StoreUnavailableException("connection refused", null);
        }
      };
      var auth = new dev.trainyard.server.auth.AuthService(store.auth(), ApiFixture.CLOCK, 4);
      auth.bootstrapAdmin(java.util.Optional.of("admin-password"));
      String token = "Bearer " + auth.createToken("admin", "t", java.util.Optional.empty(), "admin", "").plaintext();
      ApiServer server = ApiServer.start(ApiConfig.builder(broken, store,
          new DatasetRepository(store, dir, 1000, ApiFixture.CLOCK)).auth(auth).port(0)
          .clusterStatus(() -> Map.of("workers", 3)).build());
      try {
        store.insertDataset(new dev.trainyard.cluster.store.DatasetRecord("ds-1", "admin", "d.csv", "0".repeat(64), 1,
            "csv", ApiFixture.CLOCK.instant()));
        store.insertJob(JobRecord.queued("job-1", "admin", "random-forest", "ds-1", "normal", "{}",
            ApiFixture.CLOCK.instant()));
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port();
        HttpResponse<String> internal = http.send(HttpRequest.newBuilder(URI.create(base + SPEC_PATH))
            .header("Authorization", token).POST(BodyPublishers.ofString("{\"dataset\": \"ds-1\", \"algorithm\": \"random-forest\"}")).build(),
            BodyHandlers.ofString());
        HttpResponse<String> outage = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/job-1/cancel"))
            .header("Authorization", token).POST(BodyPublishers.noBody()).build(), BodyHandlers.ofString());
        HttpResponse<String> cluster = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/cluster"))
            .header("Authorization", token).build(),
            BodyHandlers.ofString());

        assertThat(internal.statusCode()).isEqualTo(500);
        assertThat(internal.body()).isEqualTo("{\"error\":\"internal error\",\"details\":[]}");
        assertThat(outage.statusCode()).isEqualTo(503);
        assertThat(json(outage).get("error").asText()).isEqualTo("the job store is unavailable; try again shortly");
        assertThat(json(cluster).get("workers").asInt()).isEqualTo(3);
      } finally {
        server.stop();
      }
    }
  }
}
