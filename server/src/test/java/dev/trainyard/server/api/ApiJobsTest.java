package dev.trainyard.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.cluster.store.MetricPoint;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiJobsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  ApiFixture api;
  String dataset;

  @BeforeEach
  void start() throws Exception {
    api = ApiFixture.start(dir);
    HttpResponse<String> r = api.post("/api/v1/datasets?name=iris.csv", "ada",
        BodyPublishers.ofString("a,b,label\n1,2,0\n3,4,1\n"));
    dataset = JSON.readTree(r.body()).get("id").asText();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private String spec(String extra) {
    return "{\"name\": \"first\", \"dataset\": \"" + dataset + "\", \"algorithm\": \"random-forest\","
        + " \"params\": {\"trees\": 10}, \"validation\": {\"cv\": 3}" + extra + "}";
  }

  private JsonNode submit(String user) throws Exception {
    HttpResponse<String> r = api.post("/api/v1/jobs", user, spec(""));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void aSubmittedJobIsQueuedAndShownWithItsSpecAndTasks() throws Exception {
    JsonNode job = submit("ada");

    assertThat(job.get("id").asText()).isEqualTo("job-1");
    assertThat(job.get("owner").asText()).isEqualTo("ada");
    assertThat(job.get("name").asText()).isEqualTo("first");
    assertThat(job.get("algorithm").asText()).isEqualTo("random-forest");
    assertThat(job.get("dataset").asText()).isEqualTo(dataset);
    assertThat(job.get("priority").asText()).isEqualTo("normal");
    assertThat(job.get("status").asText()).isEqualTo("queued");
    assertThat(job.get("progress").asDouble()).isZero();
    assertThat(job.get("created_at").asText()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(job.get("started_at").isNull()).isTrue();
    assertThat(job.get("spec").get("validation").get("cv").asInt()).isEqualTo(3);
    assertThat(job.get("tasks").isArray()).isTrue();
    assertThat(json(api.get("/api/v1/jobs/job-1", "ada"))).isEqualTo(job);
  }

  @Test
  void anInvalidSpecIsRefusedWith400ListingEveryProblem() throws Exception {
    HttpResponse<String> r = api.post("/api/v1/jobs", "ada",
        "{\"dataset\": \"" + dataset + "\", \"algorithm\": \"random-forest\", \"priority\": \"urgent\","
            + " \"validation\": {\"cv\": 1}, \"colour\": \"red\"}");

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode e = json(r);
    assertThat(e.get("error").asText()).isEqualTo("invalid job spec: 3 problems");
    assertThat(e.get("details")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
        "unknown key 'colour'; known keys are [algorithm, dataset, final_model, kind, label, model, name, params, priority,"
            + " resources, seed, separator, types, validation]",
        "validation.cv must be between 2 and 1000000, was 1",
        "priority must be low, normal or high, was 'urgent'");
  }

  @Test
  void malformedJsonIsRefusedWith400NamingTheProblem() throws Exception {
    HttpResponse<String> r = api.post("/api/v1/jobs", "ada", "{\"dataset\": ");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText())
        .isEqualTo("malformed JSON: Unexpected end-of-input within/between Object entries at line 1, column 13");
    HttpResponse<String> array = api.post("/api/v1/jobs", "ada", "[1, 2");
    assertThat(json(array).get("error").asText()).isEqualTo("malformed JSON: Unexpected end-of-input: expected"
        + " close marker for Array (start marker at line 1, column 1) at line 1, column 6");
  }

  @Test
  void aJobOnAnotherOwnersDatasetIsNotFound() throws Exception {
    HttpResponse<String> r = api.post("/api/v1/jobs", "bob", spec(""));

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("error").asText()).isEqualTo("no dataset '" + dataset + "'");
  }

  @Test
  void jobsAreListedForTheirOwnerOnlyAndFilteredByStatus() throws Exception {
    submit("ada");
    submit("ada");
    api.jobs.start("job-2");

    assertThat(json(api.get("/api/v1/jobs", "ada"))).hasSize(2);
    JsonNode running = json(api.get("/api/v1/jobs?status=running", "ada"));
    assertThat(running).hasSize(1);
    assertThat(running.get(0).get("id").asText()).isEqualTo("job-2");
    assertThat(json(api.get("/api/v1/jobs?limit=1&offset=1", "ada"))).hasSize(1);
    assertThat(json(api.get("/api/v1/jobs", "bob"))).isEmpty();
    assertThat(api.get("/api/v1/jobs/job-1", "bob").statusCode()).isEqualTo(404);
    assertThat(api.post("/api/v1/jobs/job-1/cancel", "bob", "").statusCode()).isEqualTo(404);
  }

  @Test
  void aBadStatusOrLimitIsRefusedWith400() throws Exception {
    HttpResponse<String> status = api.get("/api/v1/jobs?status=sleeping", "ada");
    HttpResponse<String> limit = api.get("/api/v1/jobs?limit=0", "ada");

    assertThat(status.statusCode()).isEqualTo(400);
    assertThat(json(status).get("error").asText())
        .isEqualTo("status must be one of queued, running, succeeded, failed, cancelled, was 'sleeping'");
    assertThat(limit.statusCode()).isEqualTo(400);
    assertThat(json(limit).get("error").asText()).isEqualTo("limit must be an integer between 1 and 1000, was '0'");
  }

  @Test
  void theResultIs409UntilTheJobSucceedsThenTheStoredObject() throws Exception {
    submit("ada");
    api.jobs.start("job-1");
    HttpResponse<String> early = api.get("/api/v1/jobs/job-1/result", "ada");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("algorithm", "random-forest");
    result.put("evaluated_on", "cv");
    result.put("metrics", Map.of("accuracy", 0.95));
    api.jobs.succeed("job-1", result, "model-7");

    HttpResponse<String> done = api.get("/api/v1/jobs/job-1/result", "ada");

    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(json(early).get("error").asText()).isEqualTo("job job-1 is running (no result yet)");
    assertThat(done.statusCode()).isEqualTo(200);
    JsonNode r = json(done);
    assertThat(r.get("job").asText()).isEqualTo("job-1");
    assertThat(r.get("status").asText()).isEqualTo("succeeded");
    assertThat(r.get("model_id").asText()).isEqualTo("model-7");
    assertThat(r.get("result")).isEqualTo(JSON.valueToTree(result));
  }

  @Test
  void theResultOfAFailedJobIs409WithTheReason() throws Exception {
    submit("ada");
    api.jobs.fail("job-1", "worker w1 ran out of memory");

    HttpResponse<String> r = api.get("/api/v1/jobs/job-1/result", "ada");

    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(json(r).get("error").asText()).isEqualTo("job job-1 failed: worker w1 ran out of memory");
  }

  @Test
  void cancellingAJobAnswersItWithItsNewStatus() throws Exception {
    submit("ada");

    HttpResponse<String> r = api.post("/api/v1/jobs/job-1/cancel", "ada", "");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("status").asText()).isEqualTo("cancelled");
    assertThat(json(r).get("error").asText()).isEqualTo("cancelled by the user");
  }

  @Test
  void metricsAreListedBySeriesAndStep() throws Exception {
    submit("ada");
    api.store.addMetrics(List.of(new MetricPoint("job-1", "loss", 1, 0.9), new MetricPoint("job-1", "loss", 2, 0.5)));

    JsonNode m = json(api.get("/api/v1/jobs/job-1/metrics", "ada"));

    assertThat(m).hasSize(2);
    assertThat(m.get(1).get("series").asText()).isEqualTo("loss");
    assertThat(m.get(1).get("step").asLong()).isEqualTo(2);
    assertThat(m.get(1).get("value").asDouble()).isEqualTo(0.5);
  }
}
