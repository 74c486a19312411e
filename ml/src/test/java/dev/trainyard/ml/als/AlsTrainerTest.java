package dev.trainyard.ml.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.model.ProgressListener.Progress;
import dev.trainyard.ml.model.TrainContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlsTrainerTest {
  private final ExecutorService executor = Executors.newFixedThreadPool(3);

  @AfterEach
  void shutDown() throws InterruptedException {
    executor.shutdown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private TrainContext context(int threads) {
    return new TrainContext(11, executor, threads, ProgressListener.NONE);
  }

  /**
   * Ratings r_ui = p_u·q_i of a random rank-3 matrix over 600 users (ids 1000, 1003, ...) and 500
   * items (ids 7, 14, ...); a seeded 30% of the cells are observed. {@code test} gets the rest.
   */
  private static Synthetic lowRank(long seed) {
    Random rnd = new Random(seed);
    int users = 600;
    int items = 500;
    int rank = 3;
    double[] p = new double[users * rank];
    double[] q = new double[items * rank];
    for (int k = 0; k < p.length; k++) {
      p[k] = rnd.nextDouble();
    }
    for (int k = 0; k < q.length; k++) {
      q[k] = rnd.nextDouble();
    }
    Synthetic s = new Synthetic();
    for (int u = 0; u < users; u++) {
      for (int i = 0; i < items; i++) {
        double r = 0;
        for (int k = 0; k < rank; k++) {
          r += p[u * rank + k] * q[i * rank + k];
        }
        (rnd.nextDouble() < 0.3 ? s.train : s.test).add(new float[] {1000 + 3 * u, 7 * (i + 1), (float) r});
      }
    }
    return s;
  }

  private static final class Synthetic {
    final List<float[]> train = new ArrayList<>();
    final List<float[]> test = new ArrayList<>();
  }

  static FeatureMatrix features(List<float[]> rows) {
    float[] u = new float[rows.size()];
    float[] i = new float[rows.size()];
    for (int k = 0; k < rows.size(); k++) {
      u[k] = rows.get(k)[0];
      i[k] = rows.get(k)[1];
    }
    return new FeatureMatrix(List.of("user", "item"), new float[][] {u, i}, rows.size());
  }

  static Target.Values ratings(List<float[]> rows) {
    float[] r = new float[rows.size()];
    for (int k = 0; k < rows.size(); k++) {
      r[k] = rows.get(k)[2];
    }
    return new Target.Values(r);
  }

  private static double rmse(AlsModel m, List<float[]> rows) {
    double sse = 0;
    for (float[] row : rows) {
      double e = m.predict(row[0], row[1]) - row[2];
      sse += e * e;
    }
    return Math.sqrt(sse / rows.size());
  }

  @Test
  void recoversAnExactlyLowRankMatrixFromAThirdOfItsCells() {
    Synthetic s = lowRank(1);
    AlsTrainer trainer = AlsTrainer.builder().rank(3).lambda(1e-6).biases(false).iterations(30).build();
    AlsModel m = trainer.train(features(s.train), ratings(s.train), context(2));
    assertThat(rmse(m, s.train)).isLessThan(1e-3);
    assertThat(rmse(m, s.test)).isLessThan(1e-3);
  }

  @Test
  void biasedAlsAlsoRecoversItAndReportsFallingTrainingRmseEachIteration() {
    Synthetic s = lowRank(2);
    List<Progress> progress = new CopyOnWriteArrayList<>();
    AlsTrainer trainer = AlsTrainer.builder().rank(3).lambda(1e-6).biases(true).iterations(30).build();
    AlsModel m = trainer.train(features(s.train), ratings(s.train),
        new TrainContext(5, executor, 2, progress::add));
    assertThat(rmse(m, s.test)).isLessThan(1e-3);
    assertThat(progress).hasSize(30);
    assertThat(progress.get(29).unit()).isEqualTo("iterations");
    assertThat(progress.get(29).done()).isEqualTo(30);
    assertThat(progress.get(29).loss()).isLessThan(progress.get(0).loss()).isLessThan(1e-3);
  }

  @Test
  void sgdFitsTheSameSyntheticMatrixClosely() {
    Synthetic s = lowRank(3);
    AlsTrainer trainer = AlsTrainer.builder().solver(AlsTrainer.Solver.SGD).rank(3).lambda(1e-4).biases(false)
        .epochs(40).learningRate(0.05).build();
    AlsModel m = trainer.train(features(s.train), ratings(s.train), context(1));
    assertThat(rmse(m, s.test)).isLessThan(0.05);
  }

  @Test
  void givesBitIdenticalModelsForOneTwoAndThreeThreads() throws IOException {
    Synthetic s = lowRank(4);
    AlsTrainer trainer = AlsTrainer.builder().rank(4).iterations(5).build();
    byte[] one = body(trainer.train(features(s.train), ratings(s.train), context(1)));
    assertThat(body(trainer.train(features(s.train), ratings(s.train), context(2)))).isEqualTo(one);
    assertThat(body(trainer.train(features(s.train), ratings(s.train), context(3)))).isEqualTo(one);
  }

  @Test
  void savedBodyReadsBackToAModelThatPredictsBitForBit() throws IOException {
    Synthetic s = lowRank(5);
    AlsModel m = AlsTrainer.builder().rank(4).iterations(3).build().train(features(s.train), ratings(s.train), context(2));
    byte[] bytes = body(m);
    AlsModel back = AlsModel.readBody(new DataInputStream(new ByteArrayInputStream(bytes)), m.provenance());
    assertThat(body(back)).isEqualTo(bytes);
    assertThat(back.formatId()).isEqualTo("als/1");
    for (float[] row : s.test.subList(0, 100)) {
      assertThat(back.predict(row[0], row[1])).isEqualTo(m.predict(row[0], row[1]));
    }
    assertThat(back.predict(-5, 7)).isEqualTo(m.predict(-5, 7));
  }

  @Test
  void unknownUsersAndItemsFallBackToTheMeanPlusTheKnownSidesBias() {
    // User 1 rates high, user 2 low; item 10 is liked, item 20 less.
    List<float[]> rows = List.of(new float[] {1, 10, 5}, new float[] {1, 20, 4}, new float[] {2, 10, 3},
        new float[] {2, 20, 1}, new float[] {3, 10, 4});
    AlsModel biased = AlsTrainer.builder().rank(2).build().train(features(rows), ratings(rows), context(1));
    double mean = 17 / 5.0;
    assertThat(biased.mean()).isCloseTo(mean, within(1e-6));
    assertThat(biased.predict(99, 98)).isEqualTo(biased.mean());
    assertThat(biased.predict(1, 98)).isGreaterThan(mean);
    assertThat(biased.predict(2, 98)).isLessThan(mean);
    assertThat(biased.predict(99, 10)).isGreaterThan(mean);
    assertThat(biased.predict(1.5f, 10)).isEqualTo(biased.predict(99, 10));
    assertThat(biased.predict(-1, 10)).isEqualTo(biased.predict(99, 10));

    AlsModel plain = AlsTrainer.builder().rank(2).biases(false).build().train(features(rows), ratings(rows), context(1));
    assertThat(plain.predict(1, 98)).isEqualTo(plain.mean());
    assertThat(plain.predict(99, 10)).isEqualTo(plain.mean());
    assertThat(plain.predict(1, 10)).isNotEqualTo(plain.mean());
  }

  @Test
  void rejectsIdsThatFloat32CannotHoldExactly() {
    List<float[]> rows = List.of(new float[] {1, 16_777_216f, 5});
    assertThatThrownBy(() -> AlsTrainer.builder().build().train(features(rows), ratings(rows), context(1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("item ids must be between -16777215 and 16777215 (exact in float32), was 1.6777216E7 in training row 1");
  }

  @Test
  void rejectsFractionalIds() {
    List<float[]> rows = List.of(new float[] {1.5f, 2, 5});
    assertThatThrownBy(() -> AlsTrainer.builder().build().train(features(rows), ratings(rows), context(1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("user ids must be integers, was 1.5 in training row 1"
            + " (a missing id is filled with the column mean: drop rows without ids)");
  }

  @Test
  void validatesHyperParametersNamingTheBrokenRule() {
    assertThatThrownBy(() -> AlsTrainer.builder().rank(0).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("rank must be between 1 and 1000, was 0");
    assertThatThrownBy(() -> AlsTrainer.builder().lambda(0).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("lambda must be between 1.0E-9 and 1000, was 0");
  }

  static byte[] body(AlsModel m) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      m.writeBody(out);
    }
    return bytes.toByteArray();
  }
}
