package dev.trainyard.ml.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainyard.common.Executors2;
import dev.trainyard.common.Ticker;
import dev.trainyard.ml.TestDatasets;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.model.ProgressListener;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The accuracy bars of issue 2 on the real datasets, through the same pipeline users run. */
class QualityTest {
  private static final ExecutorService POOL = Executors2.fixed(2, "quality");

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  static ExperimentResult cv(String file, String algorithm, Map<String, String> params, int folds) {
    Frame data = CsvReader.read(TestDatasets.file(file), CsvOptions.defaults());
    ExperimentSpec spec = new ExperimentSpec(algorithm, "label", params,
        new ExperimentSpec.Validation.CrossValidation(folds), 42, file, "");
    return new Experiment(POOL, 2, s -> ProgressListener.NONE, Ticker.SYSTEM).run(data, spec, false);
  }

  @Test
  void irisRandomForestReaches093In5FoldCrossValidation() {
    assertThat(cv("iris.csv", "random-forest", Map.of(), 5).metrics().get("accuracy")).isGreaterThanOrEqualTo(0.93);
  }

  @Test
  void breastCancerStandardizedLogisticRegressionReaches096() {
    ExperimentResult r = cv("breast_cancer.csv", "logistic", Map.of("scaling", "standardize"), 5);
    assertThat(r.metrics().get("accuracy")).isGreaterThanOrEqualTo(0.96);
    assertThat(r.metrics().get("auc")).isGreaterThan(0.98);
  }

  @Test
  void digitsSoftmaxReaches095() {
    assertThat(cv("digits.csv", "softmax", Map.of(), 5).metrics().get("accuracy")).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void digitsRandomForestReaches096() {
    assertThat(cv("digits.csv", "random-forest", Map.of(), 5).metrics().get("accuracy")).isGreaterThanOrEqualTo(0.96);
  }

  @Test
  void crossValidationReportsEveryFoldAndTheSpread() {
    ExperimentResult r = cv("iris.csv", "softmax", Map.of(), 5);
    assertThat(r.folds()).hasSize(5);
    assertThat(r.metricsStd()).containsKey("accuracy");
    assertThat(r.confusion()).isPresent();
    assertThat(r.confusion().get().counts()[0][0] + r.confusion().get().counts()[0][1] + r.confusion().get().counts()[0][2])
        .isEqualTo(50);
  }
}
