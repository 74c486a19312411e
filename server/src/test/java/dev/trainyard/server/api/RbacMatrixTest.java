package dev.trainyard.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.cluster.job.JobSpecParser;
import dev.trainyard.cluster.store.ModelRecord;
import dev.trainyard.server.auth.AuthStore.Share;
import dev.trainyard.server.auth.Role;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint of the API, as each role, on a resource the caller owns, has been given read-only,
 * or neither: the status is what the access rules say (200/201, 403 for what one sees but may not
 * do, 404 for what one may not see), and 401 without credentials. Every (method, path) of the
 * OpenAPI document must appear in the matrix, so a new endpoint cannot skip it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RbacMatrixTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The callers, in the order of the expected statuses in each row. */
  private static final List<String> CALLERS = List.of("admin", "alice", "bob", "carol", "vic", "val");
  private static final int OK = 200;
  private static final int NEW = 201;
  private static final int DENY = 403;
  private static final int NONE = 404;

  @TempDir static Path dir;
  ApiFixture api;
  String dataset;
  String model = "model-a";
  String job;

  /** One endpoint: how to call it (fresh state per call where the call changes it) and the statuses. */
  record Row(String method, String path, Supplier<String> concretePath, String body, int... expected) {}

  @BeforeAll
  void start() throws Exception {
    api = fixture(dir);
    api.user("alice", Role.RESEARCHER); // owner of everything below
    api.user("bob", Role.RESEARCHER); // another researcher: nothing shared
    api.user("carol", Role.RESEARCHER); // researcher with read-only shares
    api.user("vic", Role.VIEWER); // viewer: nothing shared
    api.user("val", Role.VIEWER); // viewer with read-only shares
    api.user("dave", Role.RESEARCHER); // a grantee for share changes
    Path csv = dir.resolve("iris.csv");
    StringBuilder rowsCsv = new StringBuilder("petal_length,petal_width,label\n");
    for (int i = 0; i < 30; i++) {
      rowsCsv.append(1 + i % 3).append('.').append(i % 10).append(',').append(i % 7).append(",c").append(i % 3)
          .append('\n');
    }
    Files.writeString(csv, rowsCsv);
    dataset = api.datasets.importFile("alice", csv).id();
    job = submitAs("alice");
    api.jobs.succeed(job, Map.of("metrics", Map.of("accuracy", 0.9)), model);
    api.store.insertModel(new ModelRecord(model, "alice", job, "random-forest", saveForest(csv), "{\"accuracy\":0.9}",
        api.auth.now()));
    for (String who : List.of("carol", "val")) {
      api.auth.store().insertShare(new Share(Access.DATASET, dataset, who, "alice", api.auth.now()));
      api.auth.store().insertShare(new Share(Access.MODEL, model, who, "alice", api.auth.now()));
    }
  }

  /** The fixture under test: H2 here, PostgreSQL in the subclass. */
  ApiFixture fixture(Path d) {
    return ApiFixture.start(d);
  }

  /** A real (small) forest on the CSV saved under models/ by its hash, so download and predict work. */
  private String saveForest(Path csv) throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(1);
    try {
      var spec = new dev.trainyard.ml.pipeline.ExperimentSpec("random-forest", "label", Map.of("trees", "3"),
          new dev.trainyard.ml.pipeline.ExperimentSpec.Validation.Fraction(0.2), 7, "iris.csv", null);
      var r = new dev.trainyard.ml.pipeline.Experiment(pool, 1, s -> dev.trainyard.ml.model.ProgressListener.NONE,
          dev.trainyard.common.Ticker.SYSTEM).run(dev.trainyard.ml.data.CsvReader.read(csv,
          dev.trainyard.ml.data.CsvOptions.defaults()), spec, true);
      Path models = Files.createDirectories(api.dataDir.resolve("models"));
      Path tmp = models.resolve("tmp.model");
      dev.trainyard.ml.pipeline.ModelFile.save(r.model().orElseThrow(), tmp);
      String file = dev.trainyard.cluster.data.DatasetRepository.sha256(tmp) + ".model";
      Files.move(tmp, models.resolve(file));
      return file;
    } finally {
      pool.shutdownNow();
    }
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private String submitAs(String owner) throws Exception {
    return api.jobs.submit(owner, JobSpecParser.parse(JSON.readTree(
        "{\"dataset\": \"" + dataset + "\", \"label\": \"label\", \"algorithm\": \"random-forest\"}"))).id();
  }

  private String freshJob() {
    try {
      return submitAs("alice");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String freshToken() {
    return api.auth.createToken("alice", "t", Optional.empty(), "alice", "test").token().id();
  }

  private void shareWithDave(String type, String id) {
    api.auth.store().insertShare(new Share(type, id, "dave", "alice", api.auth.now()));
  }

  private List<Row> rows() {
    String spec = "{\"dataset\": \"" + dataset + "\", \"label\": \"label\", \"algorithm\": \"random-forest\"}";
    String d = "/api/v1/datasets/" + dataset;
    String m = "/api/v1/models/" + model;
    String j = "/api/v1/jobs/" + job;
    List<Row> rows = new ArrayList<>();
    //                                                          admin alice bob  carol vic  val
    rows.add(row("GET", "/api/v1/auth/me", "/api/v1/auth/me", null, OK, OK, OK, OK, OK, OK));
    rows.add(row("GET", "/api/v1/datasets", "/api/v1/datasets", null, OK, OK, OK, OK, OK, OK));
    rows.add(new Row("POST", "/api/v1/datasets", () -> "/api/v1/datasets?name=x.csv", "a,b\n1,2\n",
        NEW, NEW, NEW, NEW, DENY, DENY));
    rows.add(row("GET", "/api/v1/datasets/{id}", d, null, OK, OK, NONE, OK, NONE, OK));
    rows.add(row("GET", "/api/v1/datasets/{id}/preview", d + "/preview", null, OK, OK, NONE, OK, NONE, OK));
    rows.add(row("GET", "/api/v1/datasets/{id}/schema", d + "/schema", null, OK, OK, NONE, OK, NONE, OK));
    rows.add(row("GET", "/api/v1/datasets/{id}/stats", d + "/stats", null, OK, OK, NONE, OK, NONE, OK));
    rows.add(row("GET", "/api/v1/datasets/{id}/shares", d + "/shares", null, OK, OK, NONE, DENY, NONE, DENY));
    rows.add(row("POST", "/api/v1/datasets/{id}/shares", d + "/shares", "{\"user\": \"dave\"}",
        OK, OK, NONE, DENY, NONE, DENY));
    rows.add(new Row("DELETE", "/api/v1/datasets/{id}/shares/{user}", () -> {
      shareWithDave(Access.DATASET, dataset);
      return d + "/shares/dave";
    }, null, OK, OK, NONE, DENY, NONE, DENY));
    rows.add(row("GET", "/api/v1/jobs", "/api/v1/jobs", null, OK, OK, OK, OK, OK, OK));
    rows.add(row("POST", "/api/v1/jobs", "/api/v1/jobs", spec, NEW, NEW, NONE, NEW, DENY, DENY));
    rows.add(row("GET", "/api/v1/jobs/{id}", j, null, OK, OK, NONE, NONE, NONE, NONE));
    rows.add(new Row("POST", "/api/v1/jobs/{id}/cancel", () -> "/api/v1/jobs/" + freshJob() + "/cancel", null,
        OK, OK, NONE, NONE, NONE, NONE));
    rows.add(row("GET", "/api/v1/jobs/{id}/result", j + "/result", null, OK, OK, NONE, NONE, NONE, NONE));
    rows.add(row("GET", "/api/v1/jobs/{id}/metrics", j + "/metrics", null, OK, OK, NONE, NONE, NONE, NONE));
    rows.add(row("GET", "/api/v1/jobs/{id}/events", j + "/events?follow=false", null, OK, OK, NONE, NONE, NONE, NONE));
    // a succeeded train job has no predictions: 409 for whoever sees it, 404 for the rest
    rows.add(row("GET", "/api/v1/jobs/{id}/predictions", j + "/predictions", null, 409, 409, NONE, NONE, NONE, NONE));
    rows.add(row("GET", "/api/v1/models", "/api/v1/models", null, OK, OK, OK, OK, OK, OK));
    rows.add(row("GET", "/api/v1/models/{id}", m, null, OK, OK, NONE, OK, NONE, OK));
    rows.add(row("GET", "/api/v1/models/{id}/download", m + "/download", null, OK, OK, NONE, OK, NONE, OK));
    rows.add(row("POST", "/api/v1/models/{id}/predict", m + "/predict",
        "{\"rows\": [{\"petal_length\": 1.5, \"petal_width\": 2}]}", OK, OK, NONE, OK, NONE, OK));
    rows.add(row("GET", "/api/v1/models/{id}/shares", m + "/shares", null, OK, OK, NONE, DENY, NONE, DENY));
    rows.add(row("POST", "/api/v1/models/{id}/shares", m + "/shares", "{\"user\": \"dave\"}",
        OK, OK, NONE, DENY, NONE, DENY));
    rows.add(new Row("DELETE", "/api/v1/models/{id}/shares/{user}", () -> {
      shareWithDave(Access.MODEL, model);
      return m + "/shares/dave";
    }, null, OK, OK, NONE, DENY, NONE, DENY));
    rows.add(row("GET", "/api/v1/tokens", "/api/v1/tokens", null, OK, OK, OK, OK, OK, OK));
    rows.add(row("POST", "/api/v1/tokens", "/api/v1/tokens", "{\"name\": \"ci\"}", NEW, NEW, NEW, NEW, NEW, NEW));
    rows.add(new Row("DELETE", "/api/v1/tokens/{id}", () -> "/api/v1/tokens/" + freshToken(), null,
        OK, OK, NONE, NONE, NONE, NONE));
    rows.add(row("GET", "/api/v1/users", "/api/v1/users", null, OK, DENY, DENY, DENY, DENY, DENY));
    rows.add(row("POST", "/api/v1/users", "/api/v1/users", "{\"name\": \"newbie\", \"password\": \"newbie-password\"}",
        NEW, DENY, DENY, DENY, DENY, DENY));
    rows.add(row("PATCH", "/api/v1/users/{name}", "/api/v1/users/dave", "{\"role\": \"researcher\"}",
        OK, DENY, DENY, DENY, DENY, DENY));
    rows.add(row("GET", "/api/v1/audit", "/api/v1/audit", null, OK, DENY, DENY, DENY, DENY, DENY));
    rows.add(row("GET", "/api/v1/cluster", "/api/v1/cluster", null, OK, DENY, DENY, DENY, DENY, DENY));
    return rows;
  }

  private static Row row(String method, String path, String concrete, String body, int... expected) {
    return new Row(method, path, () -> concrete, body, expected);
  }

  private HttpResponse<String> call(Row r, String user) {
    HttpRequest.Builder b = api.request(r.concretePath().get(), user);
    HttpRequest.BodyPublisher body = r.body() == null ? BodyPublishers.noBody() : BodyPublishers.ofString(r.body());
    if (r.body() != null && r.body().startsWith("{")) {
      b.header("Content-Type", "application/json");
    }
    return api.send(b.method(r.method(), body).build());
  }

  @Test
  void everyEndpointGivesEachRoleTheStatusTheAccessRulesSay() {
    List<String> wrong = new ArrayList<>();
    for (Row r : rows()) {
      for (int i = 0; i < CALLERS.size(); i++) {
        HttpResponse<String> res = call(r, CALLERS.get(i));
        int want = r.expected()[i];
        boolean ok = want == OK ? res.statusCode() == 200 || res.statusCode() == 201 : res.statusCode() == want;
        if (!ok) {
          wrong.add(r.method() + " " + r.path() + " as " + CALLERS.get(i) + ": want " + want + ", got "
              + res.statusCode() + " " + res.body());
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void withoutCredentialsEveryEndpointIs401() {
    List<String> wrong = new ArrayList<>();
    for (Row r : rows()) {
      HttpResponse<String> res = call(r, null);
      if (res.statusCode() != 401) {
        wrong.add(r.method() + " " + r.path() + ": " + res.statusCode());
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void listsShowExactlyWhatEachCallerMaySee() throws Exception {
    Map<String, Boolean> seesDataset = Map.of("admin", true, "alice", true, "bob", false, "carol", true,
        "vic", false, "val", true);
    for (var e : seesDataset.entrySet()) {
      JsonNode ds = JSON.readTree(api.get("/api/v1/datasets", e.getKey()).body());
      JsonNode ms = JSON.readTree(api.get("/api/v1/models", e.getKey()).body());
      JsonNode js = JSON.readTree(api.get("/api/v1/jobs?limit=1000", e.getKey()).body());
      assertThat(ids(ds).contains(dataset)).as("%s sees the dataset", e.getKey()).isEqualTo(e.getValue());
      assertThat(ids(ms).contains(model)).as("%s sees the model", e.getKey()).isEqualTo(e.getValue());
      boolean seesJobs = e.getKey().equals("admin") || e.getKey().equals("alice");
      assertThat(ids(js).contains(job)).as("%s sees the job", e.getKey()).isEqualTo(seesJobs);
    }
  }

  private static Set<String> ids(JsonNode arr) {
    Set<String> s = new LinkedHashSet<>();
    arr.forEach(n -> s.add(n.path("id").asText()));
    return s;
  }

  @Test
  void everyEndpointOfTheOpenApiDocumentIsInTheMatrix() throws Exception {
    JsonNode doc = JSON.readTree(api.get("/api/v1/openapi.json", null).body());
    Set<String> covered = new LinkedHashSet<>();
    rows().forEach(r -> covered.add(r.method() + " " + r.path()));
    // open without an identity, or about the caller's own session: tested in AuthApiTest
    Set<String> outside = Set.of("POST /api/v1/auth/login", "POST /api/v1/auth/logout", "POST /api/v1/auth/password",
        "GET /api/v1/openapi.json");
    List<String> missing = new ArrayList<>();
    doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(method -> {
      String key = method.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey();
      if (p.getKey().startsWith("/api/v1/") && !covered.contains(key) && !outside.contains(key)
          && !method.equals("parameters")) {
        missing.add(key);
      }
    }));
    assertThat(missing).isEmpty();
  }
}
