package dev.trainyard.ml.forest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.TestDatasets;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.Frames;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.model.ProgressListener.Progress;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.model.TrainContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A forest grown as tree ranges (e.g. on several machines) and combined is the full forest. */
class RandomForestTreeRangeTest {
  private static FeatureMatrix x;
  private static Target.Classes y;

  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final TrainContext context = new TrainContext(42, executor, 2, ProgressListener.NONE);
  private final RandomForestTrainer trainer = RandomForestTrainer.builder(Task.CLASSIFICATION).trees(30).build();

  @BeforeAll
  static void readDigits() {
    Frame digits = CsvReader.read(TestDatasets.file("digits.csv"), CsvOptions.defaults());
    x = Frames.features(digits, "label");
    y = Frames.classTarget(digits, "label");
  }

  @AfterEach
  void shutDown() throws InterruptedException {
    executor.shutdown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void combinedTreeRangesPredictBitForBitLikeTheFullForestOnDigits() {
    RandomForestModel full = trainer.train(x, y, context);

    RandomForestModel combined = RandomForestModel.combine(List.of(
        trainer.treeRange(0, 7).train(x, y, context),
        trainer.treeRange(7, 19).train(x, y, context),
        trainer.treeRange(19, 30).train(x, y, context)));

    assertThat(combined.trees()).hasSize(30);
    assertThat(combined.predictAll(x)).isDeepEqualTo(full.predictAll(x));
    float[] row = new float[x.cols()];
    double[] one = new double[10];
    double[] other = new double[10];
    for (int i = 0; i < x.rows(); i += 97) {
      combined.predict(x.row(i, row), one);
      full.predict(row, other);
      assertThat(one).containsExactly(other);
    }
    double[] expected = full.featureImportances();
    double[] got = combined.featureImportances();
    for (int j = 0; j < expected.length; j++) {
      assertThat(got[j]).as("importance of feature %d", j).isCloseTo(expected[j], within(1e-9));
    }
  }

  @Test
  void combinedForestRecordsTheTotalTreesAndDropsTheOutOfBagScore() {
    RandomForestModel first = trainer.treeRange(0, 10).train(x, y, context);
    RandomForestModel second = trainer.treeRange(10, 30).train(x, y, context);

    RandomForestModel combined = RandomForestModel.combine(List.of(first, second));

    assertThat(first.provenance().params()).containsEntry("trees", "30").containsEntry("tree_range", "[0, 10)");
    assertThat(first.provenance().metrics()).containsKey("oob_accuracy");
    assertThat(first.oobScore()).isBetween(0.8, 1.0);
    assertThat(combined.provenance().params()).containsEntry("trees", "30").doesNotContainKey("tree_range");
    assertThat(combined.provenance().params()).containsAllEntriesOf(
        trainer.train(x, y, context).provenance().params());
    assertThat(combined.provenance().metrics()).doesNotContainKey("oob_accuracy");
    assertThat(combined.provenance().seed()).isEqualTo(42);
    assertThat(combined.oobScore()).isNaN();
  }

  @Test
  void theFullRangeIsThePlainForest() {
    RandomForestModel full = trainer.train(x, y, context);
    RandomForestModel range = trainer.treeRange(0, 30).train(x, y, context);

    assertThat(range.predictAll(x)).isDeepEqualTo(full.predictAll(x));
    assertThat(range.oobScore()).isEqualTo(full.oobScore());
    assertThat(range.provenance().params()).isEqualTo(full.provenance().params());
  }

  @Test
  void aRangeOutsideTheForestIsRejectedWithTheRule() {
    RandomForestTrainer hundred = RandomForestTrainer.builder(Task.CLASSIFICATION).build();
    assertThatThrownBy(() -> hundred.treeRange(5, 200))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("tree range must satisfy 0 <= from < to <= trees (100), was [5, 200)");
    assertThatThrownBy(() -> hundred.treeRange(7, 7))
        .hasMessage("tree range must satisfy 0 <= from < to <= trees (100), was [7, 7)");
    assertThatThrownBy(() -> hundred.treeRange(-1, 3))
        .hasMessage("tree range must satisfy 0 <= from < to <= trees (100), was [-1, 3)");
  }

  @Test
  void progressCountsTheTreesOfTheRange() {
    Synthetic data = Synthetic.classification(200, 4, 3);
    List<Progress> seen = new CopyOnWriteArrayList<>();
    RandomForestTrainer.builder(Task.CLASSIFICATION).trees(10).build().treeRange(6, 9)
        .train(data.x(), data.y(), new TrainContext(1, executor, 2, seen::add));

    assertThat(seen).extracting(Progress::done).containsExactly(1, 2, 3);
    assertThat(seen).extracting(Progress::total).containsOnly(3);
  }

  @Test
  void partsMustAgreeOnTaskFeaturesAndClasses() {
    Synthetic classes = Synthetic.classification(100, 3, 1);
    Synthetic wider = Synthetic.classification(100, 4, 1);
    Synthetic values = Synthetic.regression(100, 3);
    RandomForestModel a = RandomForestTrainer.builder(Task.CLASSIFICATION).trees(2).build()
        .train(classes.x(), classes.y(), context);
    RandomForestModel b = RandomForestTrainer.builder(Task.CLASSIFICATION).trees(2).build()
        .train(wider.x(), wider.y(), context);
    RandomForestModel c = RandomForestTrainer.builder(Task.REGRESSION).trees(2).build()
        .train(values.x(), values.y(), context);
    Target.Classes four = new Target.Classes(((Target.Classes) classes.y()).codes(), List.of("a", "b", "c", "d"));
    RandomForestModel d = RandomForestTrainer.builder(Task.CLASSIFICATION).trees(2).build()
        .train(classes.x(), four, context);

    assertThatThrownBy(() -> RandomForestModel.combine(List.of(a, c)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("part 1 is REGRESSION but part 0 is CLASSIFICATION");
    assertThatThrownBy(() -> RandomForestModel.combine(List.of(a, a, b)))
        .hasMessage("part 2 has 4 features but part 0 has 3");
    assertThatThrownBy(() -> RandomForestModel.combine(List.of(a, d)))
        .hasMessage("part 1 has 4 classes but part 0 has 3");
    assertThatThrownBy(() -> RandomForestModel.combine(List.of()))
        .hasMessage("parts must not be empty");
  }
}
