package dev.trainyard.ml.forest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.metrics.Metrics;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.model.ProgressListener.Progress;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.model.TrainContext;
import dev.trainyard.ml.param.Params;
import dev.trainyard.ml.tree.Criterion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RandomForestTrainerTest {
  private final ExecutorService executor = Executors.newFixedThreadPool(3);

  @AfterEach
  void shutDown() throws InterruptedException {
    executor.shutdown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private TrainContext context(long seed, int threads) {
    return new TrainContext(seed, executor, threads, ProgressListener.NONE);
  }

  @Test
  void zeroTreesIsRejectedWithTheRuleInTheMessage() {
    assertThatThrownBy(() -> Params.parse("random-forest", RandomForestTrainer.params(), Map.of("trees", "0")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("trees must be between 1 and 10000, was 0");
    assertThatThrownBy(() -> RandomForestTrainer.builder(Task.CLASSIFICATION).trees(0).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("trees must be between 1 and 10000, was 0");
    assertThatThrownBy(() -> RandomForestTrainer.builder(Task.CLASSIFICATION).maxFeatures("half").build())
        .hasMessage("max_features must be one of [auto, sqrt, log2, all], was 'half'");
  }

  @Test
  void fromParamsReadsEveryParameter() {
    Params p = Params.parse("random-forest", RandomForestTrainer.params(), Map.of(
        "trees", "7", "max_depth", "5", "min_samples_leaf", "3", "min_samples_split", "8",
        "criterion", "entropy", "feature_fraction", "0.5", "max_bins", "16"));
    RandomForestTrainer t = RandomForestTrainer.fromParams(p, true);

    assertThat(t.task()).isEqualTo(Task.CLASSIFICATION);
    assertThat(t.treeParams(10).criterion()).isEqualTo(Criterion.ENTROPY);
    assertThat(t.treeParams(10).maxDepth()).isEqualTo(5);
    assertThat(t.treeParams(10).minSamplesLeaf()).isEqualTo(3);
    assertThat(t.treeParams(10).minSamplesSplit()).isEqualTo(8);
    assertThat(t.maxFeatures(10)).isEqualTo(5);
    assertThat(t.effectiveParams()).containsEntry("trees", "7").containsEntry("bootstrap", "true");
    assertThat(RandomForestTrainer.fromParams(p, false).treeParams(10).criterion()).isEqualTo(Criterion.VARIANCE);
  }

  @Test
  void maxFeaturesFollowsTheChosenRule() {
    assertThat(RandomForestTrainer.builder(Task.CLASSIFICATION).build().maxFeatures(784)).isEqualTo(28);
    assertThat(RandomForestTrainer.builder(Task.REGRESSION).build().maxFeatures(9)).isEqualTo(3);
    assertThat(RandomForestTrainer.builder(Task.CLASSIFICATION).maxFeatures("log2").build().maxFeatures(784))
        .isEqualTo(9);
    assertThat(RandomForestTrainer.builder(Task.CLASSIFICATION).maxFeatures("all").build().maxFeatures(784))
        .isEqualTo(784);
    assertThat(RandomForestTrainer.builder(Task.CLASSIFICATION).featureFraction(0.001).build().maxFeatures(10))
        .isEqualTo(1);
  }

  @Test
  void sameSeedGivesTheIdenticalModelWithOneOrThreeThreads() {
    Synthetic data = Synthetic.classification(600, 8, 11);
    RandomForestTrainer trainer = RandomForestTrainer.builder(Task.CLASSIFICATION).trees(12).build();

    RandomForestModel one = trainer.train(data.x(), data.y(), context(42, 1));
    RandomForestModel three = trainer.train(data.x(), data.y(), context(42, 3));
    RandomForestModel other = trainer.train(data.x(), data.y(), context(43, 3));

    assertThat(three.predictAll(data.x())).isDeepEqualTo(one.predictAll(data.x()));
    assertThat(three.oobScore()).isEqualTo(one.oobScore());
    assertThat(three.featureImportances()).containsExactly(one.featureImportances());
    assertThat(java.util.Arrays.deepEquals(other.predictAll(data.x()), one.predictAll(data.x()))).isFalse();
  }

  @Test
  void progressCountsTreesUpToTheTotal() {
    Synthetic data = Synthetic.classification(200, 4, 3);
    List<Progress> seen = new CopyOnWriteArrayList<>();
    RandomForestTrainer.builder(Task.CLASSIFICATION).trees(5).build()
        .train(data.x(), data.y(), new TrainContext(1, executor, 2, seen::add));

    assertThat(seen).extracting(Progress::unit).containsOnly("trees");
    assertThat(seen).extracting(Progress::done).containsExactly(1, 2, 3, 4, 5);
    assertThat(seen).extracting(Progress::total).containsOnly(5);
  }

  @Test
  void classifierLearnsAndReportsOutOfBagAccuracyInProvenance() {
    Synthetic train = Synthetic.classification(1500, 6, 1);
    Synthetic test = Synthetic.classification(1000, 6, 2);

    RandomForestModel m = RandomForestTrainer.builder(Task.CLASSIFICATION).trees(40).build()
        .train(train.x(), train.y(), context(7, 2));

    double accuracy = Metrics.accuracy(((Target.Classes) test.y()).codes(), Metrics.argmax(m.predictAll(test.x())));
    assertThat(accuracy).isGreaterThan(0.9);
    assertThat(m.oobScore()).isCloseTo(accuracy, org.assertj.core.data.Offset.offset(0.04));
    assertThat(m.provenance().algorithm()).isEqualTo("random-forest");
    assertThat(m.provenance().seed()).isEqualTo(7);
    assertThat(m.provenance().trainRows()).isEqualTo(1500);
    assertThat(m.provenance().params()).containsEntry("trees", "40");
    assertThat(m.provenance().metrics()).containsEntry("oob_accuracy", m.oobScore());
    double[] importance = m.featureImportances();
    assertThat(importance[0] + importance[1]).as("only features 0 and 1 carry signal").isGreaterThan(0.6);
  }

  @Test
  void regressionForestFitsANonlinearFunction() {
    Synthetic train = Synthetic.regression(2000, 1);
    Synthetic test = Synthetic.regression(1000, 2);

    RandomForestModel m = RandomForestTrainer.builder(Task.REGRESSION).trees(50).build()
        .train(train.x(), train.y(), context(3, 2));

    double[][] p = m.predictAll(test.x());
    double[] predicted = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      predicted[i] = p[i][0];
    }
    double r2 = Metrics.r2(((Target.Values) test.y()).values(), predicted);
    assertThat(r2).isGreaterThan(0.8);
    assertThat(m.oobScore()).isCloseTo(r2, org.assertj.core.data.Offset.offset(0.05));
    assertThat(m.provenance().metrics()).containsKey("oob_r2");
    assertThat(m.task()).isEqualTo(Task.REGRESSION);
  }

  @Test
  void withoutBootstrapOrSubsamplingThereIsNoOutOfBagScore() {
    Synthetic data = Synthetic.classification(300, 4, 5);
    RandomForestModel m = RandomForestTrainer.builder(Task.CLASSIFICATION).trees(3).bootstrap(false).build()
        .train(data.x(), data.y(), context(1, 2));
    assertThat(m.oobScore()).isNaN();
    assertThat(m.provenance().metrics()).isEmpty();

    RandomForestModel half = RandomForestTrainer.builder(Task.CLASSIFICATION).trees(10).bootstrap(false)
        .sampleFraction(0.5).build().train(data.x(), data.y(), context(1, 2));
    assertThat(half.oobScore()).isBetween(0.5, 1.0);
  }

  @Test
  void targetMustMatchTheTaskAndTheRows() {
    Synthetic data = Synthetic.classification(50, 2, 1);
    FeatureMatrix x = data.x();
    RandomForestTrainer classifier = RandomForestTrainer.builder(Task.CLASSIFICATION).trees(1).build();
    RandomForestTrainer regressor = RandomForestTrainer.builder(Task.REGRESSION).trees(1).build();

    assertThatThrownBy(() -> classifier.train(x, new Target.Values(new float[50]), context(1, 1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("random forest classification needs a class target, got numeric values");
    assertThatThrownBy(() -> regressor.train(x, data.y(), context(1, 1)))
        .hasMessage("random forest regression needs a numeric target, got classes");
    assertThatThrownBy(() -> regressor.train(x, new Target.Values(new float[49]), context(1, 1)))
        .hasMessage("target has 49 rows but features have 50");
  }
}
