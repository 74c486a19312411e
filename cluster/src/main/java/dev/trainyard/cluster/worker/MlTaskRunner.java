package dev.trainyard.cluster.worker;

import dev.trainyard.cluster.job.JobSpec;
import dev.trainyard.cluster.task.DataRef;
import dev.trainyard.cluster.task.FrameCache;
import dev.trainyard.cluster.task.PredictionCsv;
import dev.trainyard.cluster.task.Texts;
import dev.trainyard.ml.data.ColumnType;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.pipeline.ModelFile;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.trainyard.cluster.task.LocalModels;
import dev.trainyard.cluster.task.ModelCodec;
import dev.trainyard.cluster.task.TaskKind;
import dev.trainyard.cluster.task.TaskPayload;
import dev.trainyard.cluster.task.TaskResult;
import dev.trainyard.cluster.task.Experiments;
import dev.trainyard.common.Executors2;
import dev.trainyard.common.Ticker;
import dev.trainyard.ml.forest.RandomForestTrainer;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.pipeline.ExperimentPlan;
import dev.trainyard.ml.pipeline.PipelineModel;
import dev.trainyard.ml.pipeline.TrainerSource;
import dev.trainyard.ps.train.DistributedPs;
import dev.trainyard.ps.train.PsSession;
import dev.trainyard.ps.train.PsTrainerSource;
import dev.trainyard.rpc.auth.ClusterSecret;
import java.util.concurrent.ExecutorService;

/**
 * Runs the machine-learning tasks: reads (and caches) the job's frames, rebuilds the job's
 * experiment plan and fits the task's unit — whole ({@link TaskKind#FIT}), as a range of forest
 * trees ({@link TaskKind#TREES}), or data-parallel on parameter-server shards
 * ({@link TaskKind#PS_FIT}, in-process shards unless the payload names running ones), or as one
 * worker of a run with one worker per process on running shards ({@link TaskKind#PS_WORKER}:
 * linear models and MLP by row shard, ALS by user and item blocks); and predicts a
 * row shard with a saved model ({@link TaskKind#PREDICT}). Parameter-server calls carry the
 * cluster secret; in-process shards require it. Thread-safe.
 */
public final class MlTaskRunner implements TaskRunner {
  private final FrameCache frames;
  private final Ticker ticker;
  private final java.util.Optional<LocalModels> local;
  private final ClusterSecret secret;
  private final Map<String, PipelineModel> models = new java.util.HashMap<>();

  /**
   * @param frames where the job's frames come from (fetched and parsed once per process)
   * @param secret the cluster secret, for the parameter-server shards
   */
  public MlTaskRunner(FrameCache frames, Ticker ticker, ClusterSecret secret) {
    this(frames, ticker, java.util.Optional.empty(), secret);
  }

  /** A runner in the coordinator's JVM: models are handed over in memory through {@code local}. */
  public MlTaskRunner(FrameCache frames, Ticker ticker, java.util.Optional<LocalModels> local,
      ClusterSecret secret) {
    this.frames = frames;
    this.ticker = ticker;
    this.local = local;
    this.secret = java.util.Objects.requireNonNull(secret, "secret");
  }

