package dev.trainyard.ml.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainyard.common.InvalidInputException;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void accuracyIsTheShareOfMatchingCodes() {
    assertThat(Metrics.accuracy(new int[] {0, 1, 1, 2}, new int[] {0, 1, 2, 2})).isEqualTo(0.75);
  }

  @Test
  void logLossIsTheMeanNegativeNaturalLogOfTheTrueClassProbability() {
    double[][] p = {{0.8, 0.2}, {0.3, 0.7}};

    // -(ln 0.8 + ln 0.7) / 2
    assertThat(Metrics.logLoss(new int[] {0, 1}, p)).isCloseTo(0.2899092476, within(1e-9));
  }

  @Test
  void logLossClipsAZeroProbabilityToAFiniteValue() {
    assertThat(Metrics.logLoss(new int[] {0}, new double[][] {{0.0, 1.0}}))
        .isCloseTo(-Math.log(1e-15), within(1e-9));
    assertThat(Metrics.logLoss(new int[] {1}, new double[][] {{0.0, 1.0}})).isCloseTo(0, within(1e-14));
  }

  @Test
  void logLossRejectsAClassCodeWithoutAProbability() {
    assertThatThrownBy(() -> Metrics.logLoss(new int[] {0, 2}, new double[][] {{0.5, 0.5}, {0.5, 0.5}}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("class codes must be between 0 and 1, was 2 at row 1");
  }

  @Test
  void aucOfAPerfectClassifierIsOneAndOfAnInvertedOneIsZero() {
    int[] y = {0, 0, 1, 1, 0, 1};
    double[] s = {0.1, 0.2, 0.8, 0.9, 0.3, 0.7};
    double[] inverted = {0.9, 0.8, 0.2, 0.1, 0.7, 0.3};

    assertThat(Metrics.rocAuc(y, s)).isEqualTo(1.0);
    assertThat(Metrics.rocAuc(y, inverted)).isEqualTo(0.0);
  }

  @Test
  void aucCountsOneMisorderedPairOutOfFour() {
    assertThat(Metrics.rocAuc(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.4, 0.35, 0.8})).isEqualTo(0.75);
  }

  @Test
  void aucCountsTiesBetweenAPositiveAndANegativeAsOneHalf() {
    // Positives 0.35, 0.8, 0.4 against negatives 0.1, 0.4, 0.4:
    // 0.35 beats 1; 0.8 beats 3; 0.4 beats 1 and ties 2 -> (1 + 3 + 1 + 0.5 + 0.5) / 9 = 6/9.
    int[] y = {0, 0, 1, 1, 0, 1};
    double[] s = {0.1, 0.4, 0.35, 0.8, 0.4, 0.4};

    assertThat(Metrics.rocAuc(y, s)).isCloseTo(6.0 / 9, within(1e-12));
  }

  @Test
  void aucOfConstantScoresIsOneHalf() {
    assertThat(Metrics.rocAuc(new int[] {0, 1, 1, 0, 1}, new double[] {3, 3, 3, 3, 3})).isEqualTo(0.5);
  }

  @Test
  void aucTreatsNegativeAndPositiveZeroAsATie() {
    assertThat(Metrics.rocAuc(new int[] {1, 0}, new double[] {-0.0, 0.0})).isEqualTo(0.5);
  }

  @Test
  void aucIsNaNWhenOnlyOneClassOccurs() {
    assertThat(Metrics.rocAuc(new int[] {1, 1}, new double[] {0.2, 0.9})).isNaN();
  }

  @Test
  void aucRejectsCodesOtherThanZeroAndOneAndNaNScores() {
    assertThatThrownBy(() -> Metrics.rocAuc(new int[] {0, 2}, new double[] {0.1, 0.2}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("auc needs class codes 0 and 1, was 2 at row 1");
    assertThatThrownBy(() -> Metrics.rocAuc(new int[] {0, 1}, new double[] {0.1, Double.NaN}))
        .hasMessage("scores must not be NaN, was NaN at row 1");
  }

  @Test
  void regressionErrorsMatchAHandComputedExample() {
    float[] y = {3f, -0.5f, 2f, 7f};
    double[] p = {2.5, 0.0, 2.0, 8.0};

    // squared errors 0.25, 0.25, 0, 1; mean of y = 2.875, SS_tot = 29.1875, SS_res = 1.5
    assertThat(Metrics.rmse(y, p)).isCloseTo(Math.sqrt(0.375), within(1e-12));
    assertThat(Metrics.mae(y, p)).isCloseTo(0.5, within(1e-12));
    assertThat(Metrics.r2(y, p)).isCloseTo(1 - 1.5 / 29.1875, within(1e-12));
  }

  @Test
  void r2OfAConstantTargetIsOneWhenPerfectAndZeroOtherwise() {
    assertThat(Metrics.r2(new float[] {2, 2}, new double[] {2, 2})).isEqualTo(1.0);
    assertThat(Metrics.r2(new float[] {2, 2}, new double[] {2, 3})).isEqualTo(0.0);
  }

  @Test
  void r2OfPredictingTheMeanIsZero() {
    assertThat(Metrics.r2(new float[] {1, 2, 3}, new double[] {2, 2, 2})).isEqualTo(0.0);
  }

  @Test
  void mismatchedOrEmptyInputsAreRejected() {
    assertThatThrownBy(() -> Metrics.rmse(new float[] {1, 2}, new double[] {1}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("predictions must have one row per true value: 2 true values, 1 predictions");
    assertThatThrownBy(() -> Metrics.accuracy(new int[0], new int[0]))
        .hasMessage("metrics need at least 1 row, was 0");
  }

  @Test
  void argmaxBreaksTiesTowardsTheLowestClass() {
    assertThat(Metrics.argmax(new double[][] {{0.5, 0.5}, {0.2, 0.3, 0.5}, {0.4, 0.4, 0.2}}))
        .containsExactly(0, 2, 0);
  }
}
