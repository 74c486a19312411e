package dev.trainyard.ml.forest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.model.TrainContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RandomForestModelTest {
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final TrainContext context = new TrainContext(5, executor, 2, ProgressListener.NONE);

  @AfterEach
  void shutDown() throws InterruptedException {
    executor.shutdown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void saveAndLoadGivesBitIdenticalPredictions() throws IOException {
    Synthetic data = Synthetic.classification(500, 5, 9);
    RandomForestModel model = RandomForestTrainer.builder(Task.CLASSIFICATION).trees(15).build()
        .train(data.x(), data.y(), context);

    byte[] body = body(model);
    RandomForestModel back = RandomForestModel.readBody(
        new DataInputStream(new ByteArrayInputStream(body)), model.provenance());

    assertThat(back.formatId()).isEqualTo("random-forest/1");
    assertThat(back.task()).isEqualTo(Task.CLASSIFICATION);
    assertThat(back.numClasses()).isEqualTo(3);
    assertThat(back.numFeatures()).isEqualTo(5);
    assertThat(back.predictAll(data.x())).isDeepEqualTo(model.predictAll(data.x()));
    assertThat(back.oobScore()).isEqualTo(model.oobScore());
    assertThat(back.featureImportances()).containsExactly(model.featureImportances());
    assertThat(body(back)).isEqualTo(body);
  }

  @Test
  void regressionModelRoundTripsToo() throws IOException {
    Synthetic data = Synthetic.regression(300, 4);
    RandomForestModel model = RandomForestTrainer.builder(Task.REGRESSION).trees(5).build()
        .train(data.x(), data.y(), context);

    RandomForestModel back = RandomForestModel.readBody(
        new DataInputStream(new ByteArrayInputStream(body(model))), model.provenance());

    assertThat(back.task()).isEqualTo(Task.REGRESSION);
    assertThat(back.numClasses()).isZero();
    assertThat(back.predictAll(data.x())).isDeepEqualTo(model.predictAll(data.x()));
  }

  @Test
  void batchPredictionEqualsRowByRowPredictionAndProbabilitiesSumToOne() {
    Synthetic data = Synthetic.classification(400, 6, 2);
    RandomForestModel model = RandomForestTrainer.builder(Task.CLASSIFICATION).trees(10).build()
        .train(data.x(), data.y(), context);

    double[][] all = model.predictAll(data.x());
    float[] row = new float[6];
    double[] one = new double[3];
    for (int i = 0; i < data.x().rows(); i++) {
      model.predict(data.x().row(i, row), one);
      assertThat(one).containsExactly(all[i]);
      assertThat(one[0] + one[1] + one[2]).isCloseTo(1.0, within(1e-6));
    }
  }

  @Test
  void aTruncatedOrCorruptBodyIsRejected() throws IOException {
    Synthetic data = Synthetic.classification(100, 3, 2);
    RandomForestModel model = RandomForestTrainer.builder(Task.CLASSIFICATION).trees(2).build()
        .train(data.x(), data.y(), context);
    byte[] body = body(model);

    byte[] truncated = java.util.Arrays.copyOf(body, body.length - 3);
    assertThatThrownBy(() -> RandomForestModel.readBody(
        new DataInputStream(new ByteArrayInputStream(truncated)), model.provenance()))
        .isInstanceOf(IOException.class);
    body[0] = 7;
    assertThatThrownBy(() -> RandomForestModel.readBody(
        new DataInputStream(new ByteArrayInputStream(body)), model.provenance()))
        .isInstanceOf(IOException.class)
        .hasMessage("corrupt random forest header");
  }

  private static byte[] body(RandomForestModel m) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      m.writeBody(out);
    }
    return bytes.toByteArray();
  }
}
