package dev.trainyard.ml.pipeline;

import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.model.Model;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.model.Trainer;
import dev.trainyard.ml.param.ParamSpec;
import dev.trainyard.ml.param.Params;
import dev.trainyard.ml.transform.PreprocessOptions;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An algorithm users can name: its id (e.g. {@code random-forest}), a one-line description, which
 * task it does, the preprocessing it wants, the hyper-parameters it accepts, how to build its
 * trainer from validated parameters, and which columns of the data it reads (by default every
 * non-text column other than the label).
 */
public record AlgorithmSpec(
    String name,
    String description,
    TaskRule taskRule,
    PreprocessOptions preprocessing,
    List<ParamSpec> params,
    TrainerFactory factory,
    InputSelector inputs) {

  /** Which task an algorithm performs. */
  public enum TaskRule {
    /** Exactly two classes. */
    BINARY,
    /** Two or more classes. */
    MULTICLASS,
    REGRESSION,
    /** Classification or regression, chosen by the {@code task} parameter or the label column. */
    EITHER
  }

  /** Builds a trainer for a task from validated parameters. */
  @FunctionalInterface
  public interface TrainerFactory {
    Trainer<? extends Model> create(Params params, Task task);
  }

  /**
   * Chooses the input columns of an experiment from the validated parameters, the training frame
   * and the label; the result is what a saved model requires at prediction time. Throws
   * {@link dev.trainyard.common.InvalidInputException} naming a missing or unusable column.
   */
  @FunctionalInterface
  public interface InputSelector {
    /** Every non-text column other than the label, in frame order. */
    InputSelector NON_TEXT = (params, frame, label) -> InputSchema.of(frame, label).names();

    List<String> columns(Params params, Frame frame, String label);
  }

  /** An algorithm that reads every non-text column other than the label ({@link InputSelector#NON_TEXT}). */
  public AlgorithmSpec(String name, String description, TaskRule taskRule, PreprocessOptions preprocessing,
      List<ParamSpec> params, TrainerFactory factory) {
    this(name, description, taskRule, preprocessing, params, factory, InputSelector.NON_TEXT);
  }

  public AlgorithmSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(taskRule, "taskRule");
    Objects.requireNonNull(preprocessing, "preprocessing");
    params = List.copyOf(params);
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(inputs, "inputs");
  }

  /** Validates user parameters (name to text), reporting every problem at once. */
  public Params parse(Map<String, String> raw) {
    return Params.parse(name, params, raw);
  }

  /** The input columns this algorithm reads from {@code frame} under {@code params}. */
  public List<String> inputColumns(Params params, Frame frame, String label) {
    return inputs.columns(params, frame, label);
  }
}
