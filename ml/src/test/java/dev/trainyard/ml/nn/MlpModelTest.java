package dev.trainyard.ml.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.model.Provenance;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MlpModelTest {
  private static final Provenance PROVENANCE = Provenance.of("mlp", Map.of("hidden", "7,5"), 1, 10);

  private static MlpModel model(Activation act) {
    MlpLayout layout = MlpLayout.ofSizes(6, 7, 5, 4);
    return new MlpModel(layout, act, MlpGradients.initialize(layout, act, 9), PROVENANCE);
  }

  private static FeatureMatrix rows(int n, int d) {
    Random r = new Random(3);
    float[][] cols = new float[d][n];
    List<String> names = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      names.add("f" + j);
      for (int i = 0; i < n; i++) {
        cols[j][i] = (float) r.nextGaussian();
      }
    }
    return new FeatureMatrix(names, cols, n);
  }

  private static byte[] write(MlpModel m) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    m.writeBody(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  @Test
  void bodyRoundTripsExactly() throws IOException {
    MlpModel m = model(Activation.TANH);
    byte[] body = write(m);
    MlpModel back = MlpModel.readBody(new DataInputStream(new ByteArrayInputStream(body)), PROVENANCE);
    assertThat(back.formatId()).isEqualTo("mlp/1");
    assertThat(back.layout()).isEqualTo(m.layout());
    assertThat(back.activation()).isEqualTo(Activation.TANH);
    assertThat(back.params()).containsExactly(m.params());
    assertThat(write(back)).isEqualTo(body);
    FeatureMatrix x = rows(20, 6);
    assertThat(back.predictAll(x)).isDeepEqualTo(m.predictAll(x));
  }

  @Test
  void blockPredictionsEqualRowByRowPredictionsBitForBit() {
    MlpModel m = model(Activation.RELU);
    FeatureMatrix x = rows(150, 6);
    double[][] all = m.predictAll(x);
    float[] row = new float[6];
    double[] out = new double[4];
    for (int i = 0; i < x.rows(); i++) {
      m.predict(x.row(i, row), out);
      assertThat(out).containsExactly(all[i]);
    }
    assertThat(all[0][0] + all[0][1] + all[0][2] + all[0][3]).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void corruptBodyIsRejected() throws IOException {
    byte[] body = write(model(Activation.RELU));
    body[body.length - 4 * (7 * 7 + 8 * 5 + 6 * 4) - 1] = 1; // the parameter count
    assertThatThrownBy(() -> MlpModel.readBody(new DataInputStream(new ByteArrayInputStream(body)), PROVENANCE))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("corrupt mlp/1 body");
  }
}
