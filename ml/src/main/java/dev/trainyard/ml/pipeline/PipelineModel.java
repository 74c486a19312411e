package dev.trainyard.ml.pipeline;

import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.forest.RandomForestModel;
import dev.trainyard.ml.model.Model;
import dev.trainyard.ml.model.Provenance;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.transform.Preprocessor;
import java.util.ArrayList;
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

  /**
   * Joins pipelines that differ only in their random forest, such as the tree ranges of one forest
   * ({@link dev.trainyard.ml.forest.RandomForestTrainer#treeRange}) fitted on the same rows: schema,
   * preprocessing and classes are the first part's, the forest is
   * {@link RandomForestModel#combine} of the parts' in list order, and the provenance is the first
   * part's with {@code trees} the total and no out-of-bag metrics
   * ({@link RandomForestModel#combinedProvenance}).
   *
   * @throws IllegalArgumentException if {@code parts} is empty, a part holds no random forest, or
   *     a part's schema, preprocessing or classes differ from the first's, or as
   *     {@link RandomForestModel#combine} says
   */
  public static PipelineModel combineForests(List<PipelineModel> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("parts must not be empty");
    }
    PipelineModel first = parts.get(0);
    List<RandomForestModel> forests = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      PipelineModel p = Objects.requireNonNull(parts.get(i), "part " + i);
      if (!(p.model instanceof RandomForestModel forest)) {
        throw new IllegalArgumentException(
            "part " + i + " holds a " + p.model.formatId() + " model, not a random forest");
      }
      String differs = !p.schema.equals(first.schema) ? "input schema"
          : !p.preprocessor.equals(first.preprocessor) ? "preprocessing"
          : !p.classes.equals(first.classes) ? "classes" : null;
      if (differs != null) {
        throw new IllegalArgumentException("part " + i + " has other " + differs + " than part 0");
      }
      forests.add(forest);
    }
    RandomForestModel combined = RandomForestModel.combine(forests);
    Provenance p = RandomForestModel.combinedProvenance(first.provenance, combined.trees().size());
    return new PipelineModel(first.schema, first.preprocessor, combined, first.classes, p);
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
