package dev.trainyard.ml.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.model.Provenance;
import dev.trainyard.ml.model.Task;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinearModelTest {
  private static final Provenance PROVENANCE = Provenance.of("softmax", Map.of("epochs", "3"), 7, 100);

  @Test
  void logisticPredictsTheComplementAndTheSigmoid() {
    // w = (1, -2), b = 0.5; x = (1, 1) -> z = -0.5
    LinearModel m = new LinearModel(Objective.LOGISTIC, 2, 2, new float[] {1f, -2f, 0.5f}, PROVENANCE);
    double[] out = new double[2];
    m.predict(new float[] {1f, 1f}, out);
    double p = 1 / (1 + Math.exp(0.5));
    assertThat(out[1]).isCloseTo(p, within(1e-7));
    assertThat(out[0]).isCloseTo(1 - p, within(1e-7));
    assertThat(m.task()).isEqualTo(Task.CLASSIFICATION);
  }

  @Test
  void softmaxPredictsProbabilitiesThatSumToOne() {
    LinearModel m = new LinearModel(Objective.SOFTMAX, 1, 3, new float[] {1f, 0f, 2f, 0f, 3f, 0f}, PROVENANCE);
    double[] out = new double[3];
    m.predict(new float[] {500f}, out);
    assertThat(out[0] + out[1] + out[2]).isCloseTo(1, within(1e-12));
    assertThat(out[2]).isCloseTo(1, within(1e-12));
  }

  @Test
  void linearPredictsTheAffineValue() {
    LinearModel m = new LinearModel(Objective.LINEAR, 2, 0, new float[] {2f, -3f, 1f}, PROVENANCE);
    double[] out = new double[1];
    m.predict(new float[] {1f, 2f}, out);
    assertThat(out[0]).isEqualTo(-3.0);
    assertThat(m.task()).isEqualTo(Task.REGRESSION);
    assertThat(m.weight(0, 1)).isEqualTo(-3f);
    assertThat(m.bias(0)).isEqualTo(1f);
  }

  @Test
  void savingAndLoadingGivesTheSameModelBitForBit() throws IOException {
    float[] w = new float[3 * 5];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) Math.sin(i * 1.7) * 1e-3f * i;
    }
    w[4] = Float.MIN_VALUE;
    w[9] = -0f;
    LinearModel m = new LinearModel(Objective.SOFTMAX, 4, 3, w, PROVENANCE);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    m.writeBody(new DataOutputStream(bytes));
    LinearModel back = LinearModel.readBody(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), PROVENANCE);

    assertThat(back.formatId()).isEqualTo("linear/1");
    assertThat(back.objective()).isEqualTo(Objective.SOFTMAX);
    assertThat(back.numFeatures()).isEqualTo(4);
    assertThat(back.numClasses()).isEqualTo(3);
    assertThat(back.weights()).containsExactly(w);
    assertThat(back.provenance()).isSameAs(PROVENANCE);
    double[] a = new double[3];
    double[] b = new double[3];
    m.predict(new float[] {1f, -2f, 3f, 0.5f}, a);
    back.predict(new float[] {1f, -2f, 3f, 0.5f}, b);
    assertThat(b).containsExactly(a);
  }

  @Test
  void weightsAreCopiedInAndOut() {
    float[] w = {1f, 2f, 3f};
    LinearModel m = new LinearModel(Objective.LINEAR, 2, 0, w, PROVENANCE);
    w[0] = 99f;
    m.weights()[1] = 99f;
    assertThat(m.weights()).containsExactly(1f, 2f, 3f);
  }

  @Test
  void inconsistentShapesNameTheBrokenRule() {
    assertThatThrownBy(() -> new LinearModel(Objective.LOGISTIC, 2, 3, new float[3], PROVENANCE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("numClasses must be 2 for logistic, was 3");
    assertThatThrownBy(() -> new LinearModel(Objective.SOFTMAX, 2, 1, new float[3], PROVENANCE))
        .hasMessage("numClasses must be at least 2 for softmax, was 1");
    assertThatThrownBy(() -> new LinearModel(Objective.SOFTMAX, 2, 3, new float[8], PROVENANCE))
        .hasMessage("softmax model with 2 features needs 9 weights, got 8");
  }

  @Test
  void aCorruptBodyIsRejected() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeUTF("linear");
    out.writeInt(3);
    out.writeInt(0);
    out.writeInt(5);
    assertThatThrownBy(() -> LinearModel.readBody(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), PROVENANCE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("corrupt linear/1 body: 5 weights for 3 features and 0 classes");
  }
}
