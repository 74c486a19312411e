package dev.trainyard.ml.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.FeatureMatrix;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class BinnedFeaturesTest {

  private static FeatureMatrix matrix(float[]... cols) {
    String[] names = new String[cols.length];
    Arrays.setAll(names, j -> "f" + j);
    return new FeatureMatrix(List.of(names), cols, cols[0].length);
  }

  @Test
  void fewDistinctFractionalValuesGetOneBinEachWithMidpointEdges() {
    float[] col = {0.25f, -3.5f, 7f, 0.25f, 7f, 0.1f};
    BinnedFeatures b = BinnedFeatures.of(matrix(col), 256);

    assertThat(b.numBins(0)).isEqualTo(4);
    assertThat(new float[] {b.edge(0, 0), b.edge(0, 1), b.edge(0, 2)})
        .containsExactly((-3.5f + 0.1f) / 2, (0.1f + 0.25f) / 2, (0.25f + 7f) / 2);
    int[] bins = new int[col.length];
    Arrays.setAll(bins, i -> b.bin(i, 0));
    assertThat(bins).containsExactly(2, 0, 3, 2, 3, 1);
  }

  @Test
  void integerColumnsAreBinnedExactlyLikeTheirFractionalShift() {
    SplittableRandom rng = new SplittableRandom(1);
    float[] ints = new float[5000];
    float[] shifted = new float[5000];
    for (int i = 0; i < ints.length; i++) {
      ints[i] = rng.nextInt(256) * 3 - 100;
      shifted[i] = ints[i] + 0.5f; // not integers: takes the hashing path
    }
    BinnedFeatures b = BinnedFeatures.of(matrix(ints, shifted), 256);

    assertThat(b.numBins(0)).isEqualTo(256).isEqualTo(b.numBins(1));
    assertThat(b.bins(0)).isEqualTo(b.bins(1));
    assertThat(b.edge(0, 0)).isEqualTo(-98.5f);
    assertThat(b.edge(1, 0)).isEqualTo(-98f);
  }

  @Test
  void exactlyMaxBinsDistinctValuesStayExactAndOneMoreSwitchesToQuantiles() {
    float[] col = new float[1000];
    for (int i = 0; i < col.length; i++) {
      col[i] = (i % 16) * 0.5f;
    }
    assertThat(BinnedFeatures.of(matrix(col), 16).numBins(0)).isEqualTo(16);

    col[999] = 100.25f; // a 17th distinct value
    BinnedFeatures b = BinnedFeatures.of(matrix(col), 16);
    assertThat(b.numBins(0)).isLessThanOrEqualTo(16);
    assertEdgesSeparateValues(b, col);
  }

  @Test
  void manyDistinctValuesGetEqualFrequencyBinsThatSeparateEveryValue() {
    SplittableRandom rng = new SplittableRandom(7);
    float[] col = new float[20_000];
    for (int i = 0; i < col.length; i++) {
      col[i] = (float) rng.nextGaussian();
    }
    BinnedFeatures b = BinnedFeatures.of(matrix(col), 64);

    assertThat(b.numBins(0)).isEqualTo(64);
    int[] counts = new int[64];
    for (int i = 0; i < col.length; i++) {
      counts[b.bin(i, 0)]++;
    }
    assertThat(Arrays.stream(counts).min().getAsInt()).isGreaterThan(col.length / 64 - 5);
    assertThat(Arrays.stream(counts).max().getAsInt()).isLessThan(col.length / 64 + 5);
    assertEdgesSeparateValues(b, col);
  }

  @Test
  void heavyTiesNeverStraddleAnEdge() {
    float[] col = new float[3000];
    for (int i = 0; i < col.length; i++) {
      col[i] = i < 2000 ? 1f : i * 0.001f; // one value holds two thirds of the rows
    }
    BinnedFeatures b = BinnedFeatures.of(matrix(col), 8);
    assertEdgesSeparateValues(b, col);
    assertThat(b.bin(0, 0)).isEqualTo(b.bin(1999, 0));
  }

  @Test
  void adjacentFloatsAreStillSeparated() {
    float a = 1f;
    float c = Math.nextUp(a);
    float[] col = {a, c, a, c};
    BinnedFeatures b = BinnedFeatures.of(matrix(col), 2);
    assertThat(b.edge(0, 0)).isGreaterThanOrEqualTo(a).isLessThan(c);
    assertEdgesSeparateValues(b, col);
  }

  @Test
  void constantFeatureHasOneBinAndNegativeZeroIsZero() {
    BinnedFeatures b = BinnedFeatures.of(matrix(new float[] {0f, -0f, 0f}), 256);
    assertThat(b.numBins(0)).isEqualTo(1);
    assertThat(b.bins(0)).containsOnly(0);
  }

  @Test
  void parallelBinningEqualsSequentialBinning() {
    SplittableRandom rng = new SplittableRandom(3);
    float[][] cols = new float[7][500];
    for (float[] c : cols) {
      for (int i = 0; i < c.length; i++) {
        c[i] = rng.nextInt(3) == 0 ? rng.nextInt(10) : (float) rng.nextDouble();
      }
    }
    ExecutorService ex = Executors.newFixedThreadPool(3);
    try {
      BinnedFeatures seq = BinnedFeatures.of(matrix(cols), 32);
      BinnedFeatures par = BinnedFeatures.of(matrix(cols), 32, ex, 3);
      for (int j = 0; j < cols.length; j++) {
        assertThat(par.bins(j)).isEqualTo(seq.bins(j));
        assertThat(par.numBins(j)).isEqualTo(seq.numBins(j));
      }
      assertThat(par.rowMajor()).isEqualTo(seq.rowMajor());
      assertThat(seq.rowMajor()[3 * 7 + 5]).isEqualTo(seq.bins(5)[3]);
    } finally {
      ex.shutdownNow();
    }
  }

  @Test
  void nanIsRejectedNamingFeatureAndRow() {
    assertThatThrownBy(() -> BinnedFeatures.of(matrix(new float[] {1f, 2f}, new float[] {0.5f, Float.NaN}), 256))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("features must not be NaN, found one in feature 1 at row 1");
  }

  @Test
  void maxBinsOutsideTwoTo256IsRejected() {
    assertThatThrownBy(() -> BinnedFeatures.of(matrix(new float[] {1f}), 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("max_bins must be between 2 and 256, was 1");
  }

  /** Every value is above the edge below its bin and at most the edge above it. */
  private static void assertEdgesSeparateValues(BinnedFeatures b, float[] col) {
    for (int i = 0; i < col.length; i++) {
      int bin = b.bin(i, 0);
      if (bin > 0) {
        assertThat(col[i]).isGreaterThan(b.edge(0, bin - 1));
      }
      if (bin < b.numBins(0) - 1) {
        assertThat(col[i]).isLessThanOrEqualTo(b.edge(0, bin));
      }
    }
  }
}
