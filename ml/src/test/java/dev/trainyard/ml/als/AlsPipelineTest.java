package dev.trainyard.ml.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.Ticker;
import dev.trainyard.ml.data.CategoricalColumn;
import dev.trainyard.ml.data.Column;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.NumericColumn;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.pipeline.Experiment;
import dev.trainyard.ml.pipeline.ExperimentResult;
import dev.trainyard.ml.pipeline.ExperimentSpec;
import dev.trainyard.ml.pipeline.ModelFile;
import dev.trainyard.ml.pipeline.PipelineModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code als} algorithm through the experiment pipeline and the model file. */
class AlsPipelineTest {
  private final ExecutorService executor = Executors.newFixedThreadPool(2);

  @AfterEach
  void shutDown() throws InterruptedException {
    executor.shutdown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** 40 users x 30 items, 60% rated, plus a timestamp column the model must not need. */
  private static Frame ratings(String user, String item, String rating) {
    Random rnd = new Random(3);
    List<float[]> rows = new ArrayList<>();
    for (int u = 0; u < 40; u++) {
      for (int i = 0; i < 30; i++) {
        if (rnd.nextDouble() < 0.6) {
          rows.add(new float[] {u + 1, 100 + i, 1 + (u % 5) * 0.5f + (i % 3) * 0.5f, 1_000_000 + rows.size()});
        }
      }
    }
    return Frame.of(List.of(column(user, rows, 0), column(item, rows, 1), column(rating, rows, 2),
        column("timestamp", rows, 3)));
  }

  private static Column column(String name, List<float[]> rows, int j) {
    float[] v = new float[rows.size()];
    for (int k = 0; k < v.length; k++) {
      v[k] = rows.get(k)[j];
    }
    return new NumericColumn(name, v);
  }

  private ExperimentResult run(Frame data, String label, Map<String, String> params) {
    ExperimentSpec spec = new ExperimentSpec("als", label, params, new ExperimentSpec.Validation.Fraction(0.2), 42,
        "ratings", "");
    return new Experiment(executor, 2, s -> ProgressListener.NONE, Ticker.SYSTEM).run(data, spec, true);
  }

  @Test
  void reportsRegressionMetricsAndSavesAModelThatNeedsOnlyUserAndItem(@TempDir Path dir) {
    Frame data = ratings("user", "item", "rating");
    ExperimentResult r = run(data, "rating", Map.of());
    assertThat(r.metrics()).containsKeys("rmse", "mae", "r2");
    PipelineModel model = r.model().orElseThrow();
    assertThat(model.schema().names()).containsExactly("user", "item");

    Path file = dir.resolve("als.model");
    ModelFile.save(model, file);
    PipelineModel back = ModelFile.load(file);
    Frame input = Frame.of(List.of(data.column("user"), data.column("item")));
    assertThat(back.predict(input).values()).isDeepEqualTo(model.predict(input).values());
    assertThat(back.model()).isInstanceOf(AlsModel.class);
  }

  @Test
  void readsTheColumnsNamedByUserColumnAndItemColumn() {
    ExperimentResult r = run(ratings("uid", "movie", "stars"), "stars", Map.of("user_column", "uid", "item_column", "movie"));
    assertThat(r.model().orElseThrow().schema().names()).containsExactly("uid", "movie");
  }

  @Test
  void aMissingUserColumnIsReportedWithTheWayToNameIt() {
    assertThatThrownBy(() -> run(ratings("uid", "item", "rating"), "rating", Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("als needs a user column 'user'; columns are: [uid, item, rating, timestamp]"
            + " (choose with --param user_column=NAME)");
  }

  @Test
  void theLabelCannotServeAsTheItemColumn() {
    assertThatThrownBy(() -> run(ratings("user", "item", "rating"), "rating", Map.of("item_column", "rating")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("input column 'rating' must not be the label");
  }

  @Test
  void blankColumnParametersAreRejectedBeforeAnyDataIsRead() {
    ExperimentSpec spec = new ExperimentSpec("als", "rating", Map.of("user_column", " "),
        new ExperimentSpec.Validation.None(), 1, "", "");
    assertThatThrownBy(() -> Experiment.validate(spec))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("user_column must not be blank");
  }

  @Test
  void categoricalIdsWorkAndAnUnseenLevelFallsBackToTheItemSide() {
    Frame numeric = ratings("user", "item", "rating");
    float[] u = numeric.numericValues(0);
    int[] codes = new int[u.length];
    List<String> levels = new ArrayList<>();
    for (int k = 0; k < u.length; k++) {
      codes[k] = (int) u[k] - 1;
    }
    for (int k = 1; k <= 40; k++) {
      levels.add("user-" + k);
    }
    Frame data = Frame.of(List.of(new CategoricalColumn("user", codes, levels), numeric.column("item"),
        numeric.column("rating")));
    PipelineModel model = run(data, "rating", Map.of()).model().orElseThrow();
    AlsModel als = (AlsModel) model.model();
    Frame unseen = Frame.of(List.of(new CategoricalColumn("user", new int[] {0}, List.of("stranger")),
        new NumericColumn("item", new float[] {100})));
    assertThat(model.predict(unseen).values()[0][0]).isEqualTo(als.predict(-1, 100));
  }
}
