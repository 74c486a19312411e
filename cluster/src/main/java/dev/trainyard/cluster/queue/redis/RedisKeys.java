package dev.trainyard.cluster.queue.redis;

import dev.trainyard.cluster.queue.JobId;
import dev.trainyard.cluster.queue.Priority;
import dev.trainyard.cluster.queue.TaskId;
import dev.trainyard.common.InvalidInputException;
import java.util.regex.Pattern;

/**
 * The key layout of one queue under its prefix {@code P} (e.g. {@code trainyard:default:}):
 * <pre>
 * P ready:HIGH|NORMAL|LOW   stream per priority, consumer group "workers", entry {task: id}
 * P task:ID                 hash: job, priority, payload, max, attempt, state, entry, worker, error
 * P claim-cursor            hash ready-stream key -> XAUTOCLAIM cursor to resume expiry scans
 * P delayed                 sorted set of task ids, score = due time in epoch millis
 * P results:JOB             hash task id -> result, written with HSETNX (first result wins)
 * P dead                    list of dead-lettered task ids, oldest first
 * P job:JOB:tasks           set of the job's task ids (for cancel by job)
 * P events:JOB              stream with ids 0-1, 0-2, ... (offset = sequence number)
 * P events:JOB:seq          counter for the event offsets
 * </pre>
 * The Lua scripts rebuild {@code task:} and {@code ready:} keys from the prefix, so a queue lives on
 * one Redis node (not Redis Cluster). Immutable.
 */
final class RedisKeys {
  static final String GROUP = "workers";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  final String prefix;

  RedisKeys(String queueName) {
    if (!NAME.matcher(queueName).matches()) {
      throw new InvalidInputException(
          "queue name must be 1 to 100 characters of letters, digits, '.', '_' or '-', was \"" + queueName + "\"");
    }
    this.prefix = "trainyard:" + queueName + ":";
  }

  String ready(Priority p) {
    return prefix + "ready:" + p.name();
  }

  String task(TaskId id) {
    return prefix + "task:" + id.value();
  }

  String claimCursors() {
    return prefix + "claim-cursor";
  }

  String delayed() {
    return prefix + "delayed";
  }

  String results(JobId job) {
    return prefix + "results:" + job.value();
  }

  String dead() {
    return prefix + "dead";
  }

  String jobTasks(JobId job) {
    return prefix + "job:" + job.value() + ":tasks";
  }

  String events(JobId job) {
    return prefix + "events:" + job.value();
  }

  String eventSeq(JobId job) {
    return prefix + "events:" + job.value() + ":seq";
  }
}
