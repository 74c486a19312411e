package dev.trainyard.ml.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainyard.common.Ticker;
import dev.trainyard.ml.TestDatasets;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.pipeline.Experiment;
import dev.trainyard.ml.pipeline.ExperimentResult;
import dev.trainyard.ml.pipeline.ExperimentSpec;
import dev.trainyard.ml.pipeline.ModelFile;
import dev.trainyard.ml.pipeline.PipelineModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code mlp} algorithm through the same pipeline and model file users get. */
class MlpPipelineTest {
  private final ExecutorService executor = Executors.newFixedThreadPool(2);

  @AfterEach
  void shutDown() throws InterruptedException {
    executor.shutdown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void trainedPipelineSavesAndLoadsWithIdenticalPredictions() throws IOException {
    Frame iris = CsvReader.read(TestDatasets.file("iris.csv"), CsvOptions.defaults());
    ExperimentSpec spec = new ExperimentSpec("mlp", "label", Map.of("hidden", "16,8", "activation", "tanh", "learning_rate", "0.01"),
        new ExperimentSpec.Validation.Fraction(0.3), 42, "iris.csv", "");
    ExperimentResult result = new Experiment(executor, 2, s -> ProgressListener.NONE, Ticker.SYSTEM)
        .run(iris, spec, true);
    System.out.printf("iris mlp 16,8 tanh hold-out accuracy %.4f%n", result.metrics().get("accuracy"));
    assertThat(result.metrics().get("accuracy")).isGreaterThanOrEqualTo(0.9);
    PipelineModel model = result.model().orElseThrow();
    assertThat(model.model()).isInstanceOf(MlpModel.class);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelFile.write(model, new DataOutputStream(bytes));
    PipelineModel back = ModelFile.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), "test");

    assertThat(back.model().formatId()).isEqualTo("mlp/1");
    assertThat(back.provenance().params()).containsEntry("hidden", "16,8");
    assertThat(back.predict(iris).values()).isDeepEqualTo(model.predict(iris).values());
  }
}
