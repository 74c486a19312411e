package dev.trainyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.ml.TestDatasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static String iris() {
    return TestDatasets.file("iris.csv").toString();
  }

  @Test
  void helpListsTheCommands() {
    CliRun r = CliRun.of("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("train", "predict", "algorithms");
  }

  @Test
  void unknownAlgorithmExitsWithCode2AndNamesTheKnownOnes() {
    CliRun r = CliRun.of("train", "--data", iris(), "--algo", "xgboost");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown algorithm 'xgboost'; known algorithms: logistic, softmax, linear, random-forest, als, mlp");
    assertThat(r.err()).doesNotContain("Exception");
  }

  @Test
  void parameterOutOfRangeIsRejectedBeforeReadingData() {
    CliRun r = CliRun.of("train", "--data", "/no/such/file.csv", "--algo", "random-forest", "--param", "trees=0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: trees must be between 1 and 10000, was 0\n");
  }

  @Test
  void unknownParameterListsTheKnownOnes() {
    CliRun r = CliRun.of("train", "--data", iris(), "--algo", "random-forest", "--param", "tres=10");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown parameter 'tres' for random-forest; known parameters: trees");
  }

  @Test
  void missingLabelColumnNamesTheColumns() {
    CliRun r = CliRun.of("train", "--data", iris(), "--label", "species", "--algo", "random-forest");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("iris.csv has no label column 'species'; columns are: [sepal_length_cm");
  }

  @Test
  void raggedRowNamesFileAndLine() throws IOException {
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "a,b,label\n1,2,0\n3,1\n");
    CliRun r = CliRun.of("train", "--data", bad.toString(), "--algo", "logistic");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: bad.csv line 3: expected 3 fields as in the header, found 2\n");
  }

  @Test
  void singleClassLabelIsRejected() throws IOException {
    Path one = dir.resolve("one.csv");
    Files.writeString(one, "a,label\n1,1\n2,1\n3,1\n");
    CliRun r = CliRun.of("train", "--data", one.toString(), "--algo", "random-forest");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("label column 'label' has a single class ('1'); classification needs at least two");
  }

  @Test
  void missingFileIsAClearError() {
    CliRun r = CliRun.of("train", "--data", dir.resolve("none.csv").toString(), "--algo", "softmax");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: file not found: ");
  }

  @Test
  void unknownOptionSuggestsUsage() {
    CliRun r = CliRun.of("train", "--data", iris(), "--algo", "softmax", "--sead", "1");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown options: '--sead'", "Possible solutions: --seed");
  }

  @Test
  void crossValidatedForestOnIrisPrintsJsonWithFoldsAndMetrics() throws IOException {
    CliRun r = CliRun.of("train", "--data", iris(), "--label", "label", "--algo", "random-forest",
        "--param", "trees=50", "--cv", "5", "--seed", "7", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.path("algorithm").asText()).isEqualTo("random-forest");
    assertThat(j.path("params").path("trees").asText()).isEqualTo("50");
    assertThat(j.path("folds")).hasSize(5);
    assertThat(j.path("metrics").path("accuracy").asDouble()).isGreaterThanOrEqualTo(0.93);
    assertThat(j.path("metrics").has("f1_macro")).isTrue();
    assertThat(j.path("metrics").has("auc")).isFalse();
    assertThat(j.path("train_seconds").asDouble()).isPositive();
  }

  @Test
  void savedModelPredictsFromTheCommandLine() throws IOException {
    Path model = dir.resolve("iris.model");
    Path out = dir.resolve("pred.csv");
    CliRun train = CliRun.of("train", "--data", iris(), "--algo", "softmax", "--save-model", model.toString(),
        "--test-fraction", "0.2");
    assertThat(train.exitCode()).as(train.err()).isZero();
    assertThat(train.out()).contains("accuracy", "model saved to");
    CliRun predict = CliRun.of("predict", "--model", model.toString(), "--data", iris(), "--output", out.toString());
    assertThat(predict.exitCode()).as(predict.err()).isZero();
    assertThat(predict.err()).contains("metrics on iris.csv: accuracy=");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(151);
    assertThat(lines.get(0)).isEqualTo("prediction,prob_0,prob_1,prob_2");
    assertThat(lines.get(1)).startsWith("0,");
  }

  @Test
  void exampleWithCategoricalsAndMissingValuesTrainsEndToEnd() throws IOException {
    Path example = Path.of("..", "examples", "churn.csv");
    CliRun r = CliRun.of("train", "--data", example.toString(), "--label", "churned", "--algo", "logistic",
        "--cv", "3", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.path("metrics").path("auc").asDouble()).isGreaterThan(0.7);
  }

  @Test
  void sameSeedGivesTheSameMetricsWhateverTheThreadCount() throws IOException {
    String[] base = {"train", "--data", iris(), "--algo", "random-forest", "--param", "trees=20", "--cv", "3", "--json"};
    JsonNode one = JSON.readTree(CliRun.of(concat(base, "--threads", "1")).out());
    JsonNode three = JSON.readTree(CliRun.of(concat(base, "--threads", "3")).out());
    assertThat(three.path("folds")).isEqualTo(one.path("folds"));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void softmaxTrainsOnInProcessParameterServerShards() throws IOException {
    CliRun r = CliRun.of("train", "--data", iris(), "--algo", "softmax", "--cv", "3", "--workers", "2",
        "--ps-shards", "2", "--consistency", "ssp", "--staleness", "1", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).path("metrics").path("accuracy").asDouble()).isGreaterThan(0.9);
  }

  @Test
  void parameterServerFlagsAreCheckedBeforeTraining() {
    CliRun forest = CliRun.of("train", "--data", iris(), "--algo", "random-forest", "--workers", "2");
    assertThat(forest.exitCode()).isEqualTo(2);
    assertThat(forest.err()).contains("random-forest does not train on the parameter server");
    CliRun both = CliRun.of("train", "--data", iris(), "--algo", "softmax", "--ps", "127.0.0.1:1", "--ps-shards", "2");
    assertThat(both.err()).isEqualTo("error: give either --ps (running shards) or --ps-shards (in-process shards), not both\n");
    CliRun mode = CliRun.of("train", "--data", iris(), "--algo", "softmax", "--workers", "2", "--consistency", "eventual");
    assertThat(mode.err()).isEqualTo("error: --consistency must be bsp, ssp or asp, was 'eventual'\n");
    CliRun address = CliRun.of("train", "--data", iris(), "--algo", "softmax", "--ps", "nohost");
    assertThat(address.err()).isEqualTo("error: --ps entries must be HOST:PORT, was 'nohost'\n");
  }

  @Test
  void unreachableShardIsAClearErrorNotAStackTrace() {
    CliRun r = CliRun.of("train", "--data", iris(), "--algo", "softmax", "--ps", "127.0.0.1:1", "--test-fraction", "0.2");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: parameter-server shard 127.0.0.1:1 is unreachable");
    assertThat(r.err()).doesNotContain("at dev.trainyard");
  }
}
