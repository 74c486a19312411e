package dev.trainyard.cluster.coordinator;

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

  JobFinisher(JobStore store, FrameCache frames, LocalModels local, CoordinatorConfig config, Clock clock) {
    this.store = store;
    this.frames = frames;
    this.local = local;
    this.modelsDir = config.dataDir().resolve("models");
    this.saveModels = config.saveModels();
    this.clock = clock;
  }

  /** The finished job record, with the experiment result and the training frame it came from. */
  record Finished(JobRecord record, ExperimentResult result, Frame train, double loadSeconds) {}

  /**
   * {@code load_seconds} is the slowest task's data fetch + parse plus the coordinator's own parse
   * (0 when it reuses a frame its local worker parsed).
   */
  Finished finish(JobRun run) {
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
        if (s.task.unit() == u) {
          parts.add(local.decode(s.result.model().orElseThrow(), s.task.id()));
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
    JobRecord latest = store.job(run.id.value()).orElse(run.record);
    try {
      return new Finished(latest.succeeded(clock.instant(), ResultJson.MAPPER.writeValueAsString(json), modelId), r,
          f.train(), slowestLoad + loadSeconds);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String save(JobRun run, PipelineModel m, Map<String, Object> json) {
    String id = "m-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String file = id + ".model";
    ModelFile.save(m, modelsDir.resolve(file));
    String metrics;
    try {
      metrics = ResultJson.MAPPER.writeValueAsString(json.get("metrics"));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    store.insertModel(new ModelRecord(id, run.record.owner(), run.id.value(), run.spec.algorithm(), file, metrics,
        clock.instant()));
    return id;
  }
}
