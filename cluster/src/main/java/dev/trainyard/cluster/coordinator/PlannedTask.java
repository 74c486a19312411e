package dev.trainyard.cluster.coordinator;

import dev.trainyard.cluster.task.TaskPayload;
import java.util.Objects;

/**
 * One logical task of a job as planned: its id (also the queue's task id of the first copy), the
 * experiment unit it fits and its payload. Deterministic: planning a job twice gives the same tasks.
 */
record PlannedTask(String id, int unit, TaskPayload payload) {
  PlannedTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(payload, "payload");
  }

  String kind() {
    return payload.kind().id();
  }
}
