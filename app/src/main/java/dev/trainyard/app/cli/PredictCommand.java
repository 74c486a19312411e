package dev.trainyard.app.cli;

import dev.trainyard.cluster.task.PredictionCsv;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.ColumnType;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.Frames;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.pipeline.Experiment;
import dev.trainyard.ml.pipeline.ModelFile;
import dev.trainyard.ml.pipeline.PipelineModel;
import dev.trainyard.ml.pipeline.Predictions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trainyard predict}: apply a saved model to a data file and write predictions as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Predict with a saved model; writes CSV: the prediction, then one probability per class.",
        "When the data has the label column, the metrics are printed to stderr."})
public final class PredictCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "PATH", description = "Model file written by train --save-model.")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "Rows to predict (CSV or LibSVM).")
  Path data;

  @Option(names = "--output", paramLabel = "FILE", description = "Write predictions here (default: stdout).")
  Path output;

  @Option(names = "--keep", split = ",", paramLabel = "COL", description = "Input columns to copy into the output (e.g. an id).")
  List<String> keep = new ArrayList<>();

  @Mixin DataOptions dataOptions;

  @Override
  public Integer call() throws IOException {
    PipelineModel m = ModelFile.load(model);
    Map<String, ColumnType> types = new LinkedHashMap<>();
    m.schema().fields().forEach(f -> types.put(f.name(), f.type()));
    Frame frame = dataOptions.read(data, types);
    for (String k : keep) {
      frame.indexOf(k);
    }
    Predictions p = m.predict(frame);
    if (frame.has(m.schema().label())) {
      reportMetrics(m, frame);
    }
    if (output == null) {
      write(frame, p, System.out);
    } else {
      try (OutputStream out = Files.newOutputStream(output)) {
        write(frame, p, out);
      } catch (IOException e) {
        throw new InvalidInputException("cannot write " + output + ": " + e.getMessage(), e);
      }
      System.err.println("wrote " + p.size() + " predictions to " + output);
    }
    return 0;
  }

  private void reportMetrics(PipelineModel m, Frame frame) {
    String label = m.schema().label();
    Target t = m.task() == Task.CLASSIFICATION
        ? Frames.classTarget(frame, label, m.classes())
        : Frames.valueTarget(frame, label);
    Experiment.Evaluation e = Experiment.evaluate(m, frame, t);
    StringBuilder sb = new StringBuilder("metrics on " + data.getFileName() + ":");
    e.metrics().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s=%.4f", k, v)));
    System.err.println(sb);
  }

  private void write(Frame frame, Predictions p, OutputStream raw) {
    PredictionCsv.write(frame, p, keep, true, new OutputStreamWriter(raw, StandardCharsets.UTF_8));
  }
}
