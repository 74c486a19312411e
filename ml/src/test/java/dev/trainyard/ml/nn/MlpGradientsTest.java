package dev.trainyard.ml.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MlpGradientsTest {
  /** Sizes not multiples of 4, so every remainder loop runs. */
  private static final MlpLayout LAYOUT = MlpLayout.ofSizes(5, 6, 3, 3);
  private static final int ROWS = 70; // more than one kernel block

  private static float[] features(int n, int d, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  private static int[] labels(int n, int k, long seed) {
    Random r = new Random(seed);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(k);
    }
    return y;
  }

  /** Initial weights plus random biases, so ReLU units are neither all on nor all off. */
  private static float[] params(MlpLayout layout, Activation act, long seed) {
    float[] p = MlpGradients.initialize(layout, act, seed);
    Random r = new Random(seed + 1);
    for (int l = 1; l <= layout.layers(); l++) {
      for (int o = 0; o < layout.fanOut(l); o++) {
        p[layout.biasOffset(l) + o] = (float) (0.3 * r.nextGaussian());
      }
    }
    return p;
  }

  /** A plain double-precision forward pass written independently of the kernel: the summed loss. */
  private static double referenceLoss(MlpLayout layout, Activation act, double[] p, float[] x, int[] rows, int[] y) {
    double loss = 0;
    for (int r : rows) {
      double[] a = new double[layout.inputs()];
      for (int i = 0; i < a.length; i++) {
        a[i] = x[r * layout.inputs() + i];
      }
      for (int l = 1; l <= layout.layers(); l++) {
        double[] z = new double[layout.fanOut(l)];
        for (int o = 0; o < z.length; o++) {
          z[o] = p[layout.biasOffset(l) + o];
          for (int i = 0; i < a.length; i++) {
            z[o] += p[layout.weightOffset(l) + o * a.length + i] * a[i];
          }
          if (l < layout.layers()) {
            z[o] = act == Activation.RELU ? Math.max(0, z[o]) : Math.tanh(z[o]);
          }
        }
        a = z;
      }
      double max = Arrays.stream(a).max().orElseThrow();
      double sum = Arrays.stream(a).map(v -> Math.exp(v - max)).sum();
      loss += max + Math.log(sum) - a[y[r]];
    }
    return loss;
  }

  private static void checkAgainstFiniteDifferences(Activation act) {
    float[] x = features(ROWS, 5, 1);
    int[] y = labels(ROWS, 3, 2);
    int[] rows = new int[ROWS];
    for (int i = 0; i < ROWS; i++) {
      rows[i] = (i * 37) % ROWS; // a permutation, as after shuffling
    }
    float[] p = params(LAYOUT, act, 3);
    float[] grad = new float[LAYOUT.paramCount()];
    double loss = MlpGradients.lossAndGradient(LAYOUT, act, p, x, 5, rows, 0, ROWS, y, 0, 0, grad, new MlpWorkspace());

    double[] pd = new double[p.length];
    for (int j = 0; j < p.length; j++) {
      pd[j] = p[j];
    }
    assertThat(loss).isCloseTo(referenceLoss(LAYOUT, act, pd, x, rows, y), within(1e-4 * ROWS));
    double h = 1e-6;
    for (int j = 0; j < p.length; j++) {
      double saved = pd[j];
      pd[j] = saved + h;
      double up = referenceLoss(LAYOUT, act, pd, x, rows, y);
      pd[j] = saved - h;
      double down = referenceLoss(LAYOUT, act, pd, x, rows, y);
      pd[j] = saved;
      double numeric = (up - down) / (2 * h);
      assertThat((double) grad[j]).as("d loss / d param %d", j).isCloseTo(numeric, within(1e-3 + 1e-3 * Math.abs(numeric)));
    }
  }

  @Test
  void tanhGradientMatchesFiniteDifferences() {
    checkAgainstFiniteDifferences(Activation.TANH);
  }

  @Test
  void reluGradientMatchesFiniteDifferences() {
    checkAgainstFiniteDifferences(Activation.RELU);
  }

  @Test
  void gradientWithDropoutMatchesFiniteDifferencesUnderTheSameMasks() {
    int n = 10;
    float[] x = features(n, 5, 12);
    int[] y = labels(n, 3, 13);
    int[] rows = java.util.stream.IntStream.range(0, n).toArray();
    float[] p = params(LAYOUT, Activation.TANH, 14);
    MlpWorkspace ws = new MlpWorkspace();
    float[] grad = new float[p.length];
    MlpGradients.lossAndGradient(LAYOUT, Activation.TANH, p, x, 5, rows, 0, n, y, 0.3, 99, grad, ws);
    // The masks depend only on the seed, so the loss is a smooth function of the parameters; float
    // precision of the forward pass limits the step to about 1e-2.
    float h = 1e-2f;
    for (int j = 0; j < p.length; j++) {
      float saved = p[j];
      p[j] = saved + h;
      double up = MlpGradients.lossAndGradient(LAYOUT, Activation.TANH, p, x, 5, rows, 0, n, y, 0.3, 99, null, ws);
      p[j] = saved - h;
      double down = MlpGradients.lossAndGradient(LAYOUT, Activation.TANH, p, x, 5, rows, 0, n, y, 0.3, 99, null, ws);
      p[j] = saved;
      double numeric = (up - down) / ((double) (saved + h) - (double) (saved - h));
      assertThat((double) grad[j]).as("d loss / d param %d", j).isCloseTo(numeric, within(3e-3 + 1e-2 * Math.abs(numeric)));
    }
  }

  /** What data-parallel workers do: each computes the gradient of its own row shard; the shards' sum is the batch's. */
  @Test
  void shardGradientsSumToTheWholeBatchGradient() {
    MlpLayout layout = MlpLayout.of(5, List.of(16, 8), 3);
    int n = 300;
    float[] x = features(n, 5, 15);
    int[] y = labels(n, 3, 16);
    int[] rows = java.util.stream.IntStream.range(0, n).toArray();
    float[] p = params(layout, Activation.RELU, 17);
    float[] whole = new float[p.length];
    double wholeLoss = MlpGradients.lossAndGradient(layout, Activation.RELU, p, x, 5, rows, 0, n, y, 0, 0, whole,
        new MlpWorkspace());
    float[] summed = new float[p.length];
    double summedLoss = 0;
    int[][] shards = {{0, 100}, {100, 230}, {230, 300}};
    for (int[] s : shards) {
      summedLoss += MlpGradients.lossAndGradient(layout, Activation.RELU, p, x, 5, rows, s[0], s[1], y, 0, 0, summed,
          new MlpWorkspace());
    }
    assertThat(summedLoss).isCloseTo(wholeLoss, within(1e-9 * n));
    for (int j = 0; j < p.length; j++) {
      assertThat(summed[j]).isCloseTo(whole[j], within(1e-4f + 1e-4f * Math.abs(whole[j])));
    }
    // Each layer is one contiguous range: weights then biases, covering the vector without gaps.
    int at = 0;
    for (int l = 1; l <= layout.layers(); l++) {
      assertThat(layout.layerOffset(l)).isEqualTo(at);
      assertThat(layout.biasOffset(l)).isEqualTo(at + layout.fanOut(l) * layout.fanIn(l));
      at += layout.layerLength(l);
    }
    assertThat(at).isEqualTo(p.length);
  }

  @Test
  void layoutPutsEachLayersWeightsThenBiasesInOneRange() {
    MlpLayout layout = MlpLayout.of(784, List.of(256, 128), 10);
    assertThat(layout.layers()).isEqualTo(3);
    assertThat(layout.layerOffset(1)).isZero();
    assertThat(layout.biasOffset(1)).isEqualTo(784 * 256);
    assertThat(layout.layerOffset(2)).isEqualTo(785 * 256);
    assertThat(layout.biasOffset(2)).isEqualTo(785 * 256 + 256 * 128);
    assertThat(layout.layerOffset(3)).isEqualTo(785 * 256 + 257 * 128);
    assertThat(layout.layerLength(3)).isEqualTo(129 * 10);
    assertThat(layout.paramCount()).isEqualTo(785 * 256 + 257 * 128 + 129 * 10);
  }

  @Test
  void gradientIsAddedIntoTheOutputAndDoesNotDependOnTheWorkspacesHistory() {
    float[] x = features(ROWS, 5, 4);
    int[] y = labels(ROWS, 3, 5);
    int[] rows = java.util.stream.IntStream.range(0, ROWS).toArray();
    float[] p = params(LAYOUT, Activation.RELU, 6);
    MlpWorkspace used = new MlpWorkspace();
    MlpGradients.lossAndGradient(MlpLayout.ofSizes(5, 9, 3), Activation.TANH,
        MlpGradients.initialize(MlpLayout.ofSizes(5, 9, 3), Activation.TANH, 1), x, 5, rows, 0, 10, y, 0.5, 7,
        new float[MlpLayout.ofSizes(5, 9, 3).paramCount()], used);
    float[] once = new float[p.length];
    MlpGradients.lossAndGradient(LAYOUT, Activation.RELU, p, x, 5, rows, 3, 67, y, 0.3, 11, once, new MlpWorkspace());
    float[] twice = once.clone();
    MlpGradients.lossAndGradient(LAYOUT, Activation.RELU, p, x, 5, rows, 3, 67, y, 0.3, 11, twice, used);
    for (int j = 0; j < p.length; j++) {
      assertThat(twice[j]).isEqualTo(2 * once[j]);
    }
  }

  @Test
  void dropoutMasksFollowTheSeed() {
    float[] x = features(ROWS, 5, 8);
    int[] y = labels(ROWS, 3, 9);
    int[] rows = java.util.stream.IntStream.range(0, ROWS).toArray();
    float[] p = params(LAYOUT, Activation.RELU, 10);
    MlpWorkspace ws = new MlpWorkspace();
    double plain = MlpGradients.lossAndGradient(LAYOUT, Activation.RELU, p, x, 5, rows, 0, ROWS, y, 0, 1, null, ws);
    double a = MlpGradients.lossAndGradient(LAYOUT, Activation.RELU, p, x, 5, rows, 0, ROWS, y, 0.5, 1, null, ws);
    double b = MlpGradients.lossAndGradient(LAYOUT, Activation.RELU, p, x, 5, rows, 0, ROWS, y, 0.5, 1, null, ws);
    double c = MlpGradients.lossAndGradient(LAYOUT, Activation.RELU, p, x, 5, rows, 0, ROWS, y, 0.5, 2, null, ws);
    assertThat(a).isEqualTo(b).isNotEqualTo(plain).isNotEqualTo(c);
  }

  @Test
  void mismatchedArraysAreRejectedWithTheRule() {
    float[] x = features(4, 5, 1);
    int[] rows = {0, 1, 2, 3};
    int[] y = {0, 1, 2, 0};
    MlpWorkspace ws = new MlpWorkspace();
    assertThatThrownBy(() -> MlpGradients.lossAndGradient(LAYOUT, Activation.RELU, new float[3], x, 5, rows, 0, 4, y,
        0, 0, null, ws)).hasMessage("params must have " + LAYOUT.paramCount() + " entries for " + LAYOUT + ", has 3");
    float[] p = new float[LAYOUT.paramCount()];
    assertThatThrownBy(() -> MlpGradients.lossAndGradient(LAYOUT, Activation.RELU, p, x, 4, rows, 0, 4, y, 0, 0,
        null, ws)).hasMessage("d must equal the layout's inputs 5, was 4");
    assertThatThrownBy(() -> MlpGradients.lossAndGradient(LAYOUT, Activation.RELU, p, x, 5, rows, 0, 4, y, 1, 0,
        null, ws)).hasMessage("dropout must be in [0, 1), was 1.0");
  }

  @Test
  void l2PenalisesWeightsButNotBiases() {
    MlpLayout layout = MlpLayout.ofSizes(2, 1, 2);
    float[] p = {1, 2, 5, 3, 4, 7, 9}; // W1 = [1 2], b1 = 5, W2 = [3; 4], b2 = [7 9]
    float[] g = new float[p.length];
    double penalty = MlpGradients.l2(layout, p, 0.5, g);
    assertThat(penalty).isEqualTo(0.25 * (1 + 4 + 9 + 16));
    assertThat(g).containsExactly(0.5f, 1f, 0f, 1.5f, 2f, 0f, 0f);
  }
}
