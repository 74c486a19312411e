package dev.trainyard.ps.train;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.linear.Objective;
import dev.trainyard.ml.model.Model;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.model.Trainer;
import dev.trainyard.ml.param.Params;
import dev.trainyard.ml.pipeline.AlgorithmSpec;
import dev.trainyard.ml.pipeline.TrainerSource;
import java.util.List;

/** Trainers that run on the parameter server, for the algorithms that train data-parallel there. */
public final class PsTrainerSource implements TrainerSource {
  /** Algorithms with a parameter-server trainer. */
  public static final List<String> SUPPORTED = List.of("logistic", "softmax", "linear", "mlp", "als");

  private final PsSettings settings;

  public PsTrainerSource(PsSettings settings) {
    this.settings = settings;
  }

  @Override
  public Trainer<? extends Model> trainer(AlgorithmSpec algorithm, Params params, Task task) {
    requireSupported(algorithm.name());
    if (algorithm.name().equals("mlp")) {
      return new PsMlpTrainer(params, settings);
    }
    if (algorithm.name().equals("als")) {
      return new PsAlsTrainer(params, settings);
    }
    return new PsLinearTrainer(Objective.fromId(algorithm.name()), params, settings);
  }

  /** Fails, naming the supported algorithms, when {@code algorithm} has no parameter-server trainer. */
  public static void requireSupported(String algorithm) {
    if (!SUPPORTED.contains(algorithm)) {
      throw new InvalidInputException(algorithm + " does not train on the parameter server; --workers, --ps and"
          + " --ps-shards work with " + String.join(", ", SUPPORTED));
    }
  }
}
