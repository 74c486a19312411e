package dev.trainyard.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainyard.cluster.data.DatasetRepository;
import dev.trainyard.cluster.job.ResultJson;
import dev.trainyard.cluster.store.DatasetRecord;
import dev.trainyard.cluster.store.ModelRecord;
import dev.trainyard.common.Ticker;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.pipeline.Experiment;
import dev.trainyard.ml.pipeline.ExperimentResult;
import dev.trainyard.ml.pipeline.ExperimentSpec;
import dev.trainyard.ml.pipeline.ModelFile;
import dev.trainyard.server.auth.AuthStore.Share;
import dev.trainyard.server.auth.Role;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ExecutorService POOL = Executors.newFixedThreadPool(2);
  private static final String COLUMNS = "[sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm]";

  @TempDir Path dir;
  ApiFixture api;
  Path iris;
  Frame irisFrame;

  @BeforeEach
  void start() {
    api = ApiFixture.start(dir.resolve("data"));
    iris = dev.trainyard.ml.TestDatasets.file("iris.csv");
    irisFrame = CsvReader.read(iris, CsvOptions.defaults());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @AfterAll
  static void shutdown() {
    POOL.shutdownNow();
  }

  /**
   * What a training job leaves behind, done here with the ml module: the job submitted through the
   * API, a random forest fitted on iris.csv, the model file under models/ by its hash, the model
   * record, and the job succeeded with its result.
   */
  private String train(String owner, String label, Map<String, String> params) throws Exception {
    DatasetRecord d = api.datasets.importFile(owner, iris);
    ObjectNode spec = JSON.createObjectNode().put("dataset", d.id()).put("label", label)
        .put("algorithm", "random-forest").put("seed", 7);
    params.forEach(spec.putObject("params")::put);
    spec.putObject("validation").put("test_fraction", 0.2);
    HttpResponse<String> submitted = api.post("/api/v1/jobs", owner, spec.toString());
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
    String jobId = json(submitted).get("id").asText();
    ExperimentSpec es = new ExperimentSpec("random-forest", label, params,
        new ExperimentSpec.Validation.Fraction(0.2), 7, d.name(), "sha256:" + d.sha256());
    ExperimentResult r = new Experiment(POOL, 2, s -> ProgressListener.NONE, Ticker.SYSTEM).run(irisFrame, es, true);
    Path models = api.dataDir.resolve("models");
    Files.createDirectories(models);
    Path tmp = models.resolve("tmp.model");
    ModelFile.save(r.model().orElseThrow(), tmp);
    String file = DatasetRepository.sha256(tmp) + ".model";
    Files.move(tmp, models.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    String modelId = "m-" + jobId;
    Map<String, Object> result = ResultJson.of(r, d.name(), 0);
    api.store.insertModel(new ModelRecord(modelId, owner, jobId, "random-forest", file,
        JSON.writeValueAsString(result.get("metrics")), ApiFixture.CLOCK.instant()));
    api.jobs.start(jobId);
    api.jobs.succeed(jobId, result, modelId);
    return modelId;
  }

  private String trainClassifier(String owner) throws Exception {
    return train(owner, "label", Map.of("trees", "15"));
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> predict(String model, String user, String body) {
    return api.post("/api/v1/models/" + model + "/predict", user, body);
  }

  /** Every iris row as an object by column name, label included (the API ignores it). */
  private String irisRowsAsObjects() {
    ArrayNode rows = JSON.createArrayNode();
    for (int i = 0; i < irisFrame.rowCount(); i++) {
      ObjectNode row = rows.addObject();
      for (int j = 0; j < irisFrame.columnCount(); j++) {
        row.put(irisFrame.column(j).name(), irisFrame.numeric(j, i));
      }
    }
    return JSON.createObjectNode().set("rows", rows).toString();
  }

  @Test
  void theOwnerListsTheirModelWithMetricsAndProvenanceAndAnotherResearcherSeesNone() throws Exception {
    String id = trainClassifier("ada");

    JsonNode list = json(api.get("/api/v1/models", "ada"));
    HttpResponse<String> bobs = api.get("/api/v1/models/" + id, "bob");

    assertThat(list).hasSize(1);
    JsonNode m = list.get(0);
    assertThat(m.get("id").asText()).isEqualTo(id);
    assertThat(m.get("owner").asText()).isEqualTo("ada");
    assertThat(m.get("algorithm").asText()).isEqualTo("random-forest");
    assertThat(m.get("created_at").asText()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(m.get("metrics").get("accuracy").asDouble()).isGreaterThan(0.85);
    JsonNode p = m.get("provenance");
    assertThat(p.get("dataset_name").asText()).isEqualTo("iris.csv");
    assertThat(p.get("label").asText()).isEqualTo("label");
    assertThat(p.get("seed").asLong()).isEqualTo(7);
    assertThat(p.get("params").get("trees").asText()).isEqualTo("15");
    assertThat(p.get("validation").get("test_fraction").asDouble()).isEqualTo(0.2);
    assertThat(json(api.get("/api/v1/models", "bob"))).isEmpty();
    assertThat(bobs.statusCode()).isEqualTo(404);
    assertThat(json(bobs).get("error").asText()).isEqualTo("no model '" + id + "'");
  }

  @Test
  void aModelShowsItsTaskClassesInputColumnsAndTheProvenanceTheModelFileRecorded() throws Exception {
    String id = trainClassifier("ada");
    String jobId = id.substring(2);

    JsonNode m = json(api.get("/api/v1/models/" + id, "ada"));

    assertThat(m.get("job_id").asText()).isEqualTo(jobId);
    assertThat(m.get("task").asText()).isEqualTo("classification");
    assertThat(m.get("label").asText()).isEqualTo("label");
    assertThat(m.get("classes").toString()).isEqualTo("[\"0\",\"1\",\"2\"]");
    assertThat(m.get("input_columns")).hasSize(4);
    assertThat(m.get("input_columns").get(0).toString())
        .isEqualTo("{\"name\":\"sepal_length_cm\",\"type\":\"numeric\"}");
    JsonNode p = m.get("provenance");
    assertThat(p.get("dataset_id").asText()).startsWith("ds-");
    assertThat(p.get("dataset_hash").asText()).startsWith("sha256:");
    assertThat(p.get("train_rows").asInt()).isEqualTo(120); // the final model is fitted on the 80% training rows
    assertThat(p.get("version").asText()).isNotBlank();
  }

  @Test
  void theDownloadIsTheModelFileAsAnAttachmentNamedAfterTheModel() throws Exception {
    String id = trainClassifier("ada");
    ModelRecord record = api.store.model(id).orElseThrow();

    HttpResponse<byte[]> r = api.http.send(api.request("/api/v1/models/" + id + "/download", "ada").GET().build(),
        BodyHandlers.ofByteArray());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + id + ".model\"");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    assertThat(r.body()).isEqualTo(Files.readAllBytes(api.dataDir.resolve("models").resolve(record.file())));
    assertThat(ModelFile.load(api.dataDir.resolve("models").resolve(record.file())).classes()).hasSize(3);
    assertThat(api.get("/api/v1/models/" + id + "/download", "bob").statusCode()).isEqualTo(404);
  }

  @Test
  void predictingEveryIrisRowGivesTheClassesWithProbabilitiesThatSumToOne() throws Exception {
    String id = trainClassifier("ada");

    HttpResponse<String> r = predict(id, "ada", irisRowsAsObjects());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("model").asText()).isEqualTo(id);
    assertThat(body.get("classes").toString()).isEqualTo("[\"0\",\"1\",\"2\"]");
    JsonNode predictions = body.get("predictions");
    JsonNode probabilities = body.get("probabilities");
    assertThat(predictions).hasSize(150);
    assertThat(probabilities).hasSize(150);
    int correct = 0;
    int label = irisFrame.indexOf("label");
    for (int i = 0; i < 150; i++) {
      if (predictions.get(i).asText().equals(Integer.toString((int) irisFrame.numeric(label, i)))) {
        correct++;
      }
      double sum = 0;
      for (JsonNode p : probabilities.get(i)) {
        sum += p.asDouble();
      }
      assertThat(sum).isCloseTo(1.0, within(1e-6));
    }
    assertThat(correct / 150.0).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void rowsMayBeArraysInTrainingColumnOrderAndNullIsAMissingValue() throws Exception {
    String id = trainClassifier("ada");

    HttpResponse<String> r = predict(id, "ada",
        "{\"rows\": [[5.1, 3.5, 1.4, 0.2], [\"6.7\", \"3.0\", \"5.2\", \"2.3\"],"
            + " {\"sepal_length_cm\": 5.0, \"sepal_width_cm\": null, \"petal_length_cm\": 1.5, \"petal_width_cm\": 0.2}]}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).get("predictions").toString()).isEqualTo("[\"0\",\"2\",\"0\"]");
  }

  @Test
  void aRegressionModelPredictsValuesWithoutProbabilities() throws Exception {
    String id = train("ada", "petal_width_cm", Map.of("trees", "10", "task", "regression"));

    HttpResponse<String> r = predict(id, "ada",
        "{\"rows\": [{\"sepal_length_cm\": 5.1, \"sepal_width_cm\": 3.5, \"petal_length_cm\": 1.4, \"label\": 0}]}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("task").asText()).isEqualTo("regression");
    assertThat(body.get("predictions").get(0).asDouble()).isBetween(0.0, 0.6);
    assertThat(body.has("probabilities")).isFalse();
    assertThat(body.has("classes")).isFalse();
  }

  @Test
  void badRowsAreRefusedWith400NamingTheRowAndTheColumn() throws Exception {
    String id = trainClassifier("ada");
    String good = "{\"sepal_length_cm\": 5.1, \"sepal_width_cm\": 3.5, \"petal_length_cm\": 1.4, \"petal_width_cm\": 0.2}";

    HttpResponse<String> r = predict(id, "ada", "{\"rows\": ["
        + "{\"sepal_length_cm\": 5.1, \"sepal_width_cm\": 3.5, \"petal_length_cm\": 1.4},"
        + "{\"sepal_length_cm\": 5.1, \"sepal_width_cm\": 3.5, \"petal_length_cm\": 1.4, \"petal_width_cm\": 0.2,"
        + " \"petal_colour\": \"red\"},"
        + "{\"sepal_length_cm\": 5.1, \"sepal_width_cm\": \"wide\", \"petal_length_cm\": 1.4, \"petal_width_cm\": true},"
        + "[5.1, 3.5, 1.4], 7, " + good + "]}");

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode e = json(r);
    assertThat(e.get("error").asText()).isEqualTo("rows[0]: missing column 'petal_width_cm' (give null for a missing value)");
    assertThat(e.get("details")).extracting(JsonNode::asText).containsExactly(
        "rows[0]: missing column 'petal_width_cm' (give null for a missing value)",
        "rows[1]: unknown column 'petal_colour'; the model's columns are " + COLUMNS,
        "rows[2], column 'sepal_width_cm': expected a number, was 'wide'",
        "rows[2], column 'petal_width_cm': expected a number, was true",
        "rows[3] must hold 4 values in the training column order " + COLUMNS + ", held 3",
        "rows[4] must be an object by column name or an array of 4 values in the training column order "
            + COLUMNS + ", was 7");
  }

  @Test
  void emptyOversizedAndShapelessRequestsAreRefusedWith400() throws Exception {
    String id = trainClassifier("ada");
    String tooMany = "{\"rows\": [" + String.join(",", java.util.Collections.nCopies(10_001, "[1,2,3,4]")) + "]}";

    assertThat(json(predict(id, "ada", "{\"rows\": []}")).get("error").asText()).isEqualTo("rows must not be empty");
    assertThat(json(predict(id, "ada", tooMany)).get("error").asText())
        .isEqualTo("rows must be at most 10000 per request, was 10001; use a batch prediction job for more");
    HttpResponse<String> shapeless = predict(id, "ada", "[[1,2,3,4]]");
    assertThat(shapeless.statusCode()).isEqualTo(400);
    assertThat(json(shapeless).get("error").asText()).isEqualTo("the request body must be a JSON object with"
        + " \"rows\": an array of rows (objects by column name, or arrays in the training column order " + COLUMNS + ")");
    HttpResponse<String> malformed = predict(id, "ada", "{\"rows\": [");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(json(malformed).get("error").asText()).startsWith("malformed JSON: ");
  }

  @Test
  void aViewerAModelIsSharedWithSeesItAndMayPredictWhileOthersGet404() throws Exception {
    String id = trainClassifier("ada");
    api.user("vera", Role.VIEWER);
    api.auth.store().insertShare(new Share(Access.MODEL, id, "vera", "ada", ApiFixture.CLOCK.instant()));
    String row = "{\"rows\": [[6.7, 3.0, 5.2, 2.3]]}";

    assertThat(json(api.get("/api/v1/models", "vera")).get(0).get("id").asText()).isEqualTo(id);
    assertThat(api.get("/api/v1/models/" + id, "vera").statusCode()).isEqualTo(200);
    assertThat(api.get("/api/v1/models/" + id + "/download", "vera").statusCode()).isEqualTo(200);
    HttpResponse<String> viewer = predict(id, "vera", row);
    assertThat(viewer.statusCode()).as(viewer.body()).isEqualTo(200);
    assertThat(json(viewer).get("predictions").get(0).asText()).isEqualTo("2");
    assertThat(predict(id, "bob", row).statusCode()).isEqualTo(404);
  }

  @Test
  void anAdminListsEveryModelOrOneOwnersAndTheOwnerFilterIsANameNotSql() throws Exception {
    String ada = trainClassifier("ada");
    String bob = trainClassifier("bob");
    String injection = URLEncoder.encode("ada' OR '1'='1", StandardCharsets.UTF_8);

    JsonNode all = json(api.get("/api/v1/models", "admin"));
    JsonNode bobs = json(api.get("/api/v1/models?owner=bob", "admin"));
    HttpResponse<String> injected = api.get("/api/v1/models?owner=" + injection, "admin");
    HttpResponse<String> notAdmin = api.get("/api/v1/models?owner=ada", "bob");

    assertThat(all).extracting(m -> m.get("id").asText()).containsExactlyInAnyOrder(ada, bob);
    assertThat(bobs).extracting(m -> m.get("id").asText()).containsExactly(bob);
    assertThat(injected.statusCode()).isEqualTo(400);
    assertThat(json(injected).get("error").asText())
        .isEqualTo("user name must be 1 to 64 of A-Z, a-z, 0-9, '.', '_' or '-', was 'ada' OR '1'='1'");
    assertThat(notAdmin.statusCode()).isEqualTo(403);
    assertThat(json(notAdmin).get("error").asText()).isEqualTo("only an admin may list another user's models");
  }

  @Test
  void aLoadedModelIsCachedSoRepeatedPredictionsDoNotReadItsFileAgain() throws Exception {
    String id = trainClassifier("ada");
    String row = "{\"rows\": [[5.1, 3.5, 1.4, 0.2]]}";
    assertThat(predict(id, "ada", row).statusCode()).isEqualTo(200);

    Files.delete(api.dataDir.resolve("models").resolve(api.store.model(id).orElseThrow().file()));

    assertThat(predict(id, "ada", row).statusCode()).isEqualTo(200);
    HttpResponse<String> download = api.get("/api/v1/models/" + id + "/download", "ada");
    assertThat(download.statusCode()).isEqualTo(404);
    assertThat(json(download).get("error").asText())
        .isEqualTo("the file of model '" + id + "' is missing from the data directory");
  }

  @Test
  void aModelWhoseFileIsGoneIsStillListedButCannotPredict() throws Exception {
    String id = trainClassifier("ada");
    Files.delete(api.dataDir.resolve("models").resolve(api.store.model(id).orElseThrow().file()));

    JsonNode m = json(api.get("/api/v1/models/" + id, "ada"));
    HttpResponse<String> r = predict(id, "ada", "{\"rows\": [[5.1, 3.5, 1.4, 0.2]]}");

    assertThat(m.get("file_missing").asBoolean()).isTrue();
    assertThat(m.has("input_columns")).isFalse();
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("error").asText()).isEqualTo("the file of model '" + id + "' is missing from the data directory");
  }

  @Test
  void theCacheKeepsOnlyTheMostRecentlyUsedModels() throws Exception {
    ModelCache cache = new ModelCache(2);
    trainClassifier("ada");
    Path file;
    try (var files = Files.list(api.dataDir.resolve("models"))) {
      file = files.filter(p -> p.toString().endsWith(".model")).findFirst().orElseThrow();
    }
    int[] loads = {0};
    java.util.function.Supplier<dev.trainyard.ml.pipeline.PipelineModel> load = () -> {
      loads[0]++;
      return ModelFile.load(file);
    };

    for (String key : List.of("a", "b", "a", "c", "a", "b")) {
      cache.get(key, load);
    }

    assertThat(loads[0]).isEqualTo(4); // a, b, c, then b again (evicted by c; a was used more recently)
    assertThat(cache.size()).isEqualTo(2);
  }
}
