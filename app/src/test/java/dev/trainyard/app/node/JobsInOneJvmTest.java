package dev.trainyard.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.cluster.coordinator.Coordinator;
import dev.trainyard.cluster.job.JobSpec;
import dev.trainyard.cluster.job.JobSpecParser;
import dev.trainyard.cluster.store.DatasetRecord;
import dev.trainyard.cluster.store.JobRecord;
import dev.trainyard.cluster.store.JobStatus;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.NotFoundException;
import dev.trainyard.common.Ticker;
import dev.trainyard.ml.TestDatasets;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.pipeline.Experiment;
import dev.trainyard.ml.pipeline.ExperimentResult;
import dev.trainyard.ml.pipeline.ExperimentSpec;
import dev.trainyard.ml.model.ProgressListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job system in one JVM (coordinator, H2 store, in-process queue, local worker slots): jobs
 * split into tasks reach exactly the result of the single-process experiment.
 */
class JobsInOneJvmTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final dev.trainyard.rpc.auth.ClusterSecret SECRET = dev.trainyard.rpc.auth.ClusterSecret.generate();
  @TempDir Path dir;
  private CoordinatorNode node;
  private WorkerNode workers;

  @BeforeEach
  void start() {
    node = CoordinatorNode.start(new CoordinatorNode.Settings("127.0.0.1", 0, 0, null, QueueUrl.parse("memory"),
        dir, Duration.ofSeconds(1), Duration.ofSeconds(5), 64L << 20, SECRET));
    workers = WorkerNode.local(node.queue(), node.coordinator(), 2, 1, SECRET);
  }

  @AfterEach
  void stop() {
    workers.close();
    node.close();
  }

  static JobRecord await(Coordinator c, String id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      JobRecord j = c.store().job(id).orElseThrow();
      if (j.status().isFinal()) {
        return j;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + id + " did not finish in 3 minutes");
  }

  private static double localAccuracy(Path file, String algo, Map<String, String> params, ExperimentSpec.Validation v) {
    Frame f = CsvReader.read(file, CsvOptions.defaults());
    ExecutorService pool = dev.trainyard.common.Executors2.fixed(2, "t");
    try {
      ExperimentResult r = new Experiment(pool, 2, s -> ProgressListener.NONE, Ticker.SYSTEM)
          .run(f, new ExperimentSpec(algo, "label", params, v, 42, "", ""), true);
      return r.metrics().get("accuracy");
    } finally {
      pool.shutdownNow();
    }
  }

  private JobSpec spec(String json) throws Exception {
    return JobSpecParser.parse(JSON.readTree(json));
  }

  @Test
  void aRandomForestSplitIntoTreeTasksMatchesTheSingleProcessExperiment() throws Exception {
    Path digits = TestDatasets.file("digits.csv");
    DatasetRecord d = node.coordinator().datasets().importFile("alice", digits);
    JobRecord j = node.coordinator().submit("alice", spec("{\"dataset\":\"" + d.id() + "\",\"algorithm\":"
        + "\"random-forest\",\"params\":{\"trees\":24},\"validation\":{\"cv\":3},\"resources\":{\"tasks\":5}}"));
    JobRecord done = await(node.coordinator(), j.id());
    assertThat(done.status()).as(done.error().orElse("")).isEqualTo(JobStatus.SUCCEEDED);
    JsonNode result = JSON.readTree(done.resultJson().orElseThrow());
    double expected = localAccuracy(digits, "random-forest", Map.of("trees", "24"),
        new ExperimentSpec.Validation.CrossValidation(3));
    assertThat(result.path("metrics").path("accuracy").asDouble()).isEqualTo(expected);
    assertThat(result.path("folds")).hasSize(3);
    assertThat(node.coordinator().store().tasks(j.id())).hasSize(4 * 5)
        .allSatisfy(t -> assertThat(t.state().id()).isEqualTo("succeeded"));
    assertThat(done.modelId()).isPresent();
    assertThat(node.coordinator().store().model(done.modelId().get())).isPresent();
  }

  @Test
  void softmaxOnAHeldOutFractionMatchesTheSingleProcessExperiment() throws Exception {
    Path digits = TestDatasets.file("digits.csv");
    DatasetRecord d = node.coordinator().datasets().importFile("alice", digits);
    JobRecord j = node.coordinator().submit("alice", spec("{\"dataset\":\"" + d.id() + "\",\"algorithm\":\"softmax\","
        + "\"validation\":{\"test_fraction\":0.25}}"));
    JobRecord done = await(node.coordinator(), j.id());
    assertThat(done.status()).as(done.error().orElse("")).isEqualTo(JobStatus.SUCCEEDED);
    double expected = localAccuracy(digits, "softmax", Map.of(), new ExperimentSpec.Validation.Fraction(0.25));
    assertThat(JSON.readTree(done.resultJson().orElseThrow()).path("metrics").path("accuracy").asDouble())
        .isEqualTo(expected);
    assertThat(node.coordinator().store().events(j.id(), 0, 10_000))
        .extracting(e -> e.type()).contains("status", "task", "progress");
  }

  @Test
  void threeUsersJobsRunInPriorityOrderWhenSlotsAreScarce() throws Exception {
    workers.close();
    Path iris = TestDatasets.file("iris.csv");
    String[][] users = {{"alice", "low"}, {"bob", "normal"}, {"carol", "high"}};
    String[] ids = new String[3];
    for (int i = 0; i < 3; i++) {
      DatasetRecord d = node.coordinator().datasets().importFile(users[i][0], iris);
      ids[i] = node.coordinator().submit(users[i][0], spec("{\"dataset\":\"" + d.id() + "\",\"algorithm\":"
          + "\"random-forest\",\"params\":{\"trees\":10},\"resources\":{\"tasks\":3},\"priority\":\""
          + users[i][1] + "\"}")).id();
    }
    workers = WorkerNode.local(node.queue(), node.coordinator(), 1, 1, SECRET);
    JobRecord[] done = new JobRecord[3];
    for (int i = 0; i < 3; i++) {
      done[i] = await(node.coordinator(), ids[i]);
      assertThat(done[i].status()).isEqualTo(JobStatus.SUCCEEDED);
    }
    // one slot: every task of the high job ran before any of the normal job, and those before the low job's
    java.util.function.Function<String, java.util.List<dev.trainyard.cluster.store.TaskRecord>> tasks =
        id -> node.coordinator().store().tasks(id);
    java.time.Instant highLast = tasks.apply(ids[2]).stream().map(t -> t.finishedAt().orElseThrow())
        .max(java.util.Comparator.naturalOrder()).orElseThrow();
    java.time.Instant normalFirst = tasks.apply(ids[1]).stream().map(t -> t.startedAt().orElseThrow())
        .min(java.util.Comparator.naturalOrder()).orElseThrow();
    java.time.Instant normalLast = tasks.apply(ids[1]).stream().map(t -> t.finishedAt().orElseThrow())
        .max(java.util.Comparator.naturalOrder()).orElseThrow();
    java.time.Instant lowFirst = tasks.apply(ids[0]).stream().map(t -> t.startedAt().orElseThrow())
        .min(java.util.Comparator.naturalOrder()).orElseThrow();
    assertThat(highLast).isBeforeOrEqualTo(normalFirst);
    assertThat(normalLast).isBeforeOrEqualTo(lowFirst);
  }

  @Test
  void aBatchPredictionInRowShardsWritesEveryRowInOrderLikeTheModelItself() throws Exception {
    Path digits = TestDatasets.file("digits.csv");
    DatasetRecord d = node.coordinator().datasets().importFile("alice", digits);
    JobRecord train = await(node.coordinator(), node.coordinator().submit("alice", spec("{\"dataset\":\"" + d.id()
        + "\",\"algorithm\":\"softmax\"}")).id());
    String modelId = train.modelId().orElseThrow();
    JobRecord p = node.coordinator().submit("alice", spec("{\"kind\":\"predict\",\"dataset\":\"" + d.id()
        + "\",\"model\":\"" + modelId + "\",\"resources\":{\"tasks\":3}}"));
    JobRecord done = await(node.coordinator(), p.id());
    assertThat(done.status()).as(done.error().orElse("")).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(node.coordinator().store().tasks(p.id())).hasSize(3);
    java.util.List<String> lines = java.nio.file.Files.readAllLines(
        node.coordinator().datasets().predictionsFile(p.id()));
    var model = dev.trainyard.ml.pipeline.ModelFile.load(node.coordinator().datasets()
        .modelFile(node.coordinator().store().model(modelId).orElseThrow().file()));
    Frame frame = CsvReader.read(digits, CsvOptions.defaults());
    var expected = model.predict(frame);
    assertThat(lines).hasSize(frame.rowCount() + 1);
    assertThat(lines.get(0)).startsWith("prediction,prob_0,prob_1");
    for (int i = 0; i < frame.rowCount(); i++) {
      assertThat(lines.get(i + 1).split(",")[0]).as("row " + i).isEqualTo(expected.label(i));
    }
    assertThat(JSON.readTree(done.resultJson().orElseThrow()).path("rows").asInt()).isEqualTo(frame.rowCount());
  }

  @Test
  void aPredictJobWithAnUnknownModelIsNotFound() throws Exception {
    // who may use whose model (owners, shares, admins) is the HTTP API's rule: RbacMatrixTest
    DatasetRecord mine = node.coordinator().datasets().importFile("bob", TestDatasets.file("iris.csv"));
    assertThatThrownBy(() -> node.coordinator().submit("bob", spec("{\"kind\":\"predict\",\"dataset\":\""
        + mine.id() + "\",\"model\":\"model-nope\"}")))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("no model 'model-nope'");
  }

  @Test
  void preprocessingInChunksGivesTheWholeFileFrameAndTrainsLikeTheCsv() throws Exception {
    Path digits = TestDatasets.file("digits.csv");
    DatasetRecord raw = node.coordinator().datasets().importFile("alice", digits);
    JobRecord pre = await(node.coordinator(), node.coordinator().submit("alice", spec("{\"kind\":\"preprocess\","
        + "\"dataset\":\"" + raw.id() + "\",\"resources\":{\"tasks\":3}}")).id());
    assertThat(pre.status()).as(pre.error().orElse("")).isEqualTo(JobStatus.SUCCEEDED);
    JsonNode r = JSON.readTree(pre.resultJson().orElseThrow());
    assertThat(r.path("chunks").asInt()).isEqualTo(3);
    DatasetRecord typed = node.coordinator().store().dataset(r.path("dataset_id").asText()).orElseThrow();
    assertThat(typed.format()).isEqualTo("frame");
    Frame whole = CsvReader.read(digits, CsvOptions.defaults());
    Frame got = dev.trainyard.ml.data.FrameFile.read(node.coordinator().datasets().file(typed));
    assertThat(got.names()).isEqualTo(whole.names());
    assertThat(got.rowCount()).isEqualTo(whole.rowCount());
    for (int c = 0; c < whole.columnCount(); c++) {
      for (int row = 0; row < whole.rowCount(); row++) {
        assertThat(got.column(c).format(got.physicalRow(row))).isEqualTo(whole.column(c).format(whole.physicalRow(row)));
      }
    }
    String forest = "\",\"algorithm\":\"random-forest\",\"params\":{\"trees\":10},\"validation\":{\"cv\":3}}";
    JobRecord onTyped = await(node.coordinator(), node.coordinator().submit("alice",
        spec("{\"dataset\":\"" + typed.id() + forest)).id());
    JobRecord onCsv = await(node.coordinator(), node.coordinator().submit("alice",
        spec("{\"dataset\":\"" + raw.id() + forest)).id());
    assertThat(JSON.readTree(onTyped.resultJson().orElseThrow()).path("metrics"))
        .isEqualTo(JSON.readTree(onCsv.resultJson().orElseThrow()).path("metrics"));
  }

  @Test
  void aColumnNumericInEarlyChunksAndTextLaterIsReparsedWithTheMergedType() throws Exception {
    StringBuilder csv = new StringBuilder("code,x,label\n");
    for (int i = 0; i < 300; i++) {
      csv.append(i < 240 ? Integer.toString(i % 7) : "k" + (i % 5)).append(',').append(i * 0.5).append(',')
          .append(i % 2 == 0 ? "a" : "b").append('\n');
    }
    Path file = dir.resolve("mixed.csv");
    java.nio.file.Files.writeString(file, csv);
    DatasetRecord raw = node.coordinator().datasets().importFile("alice", file);
    JobRecord pre = await(node.coordinator(), node.coordinator().submit("alice", spec("{\"kind\":\"preprocess\","
        + "\"dataset\":\"" + raw.id() + "\",\"resources\":{\"tasks\":4}}")).id());
    assertThat(pre.status()).as(pre.error().orElse("")).isEqualTo(JobStatus.SUCCEEDED);
    JsonNode r = JSON.readTree(pre.resultJson().orElseThrow());
    Frame whole = CsvReader.read(file, CsvOptions.defaults());
    assertThat(r.path("types").path("code").asText()).isEqualTo(whole.column("code").type().name().toLowerCase());
    assertThat(node.coordinator().store().tasks(pre.id()).size()).as("chunks re-read in a second round").isGreaterThan(4);
    Frame got = dev.trainyard.ml.data.FrameFile.read(node.coordinator().datasets()
        .file(node.coordinator().store().dataset(r.path("dataset_id").asText()).orElseThrow()));
    for (int row = 0; row < whole.rowCount(); row++) {
      assertThat(got.column(0).format(got.physicalRow(row))).isEqualTo(whole.column(0).format(whole.physicalRow(row)));
    }
  }

  @Test
  void aSpecWithAMissingLabelIsRejectedBeforeAnyTaskIsQueued() throws Exception {
    DatasetRecord d = node.coordinator().datasets().importFile("alice", TestDatasets.file("iris.csv"));
    assertThatThrownBy(() -> node.coordinator().submit("alice", spec("{\"dataset\":\"" + d.id() + "\","
        + "\"algorithm\":\"random-forest\",\"label\":\"species\",\"types\":{\"nope\":\"text\"}}")))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).details()).hasSize(2)
            .anySatisfy(m -> assertThat(m).contains("no label column 'species'"))
            .anySatisfy(m -> assertThat(m).contains("types.nope")));
    assertThat(node.queue().depth().values()).allMatch(n -> n == 0);
    assertThat(node.coordinator().store().jobs(dev.trainyard.cluster.store.JobQuery.all())).isEmpty();
  }

  @Test
  void anUnknownDatasetIsNotFound() throws Exception {
    assertThatThrownBy(() -> node.coordinator().submit("bob", spec("{\"dataset\":\"ds-nope\","
        + "\"algorithm\":\"random-forest\"}")))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("no dataset 'ds-nope'");
  }

  @Test
  void aJobOnARaggedFileFailsWithTheReadersMessageNamingTheLine() throws Exception {
    Path bad = dir.resolve("bad.csv");
    java.nio.file.Files.writeString(bad, "a,b,label\n1,2,x\n3,4,y\n5,6\n6,7,y\n8,9,x\n10,11,y\n");
    DatasetRecord d = node.coordinator().datasets().importFile("alice", bad);
    JobRecord j = node.coordinator().submit("alice", spec("{\"dataset\":\"" + d.id() + "\",\"algorithm\":"
        + "\"random-forest\",\"params\":{\"trees\":4},\"resources\":{\"tasks\":2}}"));
    JobRecord done = await(node.coordinator(), j.id());
    assertThat(done.status()).isEqualTo(JobStatus.FAILED);
    assertThat(done.error().orElseThrow()).contains("bad.csv").contains("line 4");
  }
}
