package dev.trainyard.cluster.coordinator;

import dev.trainyard.cluster.job.JobSpec;
import dev.trainyard.cluster.task.DataRef;
import dev.trainyard.cluster.task.Experiments;
import dev.trainyard.cluster.task.TaskKind;
import dev.trainyard.cluster.task.TaskPayload;
import dev.trainyard.ml.als.AlsTrainer;
import dev.trainyard.ml.forest.RandomForestTrainer;
import dev.trainyard.ml.pipeline.Algorithms;
import dev.trainyard.ps.train.PsTrainerSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Job → tasks, without reading data (DESIGN.md §1). Every experiment unit (each cv fold, then the
 * final model) becomes: for a random forest, {@code resources.tasks} tasks of contiguous tree ranges
 * (model-parallel; default {@link #DEFAULT_TREE_TASKS} per unit); with {@code resources.workers},
 * W parameter-server worker tasks when {@link #distributed} (linear models, MLP and ALS: one long
 * task per worker, meeting at PS barriers) or else one parameter-server fit; otherwise one fit. Task
 * ids are {@code <job>.u<unit>[.t<from>-<to>]}. A batch prediction becomes one task per row shard.
 */
final class Planner {
  static final int DEFAULT_TREE_TASKS = 4;
  static final int DEFAULT_PREDICT_TASKS = 4;

  private Planner() {}

  /** Batch prediction: {@code resources.tasks} row shards (default {@link #DEFAULT_PREDICT_TASKS}), ids {@code <job>.p<i>}. */
  static List<PlannedTask> predict(String jobId, JobSpec spec, DataRef data, DataRef model) {
    int shards = spec.resources().tasks() > 0 ? spec.resources().tasks() : DEFAULT_PREDICT_TASKS;
    List<PlannedTask> out = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      out.add(new PlannedTask(jobId + ".p" + i, i, new TaskPayload(TaskKind.PREDICT, jobId, spec, data,
          Optional.empty(), i, 0, 0, List.of(), Optional.of(model), shards)));
    }
    return out;
  }

  /**
   * One round of preprocessing: a task per listed chunk of the raw CSV (round 1: every chunk), ids
   * {@code <job>.c<chunk>.r<round>}; later rounds carry the merged types in their spec.
   */
  static List<PlannedTask> preprocess(String jobId, JobSpec spec, DataRef data, int round, List<Integer> chunks) {
    int n = spec.resources().tasks() > 0 ? spec.resources().tasks() : DEFAULT_PREDICT_TASKS;
    List<PlannedTask> out = new ArrayList<>();
    for (int c : chunks) {
      out.add(new PlannedTask(jobId + ".c" + c + ".r" + round, c, new TaskPayload(TaskKind.PREPROCESS, jobId, spec,
          data, Optional.empty(), c, round, 0, List.of(), Optional.empty(), n)));
    }
    return out;
  }

  /**
   * Whether a PS unit runs as one task per worker, each in its own process: the algorithm trains
   * that way, running shards are known (given or registered), no in-process shards were asked for,
   * and the live workers have a slot for every PS worker at once (BSP needs them all running). ALS
   * runs that way under BSP only; any other consistency stays one {@code PS_FIT} task, whose trainer
   * rejects it as bad input (W worker tasks would each fail and be restarted as new generations).
   */
  static boolean distributed(JobSpec spec, ClusterView cluster) {
    JobSpec.Resources r = spec.resources();
    boolean shards = !r.psAddresses().isEmpty() || !cluster.liveShards().isEmpty();
    boolean alsOutsideBsp = spec.algorithm().equals(AlsTrainer.ALGORITHM) && !r.consistency().equals("bsp");
    return r.workers() > 0 && r.psShards() == 0 && shards && PsTrainerSource.DISTRIBUTED.contains(spec.algorithm())
        && !alsOutsideBsp && cluster.liveWorkerSlots() >= r.workers();
  }

  /**
   * The W tasks of one PS unit in generation {@code generation}: ids {@code <job>.u<unit>.w<w>.g<gen>};
   * {@code treeFrom} carries the worker index and {@code treeTo} the generation, {@code shards} W.
   */
  static List<PlannedTask> psWorkers(String jobId, JobSpec spec, DataRef train, Optional<DataRef> test, int unit,
      int generation, List<String> shards) {
    int w = spec.resources().workers();
    List<PlannedTask> out = new ArrayList<>();
    for (int i = 0; i < w; i++) {
      out.add(new PlannedTask(jobId + ".u" + unit + ".w" + i + ".g" + generation, unit, new TaskPayload(
          TaskKind.PS_WORKER, jobId, spec, train, test, unit, i, generation, shards, Optional.empty(), w)));
    }
    return out;
  }

  /** How many chunks a preprocessing job asks for. */
  static int chunks(JobSpec spec) {
    return spec.resources().tasks() > 0 ? spec.resources().tasks() : DEFAULT_PREDICT_TASKS;
  }

  static List<PlannedTask> plan(String jobId, JobSpec spec, DataRef train, Optional<DataRef> test,
      ClusterView cluster) {
    List<String> psShards = cluster.liveShards();
    List<PlannedTask> out = new ArrayList<>();
    int units = Experiments.units(spec);
    boolean forest = spec.algorithm().equals(RandomForestTrainer.ALGORITHM);
    for (int u = 0; u < units; u++) {
      String base = jobId + ".u" + u;
      if (forest) {
        int trees = Algorithms.get(spec.algorithm()).parse(spec.params()).getInt("trees");
        int parts = Math.min(trees, spec.resources().tasks() > 0 ? spec.resources().tasks() : DEFAULT_TREE_TASKS);
        for (int p = 0; p < parts; p++) {
          int from = (int) ((long) trees * p / parts);
          int to = (int) ((long) trees * (p + 1) / parts);
          out.add(new PlannedTask(base + ".t" + from + "-" + to, u,
              new TaskPayload(TaskKind.TREES, jobId, spec, train, test, u, from, to, List.of())));
        }
      } else if (distributed(spec, cluster)) {
        List<String> shards = spec.resources().psAddresses().isEmpty() ? psShards : spec.resources().psAddresses();
        out.addAll(psWorkers(jobId, spec, train, test, u, 1, shards));
      } else if (spec.resources().workers() > 0) {
        List<String> shards = spec.resources().psShards() > 0 ? List.of()
            : !spec.resources().psAddresses().isEmpty() ? spec.resources().psAddresses() : psShards;
        out.add(new PlannedTask(base, u, new TaskPayload(TaskKind.PS_FIT, jobId, spec, train, test, u, 0, 0, shards)));
      } else {
        out.add(new PlannedTask(base, u, new TaskPayload(TaskKind.FIT, jobId, spec, train, test, u, 0, 0, List.of())));
      }
    }
    return out;
  }
}
