package dev.trainyard.ps.train;

import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.linear.LinearModel;
import dev.trainyard.ml.linear.LinearProblem;
import dev.trainyard.ml.linear.Objective;
import dev.trainyard.ml.model.Provenance;
import dev.trainyard.ml.model.TrainContext;
import dev.trainyard.ml.model.Trainer;
import dev.trainyard.ml.param.Params;
import java.util.List;

/**
 * Logistic, softmax or linear regression trained data-parallel on the parameter server: the
 * weights ({@code k x (d+1)}, as in {@link LinearModel}) are one shared vector updated by the
 * server's optimizer; W workers run the {@link DataParallelLoop} (as threads here, or as
 * {@link ProcessWorker}s in W processes). Takes the same hyper-parameters as
 * the single-process {@code LinearTrainer}.
 */
public final class PsLinearTrainer implements Trainer<LinearModel> {
  private final Objective objective;
  private final Params params;
  private final PsWorkers ps;

  /** W worker threads of this process, as {@code ps} says. */
  public PsLinearTrainer(Objective objective, Params params, PsSettings ps) {
    this(objective, params, new ThreadWorkers(ps));
  }

  PsLinearTrainer(Objective objective, Params params, PsWorkers ps) {
    this.objective = objective;
    this.params = params;
    this.ps = ps;
  }

  @Override
  public LinearModel train(FeatureMatrix x, Target y, TrainContext context) {
    LinearProblem problem = LinearProblem.of(objective, x, y);
    int d = problem.d();
    LinearObjective obj = new LinearObjective(problem, params.getDouble("l2"));
    double l1 = objective == Objective.SOFTMAX ? 0 : params.getDouble("l1");
    TrainingPlan plan = TrainingPlan.of(params, x.rows(), problem.classes(), ps.workers(), context.seed(), l1);
    float[] w = ps.train("weights", List.of(VectorFactory.Segment.zeros(problem.k() * (d + 1))), plan, obj,
        context.progress());
    return new LinearModel(objective, d, problem.numClasses(), w,
        Provenance.of(objective.id(), TrainingPlan.provenanceParams(params, ps.description()), context.seed(),
            x.rows()));
  }
}
