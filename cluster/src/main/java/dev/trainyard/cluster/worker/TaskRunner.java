package dev.trainyard.cluster.worker;

import dev.trainyard.cluster.task.TaskPayload;
import dev.trainyard.ml.model.ProgressListener;

/**
 * Runs one task and returns its result text (see {@link dev.trainyard.cluster.task.TaskResult}).
 * Throws {@link dev.trainyard.common.InvalidInputException} for input no retry can fix, any other
 * exception for a failure worth retrying. Must stop promptly when its thread is interrupted.
 */
@FunctionalInterface
public interface TaskRunner {
  String run(TaskPayload task, int threads, ProgressListener progress, String workerId);
}
