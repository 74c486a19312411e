package dev.trainyard.cluster.task;

import dev.trainyard.cluster.job.JobSpec;
import dev.trainyard.ml.data.Frame;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The last few frames parsed in this process, keyed by content hash and read options, so the tasks
 * of one job (folds, tree ranges) parse their dataset once per worker — and, in one JVM, the
 * coordinator reuses what its local worker parsed. Thread-safe; frames are immutable.
 */
public final class FrameCache {
  private final int capacity;
  private final DatasetSource source;
  /** Loads in flight or done, by key; a second task asking for a frame being parsed waits for that parse. */
  private final Map<String, java.util.concurrent.CompletableFuture<Frame>> frames = new LinkedHashMap<>(16, 0.75f, true);

  public FrameCache(DatasetSource source, int capacity) {
    this.source = source;
    this.capacity = capacity;
  }

  /** Where files come from (also for model files of predict tasks). */
  public DatasetSource source() {
    return source;
  }

  /** The training frame and, when the job has a test dataset, the test frame (read with the training types). */
  public Frames get(JobSpec spec, DataRef train, Optional<DataRef> test) {
    Frame t = cached(key(train, spec), k -> Experiments.read(source.fetch(train), train, spec, Map.of()));
    Optional<Frame> testFrame = test.map(ref -> cached(key(ref, spec) + "|test-of:" + train.sha256(),
        k -> Experiments.readTest(source.fetch(ref), ref, spec, t)));
    return new Frames(t, testFrame);
  }

  /** A dataset read with the spec's options plus {@code forced} column types (e.g. a model's schema). */
  public Frame get(JobSpec spec, DataRef ref, Map<String, dev.trainyard.ml.data.ColumnType> forced) {
    return cached(key(ref, spec) + "|forced:" + new java.util.TreeMap<>(forced),
        k -> Experiments.read(source.fetch(ref), ref, spec, forced));
  }

  private static String key(DataRef ref, JobSpec spec) {
    return ref.sha256() + "|" + ref.format() + "|" + spec.separator() + "|" + new java.util.TreeMap<>(spec.types());
  }

  private Frame cached(String key, Function<String, Frame> load) {
    java.util.concurrent.CompletableFuture<Frame> mine = new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.CompletableFuture<Frame> existing;
    synchronized (frames) {
      existing = frames.putIfAbsent(key, mine);
      while (frames.size() > capacity) {
        frames.remove(frames.keySet().iterator().next());
      }
    }
    if (existing != null) {
      try {
        return existing.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    try {
      Frame f = load.apply(key);
      mine.complete(f);
      return f;
    } catch (RuntimeException | Error e) {
      synchronized (frames) {
        frames.remove(key, mine);
      }
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /** A job's frames. */
  public record Frames(Frame train, Optional<Frame> test) {}
}
