/**
 * The task plane's contract: {@link dev.trainyard.cluster.queue.TaskQueue} with priorities, leases,
 * retries, dead letters, a result backend and per-job event streams, plus the value types it uses.
 */
package dev.trainyard.cluster.queue;
