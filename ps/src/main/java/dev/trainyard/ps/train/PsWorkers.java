package dev.trainyard.ps.train;

import dev.trainyard.ml.model.ProgressListener;
import java.util.List;

/**
 * Where the W workers of a data-parallel PS trainer run: all as threads of this process
 * ({@link ThreadWorkers}), or one of them here with its peers in other processes
 * ({@link ProcessWorker}). Either way the trainer gets the full parameters back.
 */
interface PsWorkers {
  /** W, the workers of the run (across processes). */
  int workers();

  /** How the run is laid out, for provenance; the same for every worker of a run. */
  String description();

  /**
   * Creates the vector {@code name} from {@code segments} with the plan's update rule, runs the
   * workers that live here on the plan's row split and returns the final (or best) parameters.
   */
  float[] train(String name, List<VectorFactory.Segment> segments, TrainingPlan plan, BatchObjective objective,
      ProgressListener progress);
}
