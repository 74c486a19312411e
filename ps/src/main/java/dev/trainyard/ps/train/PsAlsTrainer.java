package dev.trainyard.ps.train;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.als.AlsModel;
import dev.trainyard.ml.als.AlsTrainer;
import dev.trainyard.ml.als.RatingMatrix;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.model.Provenance;
import dev.trainyard.ml.model.TrainContext;
import dev.trainyard.ml.model.Trainer;
import dev.trainyard.ml.param.Params;
import dev.trainyard.rpc.v1.Consistency;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ALS matrix factorization (the {@code als} solver of {@link AlsTrainer}, same hyper-parameters) with
 * the user and item factors on the parameter server: two shared vectors, {@code users} and
 * {@code items}, each laid out as {@link FactorVector} says. W {@link AlsWorker}s split every
 * half-step by blocks of {@link AlsTrainer#BLOCK_ROWS} rows, solve them with the single-process
 * code ({@code AlsHalfStep}) and assign the results on the server. The run needs BSP: a half-step
 * is an exact solve against the other side of the same iteration. Under BSP the model depends only
 * on the data, the parameters and the seed: every row is assigned by one worker from values that
 * do not depend on timing, so it is the same for any worker or shard count. Progress reports the training
 * RMSE per iteration. The W workers run as threads of this process ({@link #PsAlsTrainer(Params,
 * PsSettings)}: worker 0 returns the sides) or one per process ({@link #distributed}: each process
 * runs worker {@code d.worker()} through {@link AlsProcessWorker} and every one returns the same
 * sides); both assemble the model from the pulled tables the same way, so with the same blocks and
 * solves they give the same model. Immutable; {@link #train} may run concurrently if the settings'
 * pool allows.
 */
public final class PsAlsTrainer implements Trainer<AlsModel> {
  /**
   * Plain SGD with learning rate 1 and a constant schedule: the server computes
   * {@code w - 1 * g}, so a push of {@code old - new} assigns {@code new} (see {@link FactorVector}).
   */
  static UpdateRule assignRule(long pushesPerWorker) {
    return new UpdateRule("sgd", 1.0, "constant", 0, pushesPerWorker, 0);
  }

  private final Params params;
  /** Exactly one of these is set: the in-process settings, or this process's part of a distributed run. */
  private final PsSettings ps;
  private final DistributedPs distributed;
  private final int rank;
  private final int iterations;
  private final double lambda;
  private final boolean biases;

  /** Validates the parameters (as {@link AlsTrainer#fromParams}) and that the vectors run under BSP. */
  public PsAlsTrainer(Params params, PsSettings ps) {
    this(params, ps, null, ps.vectors().consistency());
  }

  /**
   * Worker {@code d.worker()} of a run with one worker per process; validates as
   * {@link #PsAlsTrainer(Params, PsSettings)} does, with {@code d}'s consistency.
   */
  static PsAlsTrainer distributed(Params params, DistributedPs d) {
    return new PsAlsTrainer(params, null, d, Optional.of(d.model()));
  }

  private PsAlsTrainer(Params params, PsSettings ps, DistributedPs distributed,
      Optional<Consistency> consistency) {
    // Only to validate: the ranges and messages are the single-process trainer's.
    AlsTrainer.fromParams(params);
    if (!params.getString("solver").equals("als")) {
      throw new InvalidInputException("on the parameter server, als runs the als solver only, was solver="
          + params.getString("solver") + "; train sgd without --workers, --ps or --ps-shards");
    }
    consistency.filter(c -> c != Consistency.BSP).ifPresent(c -> {
      throw new InvalidInputException("als on the parameter server needs bsp consistency, was "
          + c.name().toLowerCase(java.util.Locale.ROOT)
          + ": each half-step must solve against the other side's factors of the same iteration");
    });
    this.params = params;
    this.ps = ps;
    this.distributed = distributed;
    this.rank = params.getInt("rank");
    this.iterations = params.getInt("iterations");
    this.lambda = params.getDouble("lambda");
    this.biases = params.getBoolean("biases");
  }

  @Override
  public AlsModel train(FeatureMatrix x, Target y, TrainContext context) {
    if (!(y instanceof Target.Values values)) {
      throw new InvalidInputException("als predicts ratings: the target must be numeric (regression)");
    }
    RatingMatrix m = RatingMatrix.of(x, values.values(), biases, AlsTrainer.BLOCK_ROWS);
    int workers = ps != null ? ps.workers() : distributed.workers();
    AlsWorker.Job job = new AlsWorker.Job(m, rank, biases, lambda, iterations, context.seed(), workers);
    AlsWorker.Sides fitted = ps != null ? inProcess(job, context)
        : new AlsProcessWorker(distributed).fit(job, context.progress());
    String layout = ps != null ? ps.description() : distributed.description();
    Provenance p = Provenance.of(AlsTrainer.ALGORITHM, TrainingPlan.provenanceParams(params, layout), context.seed(),
        x.rows());
    return new AlsModel(m.userIds(), fitted.users(), m.itemIds(), fitted.items(), m.mean(), p);
  }

  /** All W workers as threads of the settings' pool; worker 0 returns both sides. */
  private AlsWorker.Sides inProcess(AlsWorker.Job job, TrainContext context) {
    RatingMatrix m = job.ratings();
    int userRows = m.userIds().length;
    int itemRows = m.itemIds().length;
    IterationLosses losses = new IterationLosses(iterations, m.itemBlocks().size(), m.count(), context.progress());
    try (SharedVector users = ps.vectors().create("users", FactorVector.segments(userRows, rank, biases),
            assignRule(iterations), ps.workers());
        SharedVector items = ps.vectors().create("items", FactorVector.segments(itemRows, rank, biases),
            assignRule(iterations + 1L), ps.workers())) {
      List<AlsWorker> workers = new ArrayList<>();
      for (int w = 0; w < ps.workers(); w++) {
        workers.add(new AlsWorker(job, w, new FactorVector(users, w, userRows, rank, biases),
            new FactorVector(items, w, itemRows, rank, biases), losses, w == 0));
      }
      // Worker 0 returns both sides; the others return null.
      return Workers.runAll(ps.workerPool(), workers, () -> {}).get(0);
    }
  }
}
