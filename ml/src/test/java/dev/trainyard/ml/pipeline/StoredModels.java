package dev.trainyard.ml.pipeline;

import dev.trainyard.common.Executors2;
import dev.trainyard.common.Ticker;
import dev.trainyard.ml.TestDatasets;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.model.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Writes the stored model files that {@link StoredModelTest} keeps loading in later versions.
 * Run once per model format version (never overwrite an existing version's files):
 * {@code java -cp ... dev.trainyard.ml.pipeline.StoredModels ml/src/test/resources/models/v1}.
 */
public final class StoredModels {
  static final List<String> ALGORITHMS = List.of("random-forest", "softmax");

  private StoredModels() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    Frame iris = CsvReader.read(TestDatasets.file("iris.csv"), CsvOptions.defaults());
    ExecutorService pool = Executors2.fixed(2, "fixtures");
    try {
      for (String algo : ALGORITHMS) {
        Map<String, String> params = algo.equals("random-forest") ? Map.of("trees", "10") : Map.of();
        ExperimentSpec spec = new ExperimentSpec(algo, "label", params, new ExperimentSpec.Validation.None(), 1,
            "iris.csv", "");
        PipelineModel m = new Experiment(pool, 2, s -> ProgressListener.NONE, Ticker.SYSTEM)
            .run(iris, spec, true).model().orElseThrow();
        ModelFile.save(m, dir.resolve("iris-" + algo + ".model"));
        Files.write(dir.resolve("iris-" + algo + ".expected.csv"), lines(m.predict(iris)));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> lines(Predictions p) {
    List<String> out = new ArrayList<>();
    for (double[] row : p.values()) {
      StringBuilder sb = new StringBuilder();
      for (double v : row) {
        sb.append(sb.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.17g", v));
      }
      out.add(sb.toString());
    }
    return out;
  }
}
