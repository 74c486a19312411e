package dev.trainyard.cluster.coordinator;

import dev.trainyard.cluster.data.DatasetRepository;
import dev.trainyard.cluster.job.ResultJson;
import dev.trainyard.cluster.store.JobRecord;
import dev.trainyard.cluster.store.JobStore;
import dev.trainyard.cluster.store.ModelRecord;
import dev.trainyard.cluster.task.FrameCache;
import dev.trainyard.cluster.task.Experiments;
import dev.trainyard.cluster.task.LocalModels;
import dev.trainyard.common.Ticker;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.pipeline.ExperimentPlan;
import dev.trainyard.ml.pipeline.ExperimentResult;
import dev.trainyard.ml.pipeline.ModelFile;
import dev.trainyard.ml.pipeline.PipelineModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a job whose tasks all have results into its final record: decodes each unit's model (a
 * random forest's tree ranges combined in tree order), rebuilds the same experiment plan from the
 * dataset, evaluates exactly as {@code trainyard train} does, saves the final model under
 * {@code models/} and records it. {@code train_seconds} is the sum of the tasks' fit times.
 */
final class JobFinisher {
  private final JobStore store;
  private final FrameCache frames;
  private final LocalModels local;
  private final Path modelsDir;
  private final Clock clock;
  private final boolean saveModels;

  private final DatasetRepository datasets;

  JobFinisher(JobStore store, DatasetRepository datasets, FrameCache frames, LocalModels local, CoordinatorConfig config,
      Clock clock) {
    this.store = store;
    this.datasets = datasets;
    this.frames = frames;
    this.local = local;
    this.modelsDir = config.dataDir().resolve("models");
    this.saveModels = config.saveModels();
    this.clock = clock;
  }

  /** The finished job record, with the experiment result and the training frame it came from (training jobs). */
  record Finished(JobRecord record, Optional<ExperimentResult> result, Frame train, double loadSeconds) {}

  /**
   * {@code load_seconds} is the slowest task's data fetch + parse plus the coordinator's own parse
   * (0 when it reuses a frame its local worker parsed).
   */
  Finished finish(JobRun run) {
    if (run.spec.kind() == dev.trainyard.cluster.job.JobSpec.Kind.PREDICT) {
      return new Finished(predictions(run), Optional.empty(), null, 0);
    }
    if (run.spec.kind() == dev.trainyard.cluster.job.JobSpec.Kind.PREPROCESS) {
      return new Finished(typedDataset(run), Optional.empty(), null, 0);
    }
    long t0 = Ticker.SYSTEM.nanos();
    FrameCache.Frames f = frames.get(run.spec, run.train, run.test);
    double loadSeconds = (Ticker.SYSTEM.nanos() - t0) / 1e9;
    ExperimentPlan plan = Experiments.plan(f.train(), Experiments.spec(run.spec, run.train, f.train(), f.test()),
        run.spec);
    List<PipelineModel> models = new ArrayList<>();
    double seconds = 0;
    double slowestLoad = 0;
    for (int u = 0; u < plan.units().size(); u++) {
      List<PipelineModel> parts = new ArrayList<>();
      for (JobRun.Slot s : run.slots.values()) {
        boolean otherPsWorker = s.psWorker() && s.task.payload().treeFrom() != 0; // worker 0's model counts
        if (s.task.unit() == u && !otherPsWorker) {
          parts.add(s.decoded != null ? join(s.decoded) : local.decode(s.result.model().orElseThrow(), s.task.id()));
          seconds += s.result.seconds();
          slowestLoad = Math.max(slowestLoad, s.result.loadSeconds());
        }
      }
      models.add(parts.size() == 1 ? parts.get(0) : PipelineModel.combineForests(parts));
    }
    ExperimentResult r = plan.finish(models, seconds);
    Map<String, Object> json = ResultJson.of(r, run.train.name(), slowestLoad + loadSeconds);
    Optional<String> modelId = saveModels ? r.model().map(m -> save(run, m, json)) : Optional.empty();
    modelId.ifPresent(id -> json.put("model_id", id));
    json.put("job", run.id.value());
    return new Finished(succeeded(run, json, modelId), Optional.of(r), f.train(), slowestLoad + loadSeconds);
  }

