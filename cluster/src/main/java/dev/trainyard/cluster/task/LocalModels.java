package dev.trainyard.cluster.task;

import dev.trainyard.ml.pipeline.PipelineModel;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fitted models handed from a local worker slot to the coordinator in the same JVM without
 * serializing them: the task result then carries {@code local:<id>} instead of the encoded model.
 * Only valid inside one process (the embedded and standalone platforms); each model is taken once.
 * Thread-safe.
 */
public final class LocalModels {
  public static final String PREFIX = "local:";
  private final ConcurrentHashMap<String, PipelineModel> models = new ConcurrentHashMap<>();

  /** Keeps the model and returns the reference to put in the task result. */
  public String put(PipelineModel m) {
    String ref = PREFIX + UUID.randomUUID();
    models.put(ref, m);
    return ref;
  }

  /** The model of a local reference, removed from here; empty when the text is not one of ours. */
  public Optional<PipelineModel> take(String ref) {
    return ref.startsWith(PREFIX) ? Optional.ofNullable(models.remove(ref)) : Optional.empty();
  }

  /** The model of an encoded result: a local reference or the {@link ModelCodec} text. */
  public PipelineModel decode(String text, String source) {
    if (text.startsWith(PREFIX)) {
      return take(text).orElseThrow(() -> new IllegalStateException("the in-process model of " + source
          + " is gone (was the result produced by a worker of another process?)"));
    }
    return ModelCodec.decode(text, source);
  }
}