  @Override
  public String run(TaskPayload task, int threads, ProgressListener progress, String workerId) {
    if (task.kind() == TaskKind.NOOP) {
      return TaskResult.ok("", 0, 0, workerId).toJson();
    }
    if (task.kind() == TaskKind.PREDICT) {
      return predict(task, workerId);
    }
    if (task.kind() == TaskKind.PREPROCESS) {
      return preprocess(task, workerId);
    }
    long loadStart = ticker.nanos();
    FrameCache.Frames f = frames.get(task.spec(), task.train(), task.test());
    double loadSeconds = (ticker.nanos() - loadStart) / 1e9;
    ExperimentPlan plan = Experiments.plan(f.train(), Experiments.spec(task.spec(), task.train(), f.train(), f.test()),
        task.spec());
    long start = ticker.nanos();
    ExecutorService pool = Executors2.fixed(threads, "task");
    try {
      PipelineModel model = switch (task.kind()) {
        case TREES -> plan.fit(task.unit(), pool, threads, progress, treeRange(task.treeFrom(), task.treeTo()));
        case PS_FIT -> psFit(plan, task, pool, threads, progress);
        case PS_WORKER -> plan.fit(task.unit(), pool, threads, progress,
            PsTrainerSource.distributed(psWorker(task, secret)));
        default -> plan.fit(task.unit(), pool, threads, progress, TrainerSource.LOCAL);
      };
      double seconds = (ticker.nanos() - start) / 1e9;
      String encoded = local.map(l -> l.put(model)).orElseGet(() -> ModelCodec.encode(model));
      return TaskResult.ok(encoded, seconds, loadSeconds, workerId).toJson();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Predicts row shard {@code unit} of {@code shards}: CSV lines (header included), gzip + Base64. */
  private String predict(TaskPayload task, String workerId) {
    DataRef ref = task.model().orElseThrow(() -> new IllegalArgumentException("a predict task needs a model"));
    long loadStart = ticker.nanos();
    PipelineModel m = model(ref);
    Map<String, ColumnType> types = new LinkedHashMap<>();
    m.schema().fields().forEach(f -> types.put(f.name(), f.type()));
    Frame all = frames.get(task.spec(), task.train(), types);
    double loadSeconds = (ticker.nanos() - loadStart) / 1e9;
    long start = ticker.nanos();
    int n = all.rowCount();
    int from = (int) ((long) n * task.unit() / task.shards());
    int to = (int) ((long) n * (task.unit() + 1) / task.shards());
    Frame part = all.rows(java.util.stream.IntStream.range(from, to).toArray());
    StringWriter csv = new StringWriter();
    PredictionCsv.write(part, m.predict(part), List.of(), true, csv);
    double seconds = (ticker.nanos() - start) / 1e9;
    return TaskResult.ok(Texts.gzipBase64(csv.toString()), seconds, loadSeconds, workerId).toJson();
  }

  /**
   * Parses chunk {@code unit} of the raw CSV split into {@code shards} chunks (every worker splits
   * the file the same way). A file that splits into fewer chunks (gzip is one) gives an empty output
   * for the chunks it does not have.
   */
  private String preprocess(TaskPayload task, String workerId) {
    long start = ticker.nanos();
    java.nio.file.Path file = frames.source().fetch(task.train());
    double loadSeconds = (ticker.nanos() - start) / 1e9;
    dev.trainyard.ml.data.CsvOptions options = Experiments.csvOptions(task.spec());
    List<dev.trainyard.ml.data.CsvChunk> chunks = dev.trainyard.ml.data.CsvChunks.split(file, task.shards(), options);
    if (task.unit() >= chunks.size()) {
      return TaskResult.ok("", 0, loadSeconds, workerId).toJson();
    }
    long parse = ticker.nanos();
    String out;
    try {
      out = dev.trainyard.cluster.task.ChunkOutput.encode(
          dev.trainyard.ml.data.CsvReader.readChunk(file, chunks.get(task.unit()), options));
    } catch (dev.trainyard.common.InvalidInputException e) {
      String stored = file.getFileName().toString();
      throw new dev.trainyard.common.InvalidInputException(e.getMessage().replace(stored, task.train().name()),
          e.details());
    }
    return TaskResult.ok(out, (ticker.nanos() - parse) / 1e9, loadSeconds, workerId).toJson();
  }

  private PipelineModel model(DataRef ref) {
    synchronized (models) {
      PipelineModel m = models.get(ref.sha256());
      if (m == null) {
        m = ModelFile.load(frames.source().fetch(ref));
        models.clear(); // keep one model: predict jobs on one worker mostly share it
        models.put(ref.sha256(), m);
      }
      return m;
    }
  }

  private static TrainerSource treeRange(int from, int to) {
    return (algorithm, params, t) -> RandomForestTrainer.fromParams(params, t == Task.CLASSIFICATION).treeRange(from, to);
  }

  /** Worker {@code treeFrom} of {@code shards} of generation {@code treeTo} (see the planner). */
  static DistributedPs psWorker(TaskPayload task, ClusterSecret secret) {
    JobSpec.Resources r = task.spec().resources();
    return new DistributedPs(task.treeFrom(), task.shards(), task.psShards(), r.consistency(), r.staleness(),
        tablePrefix(task.jobId(), task.unit(), task.treeTo()),
        dev.trainyard.ps.train.RetryPolicy.of(java.time.Duration.ofSeconds(60), java.time.Duration.ofMillis(200)),
        PS_PEER_WAIT, secret);
  }

  /**
   * How long a PS worker waits for its peers (it must cover their start-up and data load) before it
   * fails naming them; also how long a survivor of a lost peer holds its slot (a waiting PS call
   * ends at its deadline, not at cancellation).
   */
  static final java.time.Duration PS_PEER_WAIT = java.time.Duration.ofSeconds(30);

  /** The PS table prefix of one generation of one unit of a job. */
  public static String tablePrefix(String jobId, int unit, int generation) {
    return jobId + ".u" + unit + ".g" + generation;
  }

  private PipelineModel psFit(ExperimentPlan plan, TaskPayload task, ExecutorService pool, int threads,
      ProgressListener progress) {
    JobSpec.Resources r = task.spec().resources();
    int shards = task.psShards().isEmpty() ? Math.max(1, r.psShards()) : 0;
    try (PsSession ps = new PsSession(r.workers(), task.psShards(), shards, r.consistency(), r.staleness(),
        r.psGzip(), secret)) {
      return plan.fit(task.unit(), pool, threads, progress, ps.trainers());
    }
  }
}