  /** The job's latest record, succeeded now with this result object. */
  private JobRecord succeeded(JobRun run, Map<String, Object> result, Optional<String> modelId) {
    return store.job(run.id.value()).orElse(run.record).succeeded(clock.instant(), json(result), modelId);
  }

  private static String json(Object value) {
    try {
      return ResultJson.MAPPER.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("result maps hold only JSON values", e);
    }
  }

  /**
   * Concatenates the shards' prediction CSVs in row order into {@code predictions/<job>.csv} (one
   * header line) and records {@code kind}, {@code rows}, {@code predictions} (the file, relative to
   * the data directory) and the summed {@code predict_seconds}.
   */
  private static PipelineModel join(java.util.concurrent.CompletableFuture<PipelineModel> f) {
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private JobRecord predictions(JobRun run) {
    Path out = datasets.predictionsFile(run.id.value());
    Path dir = out.getParent();
    long lines = 0;
    double seconds = 0;
    try {
      java.nio.file.Files.createDirectories(dir);
      Path tmp = java.nio.file.Files.createTempFile(dir, ".predictions-", ".tmp");
      try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(tmp)) {
        boolean first = true;
        for (JobRun.Slot s : run.slots.values()) {
          java.io.StringWriter part = new java.io.StringWriter();
          dev.trainyard.cluster.task.Texts.ungzipBase64(s.result.model().orElseThrow(), part);
          String text = part.toString();
          String body = first ? text : text.substring(text.indexOf('\n') + 1);
          lines += body.chars().filter(c -> c == '\n').count();
          w.write(body);
          first = false;
          seconds += s.result.seconds();
        }
      }
      java.nio.file.Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write the predictions: " + e.getMessage(), e);
    }
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("kind", "predict");
    json.put("job", run.id.value());
    json.put("model_id", run.spec.model().orElse(""));
    json.put("data", run.train.name());
    json.put("rows", lines - 1);
    json.put("predictions", "predictions/" + out.getFileName());
    json.put("predict_seconds", seconds);
    return succeeded(run, json, Optional.empty());
  }

  /**
   * Concatenates the chunks' typed frames (latest round of each, in file order) into one frame and
   * stores it as a new dataset of the job's owner in the typed format; records {@code kind},
   * {@code dataset_id}, {@code rows}, {@code columns} and the inferred {@code types}.
   */
  private JobRecord typedDataset(JobRun run) {
    java.util.TreeMap<Integer, dev.trainyard.cluster.task.ChunkOutput> latest = PreprocessRounds.latest(run);
    List<Frame> parts = new ArrayList<>();
    latest.values().forEach(c -> parts.add(c.frame()));
    Frame typed = dev.trainyard.ml.data.Frames.concat(parts);
    String name = run.train.name().replaceFirst("(?i)\\.csv(\\.gz)?$", "") + ".typed";
    dev.trainyard.cluster.store.DatasetRecord d = datasets.storeFrame(run.record.owner(), name, typed);
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("kind", "preprocess");
    json.put("job", run.id.value());
    json.put("dataset_id", d.id());
    json.put("data", run.train.name());
    json.put("rows", typed.rowCount());
    json.put("columns", typed.columnCount());
    json.put("chunks", latest.size());
    Map<String, String> types = new java.util.LinkedHashMap<>();
    for (String c : typed.names()) {
      types.put(c, typed.column(c).type().name().toLowerCase(java.util.Locale.ROOT));
    }
    json.put("types", types);
    return succeeded(run, json, Optional.empty());
  }

  /** Saves the model as {@code models/<sha256>.model} (content-addressed, so workers can fetch it by hash). */
  private String save(JobRun run, PipelineModel m, Map<String, Object> json) {
    String id = "m-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    Path tmp = modelsDir.resolve(id + ".model");
    ModelFile.save(m, tmp);
    String file = DatasetRepository.sha256(tmp) + ".model";
    try {
      java.nio.file.Files.move(tmp, modelsDir.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot store the model file: " + e.getMessage(), e);
    }
    String metrics = json(json.get("metrics"));
    store.insertModel(new ModelRecord(id, run.record.owner(), run.id.value(), run.spec.algorithm(), file, metrics,
        clock.instant()));
    return id;
  }
}
