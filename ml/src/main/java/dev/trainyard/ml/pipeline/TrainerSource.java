package dev.trainyard.ml.pipeline;

import dev.trainyard.ml.model.Model;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.model.Trainer;
import dev.trainyard.ml.param.Params;

/**
 * Where an experiment gets its trainer from: the algorithm's own single-process trainer
 * ({@link #LOCAL}), or another implementation of the same algorithm, such as data-parallel training
 * on parameter-server shards, wired in by the application.
 */
@FunctionalInterface
public interface TrainerSource {
  TrainerSource LOCAL = (algorithm, params, task) -> algorithm.factory().create(params, task);

  Trainer<? extends Model> trainer(AlgorithmSpec algorithm, Params params, Task task);
}
