package dev.trainyard.cluster.coordinator;

import dev.trainyard.cluster.job.JobSpec;
import dev.trainyard.cluster.task.ChunkOutput;
import dev.trainyard.cluster.task.Experiments;
import dev.trainyard.ml.data.ColumnStats;
import dev.trainyard.ml.data.ColumnType;
import dev.trainyard.ml.data.TypeInference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rounds of a preprocessing job: once every chunk of the latest round is parsed, the chunks'
 * stats are merged into the types a whole-file read would infer ({@link TypeInference#merge}); chunks
 * that were read as other types are parsed again with the merged types (a new round of tasks),
 * until none differ (at most two re-reads). Deterministic, so a restarted coordinator derives the
 * same rounds and task ids from the stored results.
 */
final class PreprocessRounds {
  private PreprocessRounds() {}

  /** The latest output per chunk (chunk index order), decoded; a chunk the file did not have is absent. */
  static TreeMap<Integer, ChunkOutput> latest(JobRun run) {
    TreeMap<Integer, Integer> round = new TreeMap<>();
    TreeMap<Integer, ChunkOutput> out = new TreeMap<>();
    for (JobRun.Slot s : run.slots.values()) {
      int chunk = s.task.unit();
      int r = s.task.payload().treeFrom();
      String text = s.result.model().orElse("");
      if (text.isEmpty() || round.getOrDefault(chunk, 0) > r) {
        continue;
      }
      round.put(chunk, r);
      out.put(chunk, ChunkOutput.decode(text, s.task.id()));
    }
    return out;
  }

  /** The merged types of the latest round (throws the whole-file error when a column breaks a rule). */
  static Map<String, ColumnType> merged(JobRun run, TreeMap<Integer, ChunkOutput> latest) {
    List<Map<String, ColumnStats>> stats = new ArrayList<>();
    latest.values().forEach(c -> stats.add(c.stats()));
    return TypeInference.merge(stats, Experiments.csvOptions(run.spec), run.train.name());
  }

  /** The next round's tasks, or none when every chunk was read with the merged types. */
  static List<PlannedTask> next(JobRun run) {
    TreeMap<Integer, ChunkOutput> latest = latest(run);
    if (latest.isEmpty()) {
      throw new dev.trainyard.common.InvalidInputException(run.train.name() + " has no data rows");
    }
    Map<String, ColumnType> merged = merged(run, latest);
    List<Integer> differing = new ArrayList<>();
    latest.forEach((chunk, out) -> {
      if (!out.types().equals(merged)) {
        differing.add(chunk);
      }
    });
    if (differing.isEmpty()) {
      return List.of();
    }
    int round = 1 + run.slots.values().stream().mapToInt(s -> s.task.payload().treeFrom()).max().orElse(1);
    if (round > 3) {
      throw new IllegalStateException(run.train.name() + ": chunk types still differ after two re-reads: " + merged);
    }
    return Planner.preprocess(run.id.value(), withTypes(run.spec, merged), run.train, round, differing);
  }

  private static JobSpec withTypes(JobSpec s, Map<String, ColumnType> types) {
    Map<String, String> t = new LinkedHashMap<>();
    types.forEach((c, ty) -> t.put(c, ty.name().toLowerCase(Locale.ROOT)));
    return new JobSpec(s.kind(), s.name(), s.dataset(), s.label(), s.algorithm(), s.params(), s.validation(),
        s.resources(), s.priority(), s.seed(), t, s.separator(), s.model(), s.finalModel());
  }
}
