package dev.trainyard.ml.pipeline;

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
 * task it does, the preprocessing it wants, the hyper-parameters it accepts, and how to build its
 * trainer from validated parameters.
 */
public record AlgorithmSpec(
    String name,
    String description,
    TaskRule taskRule,
    PreprocessOptions preprocessing,
    List<ParamSpec> params,
    TrainerFactory factory) {

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

  public AlgorithmSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(taskRule, "taskRule");
    Objects.requireNonNull(preprocessing, "preprocessing");
    params = List.copyOf(params);
    Objects.requireNonNull(factory, "factory");
  }

  /** Validates user parameters (name to text), reporting every problem at once. */
  public Params parse(Map<String, String> raw) {
    return Params.parse(name, params, raw);
  }
}
