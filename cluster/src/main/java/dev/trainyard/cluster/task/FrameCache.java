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
  private final Map<String, Frame> frames = new LinkedHashMap<>(16, 0.75f, true);

  public FrameCache(DatasetSource source, int capacity) {
    this.source = source;
    this.capacity = capacity;
  }

  /** The training frame and, when the job has a test dataset, the test frame (read with the training types). */
  public Frames get(JobSpec spec, DataRef train, Optional<DataRef> test) {
    Frame t = cached(key(train, spec), k -> Experiments.read(source.fetch(train), train, spec, Map.of()));
    Optional<Frame> testFrame = test.map(ref -> cached(key(ref, spec) + "|test-of:" + train.sha256(),
        k -> Experiments.readTest(source.fetch(ref), ref, spec, t)));
    return new Frames(t, testFrame);
  }

  private static String key(DataRef ref, JobSpec spec) {
    return ref.sha256() + "|" + ref.format() + "|" + spec.separator() + "|" + new java.util.TreeMap<>(spec.types());
  }

  private Frame cached(String key, Function<String, Frame> load) {
    synchronized (frames) {
      Frame f = frames.get(key);
      if (f != null) {
        return f;
      }
    }
    Frame loaded = load.apply(key);
    synchronized (frames) {
      frames.put(key, loaded);
      while (frames.size() > capacity) {
        frames.remove(frames.keySet().iterator().next());
      }
    }
    return loaded;
  }

  /** A job's frames. */
  public record Frames(Frame train, Optional<Frame> test) {}
}
