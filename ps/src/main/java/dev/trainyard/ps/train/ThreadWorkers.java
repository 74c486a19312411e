package dev.trainyard.ps.train;

import dev.trainyard.ml.model.ProgressListener;
import java.util.List;

/** All W workers as threads of this process ({@link DataParallelLoop}); the vector is dropped afterwards. */
record ThreadWorkers(PsSettings ps) implements PsWorkers {
  @Override
  public int workers() {
    return ps.workers();
  }

  @Override
  public String description() {
    return ps.description();
  }

  @Override
  public float[] train(String name, List<VectorFactory.Segment> segments, TrainingPlan plan, BatchObjective objective,
      ProgressListener progress) {
    try (SharedVector vector = ps.vectors().create(name, segments, plan.rule(), ps.workers())) {
      return new DataParallelLoop(plan.loop(), objective, vector, ps.workerPool(), progress)
          .run(plan.split().train(), plan.split().test());
    }
  }
}
