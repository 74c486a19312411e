package dev.trainyard.ps.train;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.linear.Objective;
import dev.trainyard.ml.model.Model;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.model.Trainer;
import dev.trainyard.ml.param.Params;
import dev.trainyard.ml.pipeline.AlgorithmSpec;
import dev.trainyard.ml.pipeline.TrainerSource;
import dev.trainyard.rpc.auth.ClusterSecret;
import java.util.List;

/**
 * Trainers that run on the parameter server, for the algorithms that train data-parallel there:
 * with all W workers as threads of this process ({@link #PsTrainerSource(PsSettings)}), or as
 * worker {@code w} of W processes that each run the same experiment unit on the same data and
 * coordinate through the shards alone ({@link #distributed}).
 */
public final class PsTrainerSource implements TrainerSource {
  /** Algorithms with a parameter-server trainer. */
  public static final List<String> SUPPORTED = List.of("logistic", "softmax", "linear", "mlp", "als");

  /** Algorithms that also train with one worker per process ({@link #distributed}). */
  public static final List<String> DISTRIBUTED = List.of("logistic", "softmax", "linear", "mlp", "als");

  private final PsWorkers workers;
  /** The in-process settings (in-process ALS needs them), or null for a distributed source. */
  private final PsSettings settings;

  /** W worker threads of this process, as {@code settings} says. */
  public PsTrainerSource(PsSettings settings) {
    this(new ThreadWorkers(settings), settings);
  }

  private PsTrainerSource(PsWorkers workers, PsSettings settings) {
    this.workers = workers;
    this.settings = settings;
  }

  /**
   * Trainers for worker {@code d.worker()} of a distributed run. Each of the W worker processes
   * runs the same {@code ExperimentPlan.fit} of the same unit on the same data, so preprocessing,
   * layout, seeds and row shards agree; its trainer creates the run's tables unless a peer did,
   * trains its own row shard, meets its peers at every epoch end through the shards (see
   * {@link EpochBoard}) and returns the full model. Under every consistency model all W workers
   * return the same parameters and stop at the same epoch; worker 0 measures the validation loss
   * and decides on early stopping. A peer that does not keep up within {@code d.maxWait()} makes the
   * others fail with a {@link PeerTimeoutException}. The tables stay on the shards until
   * {@link #dropTables}. ALS has no epochs: its workers meet at the BSP barriers of every half-step
   * and each returns the same model ({@link PsAlsTrainer#distributed}). Algorithms outside
   * {@link #DISTRIBUTED} are rejected.
   */
  public static TrainerSource distributed(DistributedPs d) {
    return new PsTrainerSource(new ProcessWorker(d), null);
  }

  /**
   * Best-effort cleanup of a distributed run: drops every table named {@code tablePrefix/...} from
   * each shard that can be reached, authenticating with the cluster {@code secret}. Call it once
   * every worker of the run is done (or gone).
   *
   * @throws InvalidInputException if {@code tablePrefix} breaks the rule of {@link DistributedPs}
   */
  public static void dropTables(List<String> shards, String tablePrefix, ClusterSecret secret) {
    ProcessWorker.dropTables(shards, tablePrefix, java.util.Optional.of(secret));
  }

  /**
   * {@link #dropTables(List, String, ClusterSecret)} without a secret: every shard refuses it
   * (UNAUTHENTICATED, logged), so the tables stay. Kept only until its last caller passes the secret.
   *
   * @deprecated pass the cluster secret
   */
  @Deprecated
  public static void dropTables(List<String> shards, String tablePrefix) {
    ProcessWorker.dropTables(shards, tablePrefix, java.util.Optional.empty());
  }

  @Override
  public Trainer<? extends Model> trainer(AlgorithmSpec algorithm, Params params, Task task) {
    requireSupported(algorithm.name());
    if (settings == null && !DISTRIBUTED.contains(algorithm.name())) {
      throw new InvalidInputException(algorithm.name() + " does not train with one worker per process; distributed"
          + " parameter-server training works with " + String.join(", ", DISTRIBUTED));
    }
    if (algorithm.name().equals("mlp")) {
      return new PsMlpTrainer(params, workers);
    }
    if (algorithm.name().equals("als")) {
      return settings != null ? new PsAlsTrainer(params, settings)
          : PsAlsTrainer.distributed(params, ((ProcessWorker) workers).d());
    }
    return new PsLinearTrainer(Objective.fromId(algorithm.name()), params, workers);
  }

  /** Fails, naming the supported algorithms, when {@code algorithm} has no parameter-server trainer. */
  public static void requireSupported(String algorithm) {
    if (!SUPPORTED.contains(algorithm)) {
      throw new InvalidInputException(algorithm + " does not train on the parameter server; --workers, --ps and"
          + " --ps-shards work with " + String.join(", ", SUPPORTED));
    }
  }
}
