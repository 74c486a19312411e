package dev.trainyard.ml.pipeline;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.als.AlsModel;
import dev.trainyard.ml.als.AlsTrainer;
import dev.trainyard.ml.forest.RandomForestModel;
import dev.trainyard.ml.forest.RandomForestTrainer;
import dev.trainyard.ml.linear.LinearModel;
import dev.trainyard.ml.linear.LinearTrainer;
import dev.trainyard.ml.linear.Objective;
import dev.trainyard.ml.model.Model;
import dev.trainyard.ml.model.Provenance;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.nn.MlpModel;
import dev.trainyard.ml.nn.MlpTrainer;
import dev.trainyard.ml.param.ParamSpec;
import dev.trainyard.ml.transform.Encoding;
import dev.trainyard.ml.transform.PreprocessOptions;
import dev.trainyard.ml.transform.Scaling;
import java.io.DataInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The algorithms users can name (in the CLI, job specs and the UI), and the readers of their model
 * formats. Adding an algorithm means one entry here.
 */
public final class Algorithms {
  /** Pipeline parameter of linear models: how numeric features are scaled before training. */
  public static final String SCALING = "scaling";
  /** Pipeline parameter of algorithms that can do either task. */
  public static final String TASK = "task";

  private static final Map<String, AlgorithmSpec> BY_NAME = new LinkedHashMap<>();
  private static final Map<String, ModelReader> READERS = Map.of(
      LinearModel.FORMAT_ID, LinearModel::readBody,
      RandomForestModel.FORMAT_ID, RandomForestModel::readBody,
      AlsModel.FORMAT_ID, AlsModel::readBody,
      MlpModel.FORMAT_ID, MlpModel::readBody);

  static {
    linear(Objective.LOGISTIC, AlgorithmSpec.TaskRule.BINARY,
        "binary logistic regression, mini-batch SGD with L1/L2");
    linear(Objective.SOFTMAX, AlgorithmSpec.TaskRule.MULTICLASS,
        "multinomial (softmax) logistic regression, mini-batch SGD with L2");
    linear(Objective.LINEAR, AlgorithmSpec.TaskRule.REGRESSION,
        "linear regression (least squares), mini-batch SGD with L1/L2");
    List<ParamSpec> forest = new ArrayList<>(RandomForestTrainer.params());
    forest.add(ParamSpec.choice(TASK, "auto", List.of("auto", "classification", "regression"),
        "classification or regression; auto picks classification for text labels and for integer labels"
            + " with at most " + Tasks.MAX_AUTO_CLASSES + " distinct values"));
    register(new AlgorithmSpec(RandomForestTrainer.ALGORITHM,
        "random forest of CART trees on pre-binned features, trained in parallel",
        AlgorithmSpec.TaskRule.EITHER, PreprocessOptions.forTrees(), forest,
        (p, task) -> RandomForestTrainer.fromParams(p, task == Task.CLASSIFICATION)));
    // Ids must reach the model unchanged: numeric ids pass through unscaled, categorical ids become
    // their training level index (an unseen level is -1, which the model treats as unknown).
    register(new AlgorithmSpec(AlsTrainer.ALGORITHM,
        "matrix factorization of explicit ratings (user, item columns): ALS with weighted-λ, optional biases, or SGD",
        AlgorithmSpec.TaskRule.REGRESSION, new PreprocessOptions(Encoding.ORDINAL, Scaling.NONE), AlsTrainer.params(),
        (p, task) -> AlsTrainer.fromParams(p), AlsTrainer::inputColumns));
    register(new AlgorithmSpec(MlpTrainer.ALGORITHM,
        "multi-layer perceptron classifier (ReLU/tanh, softmax, dropout), mini-batch SGD with L2",
        AlgorithmSpec.TaskRule.MULTICLASS, PreprocessOptions.forLinearModels(), withScaling(MlpTrainer.params()),
        (p, task) -> MlpTrainer.fromParams(p)));
  }

  private Algorithms() {}

  private static void linear(Objective objective, AlgorithmSpec.TaskRule rule, String description) {
    register(new AlgorithmSpec(objective.id(), description, rule, PreprocessOptions.forLinearModels(),
        withScaling(LinearTrainer.params(objective)), (p, task) -> LinearTrainer.fromParams(objective, p)));
  }

  /** The trainer's parameters plus the pipeline's {@code scaling} choice, for models that want scaled inputs. */
  private static List<ParamSpec> withScaling(List<ParamSpec> trainerParams) {
    List<ParamSpec> params = new ArrayList<>(trainerParams);
    params.add(ParamSpec.choice(SCALING, "standardize", List.of("standardize", "minmax", "none"),
        "scaling of numeric features, fitted on training rows"));
    return params;
  }

  private static void register(AlgorithmSpec spec) {
    BY_NAME.put(spec.name(), spec);
  }

  /** The named algorithm; an unknown name is an error listing the known ones. */
  public static AlgorithmSpec get(String name) {
    AlgorithmSpec spec = BY_NAME.get(name);
    if (spec == null) {
      throw new InvalidInputException("unknown algorithm '" + name + "'; known algorithms: "
          + String.join(", ", BY_NAME.keySet()));
    }
    return spec;
  }

  public static List<AlgorithmSpec> all() {
    return List.copyOf(BY_NAME.values());
  }

  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /** Reads a model body written by {@link Model#writeBody} for format {@code formatId}. */
  static Model readModel(String formatId, DataInput in, Provenance provenance, String source) throws IOException {
    ModelReader reader = READERS.get(formatId);
    if (reader == null) {
      throw new InvalidInputException(source + " holds a model of format '" + formatId
          + "', which this Trainyard cannot read (known: " + READERS.keySet() + ")");
    }
    return reader.read(in, provenance);
  }

  /** Reads one model format. */
  @FunctionalInterface
  interface ModelReader {
    Model read(DataInput in, Provenance provenance) throws IOException;
  }
}
