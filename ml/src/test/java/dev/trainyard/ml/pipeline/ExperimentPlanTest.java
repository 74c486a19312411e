package dev.trainyard.ml.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.Executors2;
import dev.trainyard.common.Ticker;
import dev.trainyard.ml.TestDatasets;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.forest.RandomForestModel;
import dev.trainyard.ml.forest.RandomForestTrainer;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.model.Task;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An experiment split into fit units (fitted anywhere, in any order) finishes exactly like {@link Experiment#run}. */
class ExperimentPlanTest {
  private static final ExecutorService POOL = Executors2.fixed(2, "plan");
  private static Frame digits;

  @BeforeAll
  static void readDigits() {
    digits = CsvReader.read(TestDatasets.file("digits.csv"), CsvOptions.defaults());
  }

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  private static ExperimentSpec spec(String algorithm, Map<String, String> params, ExperimentSpec.Validation v) {
    return new ExperimentSpec(algorithm, "label", params, v, 42, "digits.csv", "abc");
  }

  private static PipelineModel fit(ExperimentPlan plan, int unit, TrainerSource trainers) {
    return plan.fit(unit, POOL, 2, ProgressListener.NONE, trainers);
  }

  @Test
  void fiveFoldPlanFittedInReverseOrderFinishesWithTheMetricsOfExperimentRun() {
    ExperimentSpec spec = spec("random-forest", Map.of("trees", "8"), new ExperimentSpec.Validation.CrossValidation(5));
    ExperimentResult expected = new Experiment(POOL, 2, s -> ProgressListener.NONE, Ticker.SYSTEM)
        .run(digits, spec, true);

    ExperimentPlan plan = ExperimentPlan.of(digits, spec, true);
    PipelineModel[] models = new PipelineModel[plan.units().size()];
    for (int i = models.length - 1; i >= 0; i--) {
      models[i] = fit(plan, i, TrainerSource.LOCAL);
    }
    ExperimentResult got = plan.finish(Arrays.asList(models), 1.5);

    assertThat(got.metrics()).isEqualTo(expected.metrics());
    assertThat(got.metrics().get("accuracy")).isGreaterThan(0.9);
    assertThat(got.metricsStd()).isEqualTo(expected.metricsStd());
    assertThat(got.folds()).isEqualTo(expected.folds()).hasSize(5);
    assertThat(got.confusion().orElseThrow().counts()).isDeepEqualTo(expected.confusion().orElseThrow().counts());
    assertThat(got.evaluatedOn()).isEqualTo("cv");
    assertThat(got.params()).isEqualTo(expected.params());
    assertThat(got.trainRows()).isEqualTo(expected.trainRows()).isEqualTo(digits.rowCount());
    assertThat(got.testRows()).isEqualTo(expected.testRows());
    assertThat(got.trainSeconds()).isEqualTo(1.5);
    PipelineModel model = got.model().orElseThrow();
    assertThat(model.predict(digits).values()).isDeepEqualTo(expected.model().orElseThrow().predict(digits).values());
    assertThat(model.provenance().metrics()).containsAllEntriesOf(expected.metrics());
    assertThat(model.provenance().datasetHash()).isEqualTo("abc");
  }

  @Test
  void unitsAreTheFoldsThenTheFinalModelOrOneTrainingUnit() {
    ExperimentSpec cv = spec("softmax", Map.of(), new ExperimentSpec.Validation.CrossValidation(5));
    assertThat(ExperimentPlan.of(digits, cv, true).units()).containsExactly(
        new FitUnit(0, "fold 1/5"), new FitUnit(1, "fold 2/5"), new FitUnit(2, "fold 3/5"),
        new FitUnit(3, "fold 4/5"), new FitUnit(4, "fold 5/5"), new FitUnit(5, "final model"));
    assertThat(ExperimentPlan.of(digits, cv, false).units()).hasSize(5);
    ExperimentPlan heldOut = ExperimentPlan.of(digits,
        spec("softmax", Map.of(), new ExperimentSpec.Validation.Fraction(0.2)), false);
    assertThat(heldOut.units()).containsExactly(new FitUnit(0, "training"));
    assertThat(heldOut.task()).isEqualTo(Task.CLASSIFICATION);
    assertThat(heldOut.algorithm().name()).isEqualTo("softmax");
    assertThat(heldOut.params().effective()).containsKey("scaling");
  }

  @Test
  void planValidatesLikeExperimentRunAndChecksItsArguments() {
    assertThatThrownBy(() -> ExperimentPlan.of(digits,
        spec("random-forest", Map.of("trees", "0"), new ExperimentSpec.Validation.None()), false))
        .hasMessage("trees must be between 1 and 10000, was 0");
    ExperimentPlan plan = ExperimentPlan.of(digits,
        spec("random-forest", Map.of("trees", "2"), new ExperimentSpec.Validation.CrossValidation(3)), false);
    assertThatThrownBy(() -> fit(plan, 3, TrainerSource.LOCAL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unit index must be between 0 and 2, was 3");
    assertThatThrownBy(() -> plan.finish(List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("finish needs one model per unit (3), got 0");
  }

  @Test
  void partialForestsRoundTripThroughTheModelFileAndCombineToTheFullPipeline() throws IOException {
    ExperimentPlan plan = ExperimentPlan.of(digits,
        spec("random-forest", Map.of("trees", "12"), new ExperimentSpec.Validation.Fraction(0.25)), true);
    PipelineModel full = fit(plan, 0, TrainerSource.LOCAL);

    List<PipelineModel> parts = new ArrayList<>();
    for (int[] range : new int[][] {{0, 5}, {5, 12}}) {
      PipelineModel part = fit(plan, 0, treeRange(range[0], range[1]));
      PipelineModel back = roundTrip(part);
      assertThat(back.predict(digits).values()).isDeepEqualTo(part.predict(digits).values());
      assertThat(back.provenance().params()).containsEntry("tree_range", "[" + range[0] + ", " + range[1] + ")");
      parts.add(back);
    }
    PipelineModel combined = PipelineModel.combineForests(parts);

    assertThat(combined.predict(digits).values()).isDeepEqualTo(full.predict(digits).values());
    assertThat(((RandomForestModel) combined.model()).trees()).hasSize(12);
    assertThat(combined.provenance().params()).isEqualTo(full.provenance().params());
    assertThat(combined.provenance().metrics()).doesNotContainKey("oob_accuracy");
    assertThat(combined.provenance().datasetId()).isEqualTo("digits.csv");
    assertThat(roundTrip(combined).predict(digits).values()).isDeepEqualTo(full.predict(digits).values());
    assertThat(plan.finish(List.of(combined), 0).metrics()).isEqualTo(plan.finish(List.of(full), 0).metrics());
  }

  @Test
  void onlyPipelinesHoldingForestsCombine() {
    ExperimentPlan forest = ExperimentPlan.of(digits,
        spec("random-forest", Map.of("trees", "2"), new ExperimentSpec.Validation.None()), true);
    ExperimentPlan softmax = ExperimentPlan.of(digits,
        spec("softmax", Map.of("epochs", "1"), new ExperimentSpec.Validation.None()), true);
    PipelineModel trees = fit(forest, 0, TrainerSource.LOCAL);
    PipelineModel linear = fit(softmax, 0, TrainerSource.LOCAL);

    assertThatThrownBy(() -> PipelineModel.combineForests(List.of(trees, linear)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("part 1 holds a linear/1 model, not a random forest");
    assertThatThrownBy(() -> PipelineModel.combineForests(List.of()))
        .hasMessage("parts must not be empty");
  }

  /** The local random forest trainer restricted to trees {@code [from, to)}. */
  private static TrainerSource treeRange(int from, int to) {
    return (algorithm, params, task) ->
        ((RandomForestTrainer) TrainerSource.LOCAL.trainer(algorithm, params, task)).treeRange(from, to);
  }

  private static PipelineModel roundTrip(PipelineModel m) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      ModelFile.write(m, out);
    }
    return ModelFile.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), "part");
  }
}
