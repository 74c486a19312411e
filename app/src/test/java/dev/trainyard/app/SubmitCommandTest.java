package dev.trainyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.cluster.job.ResultJson;
import dev.trainyard.cluster.store.JobRecord;
import dev.trainyard.server.api.ApiFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SubmitCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  ApiFixture api;
  Path csv;

  @BeforeEach
  void start() throws Exception {
    api = ApiFixture.start(dir.resolve("server"));
    csv = dir.resolve("flowers.csv");
    Files.writeString(csv, "a,b,label\n1,2,x\n3,4,y\n5,6,x\n");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private CliRun submit(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("submit", "--server", api.url(), "--token", api.token("local")));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private JsonNode storedSpec(String jobId) throws Exception {
    return JSON.readTree(api.store.job(jobId).orElseThrow().specJson());
  }

  private static Map<String, Object> result() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("algorithm", "random-forest");
    r.put("task", "classification");
    r.put("params", Map.of("trees", "10"));
    r.put("data", "flowers.csv");
    r.put("evaluated_on", "cv");
    r.put("metrics", new LinkedHashMap<>(Map.of("accuracy", 0.95)));
    r.put("metrics_std", Map.of("accuracy", 0.01));
    r.put("folds", List.of(Map.of("accuracy", 0.94), Map.of("accuracy", 0.96), Map.of("accuracy", 0.95)));
    r.put("train_rows", 3);
    r.put("test_rows", 3);
    r.put("train_seconds", 1.25);
    r.put("load_seconds", 0.5);
    return r;
  }

  private void finishEachJob(Map<String, Object> result) {
    api.jobs.afterSubmit(j -> {
      api.jobs.start(j.id());
      api.jobs.progress(j.id(), "trees", 10, 10);
      api.jobs.succeed(j.id(), result, "model-" + j.id());
    });
  }

  @Test
  void aDataFileIsUploadedOnceAndReusedByTheNextSubmit() throws Exception {
    CliRun first = submit("--data", csv.toString(), "--algo", "random-forest", "-p", "trees=10", "--cv", "3");
    CliRun second = submit("--data", csv.toString(), "--algo", "random-forest");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("job-1\n");
    assertThat(first.err()).startsWith("uploaded flowers.csv as dataset ds-").contains("(28 bytes)");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out()).isEqualTo("job-2\n");
    assertThat(second.err()).startsWith("using dataset ds-").contains("(flowers.csv, already uploaded)");
    assertThat(api.store.datasets(Optional.of("local"))).hasSize(1);
    String dataset = api.store.datasets(Optional.of("local")).get(0).id();
    JsonNode spec = storedSpec("job-1");
    assertThat(spec.get("dataset").asText()).isEqualTo(dataset);
    assertThat(spec.get("params").get("trees").asText()).isEqualTo("10");
    assertThat(spec.get("validation").get("cv").asInt()).isEqualTo(3);
    assertThat(storedSpec("job-2").get("dataset").asText()).isEqualTo(dataset);
  }

  @Test
  void flagsOverrideTheKeysOfTheSpecFile() throws Exception {
    String dataset = api.datasets.importFile("local", csv).id();
    Path spec = dir.resolve("job.json");
    Files.writeString(spec, "{\"name\": \"from-file\", \"dataset\": \"" + dataset + "\", \"algorithm\": \"logistic\","
        + " \"params\": {\"trees\": 5}, \"priority\": \"low\", \"resources\": {\"tasks\": 2}}");

    CliRun r = submit(spec.toString(), "--algo", "random-forest", "-p", "trees=7", "--priority", "high",
        "--test-fraction", "0.25", "--seed", "7", "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode job = JSON.readTree(r.out());
    assertThat(job.get("id").asText()).isEqualTo("job-1");
    assertThat(job.get("name").asText()).isEqualTo("from-file");
    assertThat(job.get("priority").asText()).isEqualTo("high");
    JsonNode stored = storedSpec("job-1");
    assertThat(stored.get("algorithm").asText()).isEqualTo("random-forest");
    assertThat(stored.get("params").get("trees").asText()).isEqualTo("7");
    assertThat(stored.get("validation").get("test_fraction").asDouble()).isEqualTo(0.25);
    assertThat(stored.get("seed").asLong()).isEqualTo(7);
    assertThat(stored.get("resources").get("tasks").asInt()).isEqualTo(2);
  }

  @Test
  void anInvalidSpecExitsWith2AndListsEveryProblem() {
    CliRun r = submit("--data", csv.toString(), "--algo", "random-forest", "--priority", "urgent",
        "--consistency", "fast");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).endsWith("error: invalid job spec: 3 problems\n"
        + "  - resources.consistency must be bsp, ssp or asp, was 'fast'\n"
        + "  - resources.ps_shards and resources.consistency need resources.workers >= 1\n"
        + "  - priority must be low, normal or high, was 'urgent'\n");
    assertThat(r.err()).doesNotContain("Exception");
    assertThat(api.store.jobs(dev.trainyard.cluster.store.JobQuery.all())).isEmpty();
  }

  @Test
  void waitWithJsonPrintsExactlyTheStoredResultObject() throws Exception {
    Map<String, Object> result = result();
    finishEachJob(result);

    CliRun r = submit("--data", csv.toString(), "--algo", "random-forest", "--cv", "3", "--wait", "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(ResultJson.MAPPER.writeValueAsString(result) + "\n");
    assertThat(r.err()).contains("submitted job job-1", "status: running", "trees 10/10", "status: succeeded");
  }

  @Test
  void waitFollowsALiveJobAndPrintsATextSummary() throws Exception {
    CompletableFuture<CliRun> run = ClientTestSupport.inBackground("submit", "--server", api.url(), "--token", api.token("local"),
        "--data", csv.toString(), "--algo", "random-forest", "--wait");
    ClientTestSupport.awaitFollower(api);
    api.jobs.start("job-1");
    api.jobs.progress("job-1", "trees", 5, 10);
    api.jobs.succeed("job-1", result(), "model-9");

    CliRun r = run.get(30, TimeUnit.SECONDS);

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("job job-1: random-forest (classification), evaluated on 3-fold cross-validation\n"
        + "  accuracy         0.9500 ± 0.0100\n"
        + "  train time       1.25 s\n"
        + "model: model-9\n");
    assertThat(r.err()).contains("trees 5/10", "status: succeeded");
  }

  @Test
  void waitOnAJobThatFailsPrintsTheReasonAndExits1() {
    api.jobs.afterSubmit(j -> api.jobs.fail(j.id(), "worker w1 ran out of memory"));

    CliRun r = submit("--data", csv.toString(), "--algo", "random-forest", "--wait", "--json");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).endsWith("job job-1 failed: worker w1 ran out of memory\n");
  }

  @Test
  void anUnreachableServerIsAOneLineErrorNamingTheUrl() {
    String url = "http://127.0.0.1:" + ClientTestSupport.freePort();

    CliRun r = CliRun.of("submit", "--server", url, "--data", csv.toString(), "--algo", "random-forest");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: cannot connect to the Trainyard server at " + url + " (connection refused);"
        + " start one with 'trainyard standalone' or 'trainyard coordinator', or point --server or TRAINYARD_SERVER"
        + " at a running one\n");
  }

  @Test
  void aSpecFileThatIsNotJsonExitsWith2NamingWhere() throws Exception {
    Path spec = dir.resolve("job.json");
    Files.writeString(spec, "{\"algorithm\": \"random-forest\",\n  \"params\": {\"trees\": 10}\n");

    CliRun r = submit(spec.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: " + spec + " is not valid JSON: Unexpected end-of-input: expected close"
        + " marker for Object (start marker at line 1, column 1) at line 3, column 1\n");
  }

  @Test
  void aMissingDataFileExitsWith2() {
    CliRun r = submit("--data", dir.resolve("none.csv").toString(), "--algo", "random-forest");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: file not found: " + dir.resolve("none.csv") + "\n");
  }

  @Test
  void aBadServerUrlExitsWith2() {
    CliRun r = CliRun.of("jobs", "--server", "localhost:8080");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: --server must be a URL such as http://127.0.0.1:8080, was 'localhost:8080'\n");
  }

  @Test
  void theSubmittedJobRecordCarriesTheCallersName() {
    CliRun r = submit("--data", csv.toString(), "--algo", "random-forest", "--name", "nightly");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JobRecord job = api.store.job("job-1").orElseThrow();
    assertThat(job.owner()).isEqualTo("local");
    assertThat(job.specJson()).contains("\"name\":\"nightly\"");
  }

  @Test
  void aBatchPredictionsCsvIsDownloadedWithOutput() throws Exception {
    api.store.insertModel(new dev.trainyard.cluster.store.ModelRecord("model-x", "local", "job-0", "random-forest",
        "0".repeat(64) + ".model", "{}", ApiFixture.CLOCK.instant()));
    api.jobs.afterSubmit(j -> {
      try {
        Files.createDirectories(api.datasets.predictionsFile(j.id()).getParent());
        Files.writeString(api.datasets.predictionsFile(j.id()), "prediction\nx\ny\nx\n");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      api.jobs.start(j.id());
      api.jobs.succeed(j.id(), result(), null);
    });
    Path out = dir.resolve("preds.csv");

    CliRun r = submit("--data", csv.toString(), "--model", "model-x", "--wait", "--output", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readString(out)).isEqualTo("prediction\nx\ny\nx\n");
    assertThat(r.err()).contains("wrote 17 bytes of predictions to " + out);
    assertThat(submit("--data", csv.toString(), "--output", out.toString()).err())
        .contains("--output needs --wait and a batch prediction (--model MODEL_ID)");
  }
}
