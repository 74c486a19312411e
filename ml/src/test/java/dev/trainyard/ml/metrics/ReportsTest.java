package dev.trainyard.ml.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportsTest {
  private static final List<String> ABC = List.of("a", "b", "c");

  @Test
  void confusionMatrixCountsTrueAgainstPredictedAndScoresEachClass() {
    ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 0, 1, 1, 2, 2}, new int[] {0, 1, 1, 1, 2, 0}, ABC);

    assertThat(m.counts()).isDeepEqualTo(new long[][] {{1, 1, 0}, {0, 2, 0}, {1, 0, 1}});
    assertThat(m.classes()).containsExactly("a", "b", "c");
    assertThat(m.precision(0)).isEqualTo(0.5);
    assertThat(m.precision(1)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(m.precision(2)).isEqualTo(1.0);
    assertThat(m.recall(0)).isEqualTo(0.5);
    assertThat(m.recall(1)).isEqualTo(1.0);
    assertThat(m.recall(2)).isEqualTo(0.5);
    assertThat(m.f1(1)).isCloseTo(0.8, within(1e-12));
    assertThat(m.f1(2)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(m.score(2)).isEqualTo(new ClassScore("c", 1.0, 0.5, m.f1(2), 2));
  }

  @Test
  void macroAveragesAreUnweightedMeansOverTheClasses() {
    ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 0, 1, 1, 2, 2}, new int[] {0, 1, 1, 1, 2, 0}, ABC);

    assertThat(m.precisionMacro()).isCloseTo((0.5 + 2.0 / 3 + 1) / 3, within(1e-12));
    assertThat(m.recallMacro()).isCloseTo((0.5 + 1 + 0.5) / 3, within(1e-12));
    assertThat(m.f1Macro()).isCloseTo((0.5 + 0.8 + 2.0 / 3) / 3, within(1e-12));
  }

  @Test
  void aClassNeitherTrueNorPredictedIsLeftOutOfMacroAverages() {
    ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 1}, ABC);

    assertThat(m.f1Macro()).isEqualTo(1.0);
    assertThat(m.f1(2)).isZero();
  }

  @Test
  void confusionMatrixIsNotChangedThroughTheArrayItReturns() {
    ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 1}, List.of("x", "y"));

    m.counts()[0][0] = 99;

    assertThat(m.count(0, 0)).isEqualTo(1);
  }

  @Test
  void binaryReportHasExactlyTheClassificationKeysIncludingAuc() {
    int[] y = {0, 0, 1, 1};
    double[][] p = {{0.9, 0.1}, {0.6, 0.4}, {0.65, 0.35}, {0.2, 0.8}};

    ClassificationReport r = ClassificationReport.of(new Target.Classes(y, List.of("no", "yes")), p);

    assertThat(r.metrics().keySet())
        .containsExactly("accuracy", "log_loss", "auc", "f1_macro", "precision_macro", "recall_macro");
    assertThat(r.accuracy()).isEqualTo(0.75);
    assertThat(r.auc()).isEqualTo(0.75);
    assertThat(r.logLoss())
        .isCloseTo(-(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4, within(1e-12));
    // predicted 0, 0, 0, 1: class "no" P = 2/3 R = 1, class "yes" P = 1 R = 1/2
    assertThat(r.metrics().get("precision_macro")).isCloseTo((2.0 / 3 + 1) / 2, within(1e-12));
    assertThat(r.metrics().get("recall_macro")).isCloseTo(0.75, within(1e-12));
    assertThat(r.perClass()).extracting(ClassScore::className).containsExactly("no", "yes");
  }

  @Test
  void multiclassReportHasNoAuc() {
    double[][] p = {{0.7, 0.2, 0.1}, {0.1, 0.8, 0.1}, {0.3, 0.3, 0.4}};

    ClassificationReport r = ClassificationReport.of(new int[] {0, 1, 2}, p, ABC);

    assertThat(r.metrics().keySet())
        .containsExactly("accuracy", "log_loss", "f1_macro", "precision_macro", "recall_macro");
    assertThat(r.auc()).isNaN();
    assertThat(r.metrics().get("f1_macro")).isEqualTo(1.0);
  }

  @Test
  void probabilitiesWithTheWrongNumberOfClassesAreRejected() {
    assertThatThrownBy(() -> ClassificationReport.of(new int[] {0, 1}, new double[][] {{1, 0, 0}, {0, 1}}, ABC))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("probabilities must have one column per class (3), row 1 has 2");
  }

  @Test
  void reportMapsCannotBeModified() {
    ClassificationReport r = ClassificationReport.of(new int[] {0, 1}, new double[][] {{1, 0}, {0, 1}}, List.of("a", "b"));

    assertThatThrownBy(() -> r.metrics().put("accuracy", 0.0)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void regressionReportHasExactlyRmseMaeAndR2() {
    RegressionReport r = RegressionReport.of(new Target.Values(new float[] {1, 2, 3}), new double[][] {{1}, {2}, {4}});

    assertThat(r.metrics().keySet()).containsExactly("rmse", "mae", "r2");
    assertThat(r.rmse()).isCloseTo(Math.sqrt(1.0 / 3), within(1e-12));
    assertThat(r.mae()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(r.r2()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void crossValidationSummaryGivesMeanAndSampleStdPerKey() {
    CrossValidationSummary s = CrossValidationSummary.of(List.of(
        Map.of("rmse", 1.0, "r2", 0.5), Map.of("rmse", 2.0, "r2", 0.5), Map.of("rmse", 3.0, "r2", 0.5)));

    assertThat(s.folds()).hasSize(3);
    assertThat(s.mean()).containsEntry("rmse", 2.0).containsEntry("r2", 0.5);
    // sample std of 1, 2, 3: sqrt((1 + 0 + 1) / 2) = 1
    assertThat(s.std()).containsEntry("rmse", 1.0).containsEntry("r2", 0.0);
  }

  @Test
  void crossValidationSummaryKeepsTheKeyOrderOfTheReports() {
    RegressionReport a = RegressionReport.of(new float[] {1, 2}, new double[] {1, 2});
    RegressionReport b = RegressionReport.of(new float[] {1, 2}, new double[] {2, 1});

    CrossValidationSummary s = CrossValidationSummary.ofRegression(List.of(a, b));

    assertThat(s.mean().keySet()).containsExactly("rmse", "mae", "r2");
    assertThat(s.mean().get("rmse")).isEqualTo(0.5);
    assertThat(s.std().get("rmse")).isCloseTo(Math.sqrt(0.5), within(1e-12));
  }

  @Test
  void crossValidationSummaryRejectsFewerThanTwoFoldsAndDifferentKeys() {
    assertThatThrownBy(() -> CrossValidationSummary.of(List.of(Map.of("mae", 1.0))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("cross-validation needs at least 2 folds, was 1");
    assertThatThrownBy(() -> CrossValidationSummary.of(List.of(Map.of("mae", 1.0), Map.of("rmse", 1.0))))
        .hasMessage("every fold must report the same metrics: fold 0 has [mae], fold 1 has [rmse]");
  }
}
