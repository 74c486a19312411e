package dev.trainyard.server.api;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.trainyard.ml.pipeline.PipelineModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The most recently used saved models, loaded once from their files so repeated predictions do not
 * read and decode the file again. Keyed by model id and file name together (a saved model file is
 * content-addressed and never rewritten, so an entry cannot go stale); the least recently used
 * model is dropped past {@code capacity}. Bounded by a count of models,
 * not by bytes: keep {@code capacity} small, a large forest can take hundreds of MB. Two threads
 * missing the same model at once may both load it; the second result simply replaces the first.
 * Thread-safe.
 */
final class ModelCache {
  private final int capacity;
  private final Object lock = new Object();
  @GuardedBy("lock")
  private final LinkedHashMap<String, PipelineModel> models;

  ModelCache(int capacity) {
    dev.trainyard.common.Check.between("capacity", capacity, 1, 1000);
    this.capacity = capacity;
    this.models = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, PipelineModel> eldest) {
        return size() > ModelCache.this.capacity;
      }
    };
  }

  /**
   * The model under {@code key} (model id and file name), from memory or from {@code load} now
   * (outside the lock, so a slow load does not hold up predictions with other models).
   */
  PipelineModel get(String key, Supplier<PipelineModel> load) {
    Objects.requireNonNull(key, "key");
    synchronized (lock) {
      PipelineModel m = models.get(key);
      if (m != null) {
        return m;
      }
    }
    PipelineModel loaded = Objects.requireNonNull(load.get(), "loaded model");
    synchronized (lock) {
      models.put(key, loaded);
    }
    return loaded;
  }

  /** How many models are held now. */
  int size() {
    synchronized (lock) {
      return models.size();
    }
  }
}
