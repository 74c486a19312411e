package dev.trainyard.cluster.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainyard.cluster.queue.Lease;
import dev.trainyard.ml.model.ProgressListener.Progress;

/**
 * The event bodies a worker appends to a job's stream on the task plane (JSON objects with a
 * {@code type}): {@code started} and {@code done} (with the worker's clock time {@code at}), {@code progress}, {@code done}, {@code dropped} (a late duplicate
 * result), {@code failed} (with {@code final} when no retry follows). The coordinator reads them.
 */
public final class TaskEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TaskEvents() {}

  static String started(Lease l, java.time.Instant at) {
    return base("started", l).put("attempt", l.attempt()).put("at", at.toString()).toString();
  }

  static String progress(Lease l, String stage, Progress p) {
    ObjectNode n = base("progress", l).put("stage", stage).put("unit", p.unit()).put("done", p.done())
        .put("total", p.total());
    if (Double.isFinite(p.loss())) {
      n.put("loss", p.loss());
    }
    if (Double.isFinite(p.validationLoss())) {
      n.put("val_loss", p.validationLoss());
    }
    return n.toString();
  }

  static String done(Lease l, double seconds, java.time.Instant at) {
    return base("done", l).put("seconds", seconds).put("at", at.toString()).toString();
  }

  static String dropped(Lease l, String why) {
    return base("dropped", l).put("why", why).toString();
  }

  static String failed(Lease l, String error, boolean last) {
    return base("failed", l).put("error", error).put("final", last).toString();
  }

  private static ObjectNode base(String type, Lease l) {
    return JSON.createObjectNode().put("type", type).put("task", l.task().value()).put("worker", l.worker().value());
  }
}
