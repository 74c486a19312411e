package dev.trainyard.ml.pipeline;

import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.model.Model;
import dev.trainyard.ml.model.Provenance;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.transform.Preprocessor;
import java.util.List;
import java.util.Objects;

/**
 * What a user saves and serves: the input schema, the fitted preprocessing, the trained model, the
 * class names and the full provenance. Predicts from raw frames. Immutable and thread-safe.
 */
public final class PipelineModel {
  private final InputSchema schema;
  private final Preprocessor preprocessor;
  private final Model model;
  private final List<String> classes;
  private final Provenance provenance;

  public PipelineModel(InputSchema schema, Preprocessor preprocessor, Model model, List<String> classes, Provenance provenance) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
    this.model = Objects.requireNonNull(model, "model");
    this.classes = List.copyOf(classes);
    this.provenance = Objects.requireNonNull(provenance, "provenance");
    if (model.task() == Task.CLASSIFICATION && model.numClasses() != this.classes.size()) {
      throw new IllegalArgumentException(model.numClasses() + " model classes but " + this.classes.size() + " names");
    }
  }

  public InputSchema schema() {
    return schema;
  }

  public Preprocessor preprocessor() {
    return preprocessor;
  }

  public Model model() {
    return model;
  }

  public Task task() {
    return model.task();
  }

  public List<String> classes() {
    return classes;
  }

  public Provenance provenance() {
    return provenance;
  }

  /** The same model with other provenance (e.g. with metrics added after evaluation). */
  public PipelineModel withProvenance(Provenance p) {
    return new PipelineModel(schema, preprocessor, model, classes, p);
  }

  /** Predicts every row of {@code frame}, which must hold the schema's columns (others are ignored). */
  public Predictions predict(Frame frame) {
    schema.requireColumns(frame);
    FeatureMatrix x = preprocessor.apply(frame);
    return new Predictions(model.task(), classes, model.predictAll(x));
  }
}
