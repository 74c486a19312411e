package dev.trainyard.ml.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Target;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TreeGrowerTest {
  private static final TreeParams ALL_FEATURES = new TreeParams(Criterion.GINI, 0, 1, 2, Integer.MAX_VALUE);

  private static FeatureMatrix matrix(float[]... cols) {
    String[] names = new String[cols.length];
    Arrays.setAll(names, j -> "f" + j);
    return new FeatureMatrix(List.of(names), cols, cols[0].length);
  }

  private static Target.Classes classes(int k, int... codes) {
    String[] names = new String[k];
    Arrays.setAll(names, c -> "c" + c);
    return new Target.Classes(codes, List.of(names));
  }

  private static int[] ones(int n) {
    int[] c = new int[n];
    Arrays.fill(c, 1);
    return c;
  }

  private static double[] predict(Tree t, float... x) {
    double[] out = new double[t.width()];
    t.addPrediction(x, out);
    return out;
  }

  @Test
  void treeFindsTheObviousSplitOnAHandMadeDataset() {
    float[] noise = {3, 1, 4, 1, 5, 9, 2, 6};
    float[] signal = {1, 2, 3, 4, 6, 7, 8, 9};
    Target.Classes y = classes(2, 0, 0, 0, 0, 1, 1, 1, 1);
    FeatureMatrix x = matrix(noise, signal);

    Tree t = TreeGrower.create(BinnedFeatures.of(x, 256), y, ALL_FEATURES).grow(ones(8), 1).tree();

    assertThat(t.nodeCount()).isEqualTo(3);
    assertThat(t.depth()).isEqualTo(1);
    assertThat(predict(t, 100, 4.9f)).containsExactly(1.0, 0.0);
    assertThat(predict(t, -100, 5.1f)).containsExactly(0.0, 1.0);
    assertThat(predict(t, 0, 5f)).as("threshold is the midpoint 5, and x <= 5 goes left").containsExactly(1.0, 0.0);
  }

  @Test
  void xorIsLearnedThroughAZeroGainFirstSplit() {
    float[] a = {0, 0, 1, 1, 0, 0, 1, 1};
    float[] b = {0, 1, 0, 1, 0, 1, 0, 1};
    Target.Classes y = classes(2, 0, 1, 1, 0, 0, 1, 1, 0);

    Tree t = TreeGrower.create(BinnedFeatures.of(matrix(a, b), 256), y, ALL_FEATURES).grow(ones(8), 1).tree();

    assertThat(t.leafCount()).isEqualTo(4);
    assertThat(predict(t, 0, 0)[0]).isEqualTo(1.0);
    assertThat(predict(t, 0, 1)[1]).isEqualTo(1.0);
    assertThat(predict(t, 1, 0)[1]).isEqualTo(1.0);
    assertThat(predict(t, 1, 1)[0]).isEqualTo(1.0);
  }

  @Test
  void leavesHoldWeightedClassFrequenciesAndRespectDepthAndLeafSize() {
    float[] x = {1, 2, 3, 4, 5, 6};
    Target.Classes y = classes(3, 0, 1, 2, 0, 1, 2);
    int[] counts = {3, 1, 0, 0, 0, 0}; // only rows 0 and 1, row 0 drawn three times
    TreeParams stump = new TreeParams(Criterion.GINI, 0, 4, 2, 1);

    Tree t = TreeGrower.create(BinnedFeatures.of(matrix(x), 256), y, stump).grow(counts, 1).tree();

    assertThat(t.nodeCount()).as("a split would leave fewer than 4 draws in a leaf").isEqualTo(1);
    assertThat(predict(t, 1)).containsExactly(0.75, 0.25, 0.0);

    TreeParams depthOne = new TreeParams(Criterion.ENTROPY, 1, 1, 2, 1);
    Tree d = TreeGrower.create(BinnedFeatures.of(matrix(x), 256), y, depthOne).grow(ones(6), 1).tree();
    assertThat(d.depth()).isEqualTo(1);
  }

  @Test
  void histogramAndSortedScansAndBothLayoutsGrowTheSameTree() {
    SplittableRandom rng = new SplittableRandom(5);
    int n = 3000;
    float[][] cols = new float[6][n];
    int[] codes = new int[n];
    for (int i = 0; i < n; i++) {
      for (float[] c : cols) {
        c[i] = rng.nextInt(40);
      }
      codes[i] = (cols[0][i] + cols[1][i] > 40 ? 1 : 0) + (rng.nextInt(5) == 0 ? 1 : 0);
    }
    BinnedFeatures b = BinnedFeatures.of(matrix(cols), 256);
    Target.Classes y = classes(3, codes);
    int[] counts = new int[n];
    for (int i = 0; i < n; i++) {
      counts[rng.nextInt(n)]++;
    }
    TreeParams p = new TreeParams(Criterion.GINI, 0, 1, 2, 2);

    byte[] histogram = bytes(TreeGrower.create(b, y, p, 0, 0).grow(counts, 9).tree());
    byte[] sorted = bytes(TreeGrower.create(b, y, p, Integer.MAX_VALUE, Integer.MAX_VALUE).grow(counts, 9).tree());
    byte[] mixed = bytes(TreeGrower.create(b, y, p, 300, 700).grow(counts, 9).tree());

    assertThat(sorted).isEqualTo(histogram).isEqualTo(mixed);
  }

  @Test
  void regressionTreeFitsAStepFunctionExactly() {
    float[] x = new float[100];
    float[] v = new float[100];
    for (int i = 0; i < 100; i++) {
      x[i] = i;
      v[i] = i < 30 ? -2f : i < 70 ? 5f : 1f;
    }
    TreeParams p = new TreeParams(Criterion.VARIANCE, 0, 1, 2, 1);

    Tree t = TreeGrower.create(BinnedFeatures.of(matrix(x), 256), new Target.Values(v), p).grow(ones(100), 1).tree();

    assertThat(t.leafCount()).isEqualTo(3);
    assertThat(predict(t, 10)).containsExactly(-2.0);
    assertThat(predict(t, 50)).containsExactly(5.0);
    assertThat(predict(t, 99)).containsExactly(1.0);
  }

  @Test
  void impurityDecreaseGoesToTheFeatureThatSplits() {
    float[] noise = {1, 1, 1, 1};
    float[] signal = {0, 0, 1, 1};
    GrownTree g = TreeGrower.create(BinnedFeatures.of(matrix(noise, signal), 256), classes(2, 0, 0, 1, 1),
        ALL_FEATURES).grow(ones(4), 1);
    // Gini: root 4 * (1 - 0.5^2 - 0.5^2) = 2, pure children 0.
    assertThat(g.impurityDecrease()).containsExactly(0.0, 2.0);
  }

  @Test
  void treeRoundTripsThroughItsBinaryFormAndRejectsCorruptNodes() throws IOException {
    float[] x = {1, 2, 3, 4};
    Tree t = TreeGrower.create(BinnedFeatures.of(matrix(x), 256), classes(2, 0, 1, 0, 1), ALL_FEATURES)
        .grow(ones(4), 1).tree();
    byte[] bytes = bytes(t);

    Tree back = Tree.read(new DataInputStream(new ByteArrayInputStream(bytes)), 1);
    assertThat(bytes(back)).isEqualTo(bytes);

    assertThatThrownBy(() -> Tree.read(new DataInputStream(new ByteArrayInputStream(bytes)), 0))
        .isInstanceOf(IOException.class)
        .hasMessage("corrupt tree node 0");
  }

  @Test
  void criterionMustMatchTheTarget() {
    BinnedFeatures b = BinnedFeatures.of(matrix(new float[] {1, 2}), 256);
    assertThatThrownBy(() -> TreeGrower.create(b, new Target.Values(new float[] {1, 2}), ALL_FEATURES))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("criterion gini needs a class target");
  }

  private static byte[] bytes(Tree t) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      t.write(out);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return bytes.toByteArray();
  }
}
