package dev.trainyard.ml.model;

import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Target;

/**
 * Learns a {@link Model} from features and a target. A trainer holds only validated
 * hyper-parameters; the same trainer, data and {@link TrainContext#seed()} give the same model
 * whatever {@link TrainContext#threads()} is.
 */
public interface Trainer<M extends Model> {
  M train(FeatureMatrix x, Target y, TrainContext context);
}
