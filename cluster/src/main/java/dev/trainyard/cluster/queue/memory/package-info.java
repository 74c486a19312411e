/**
 * The in-process {@link dev.trainyard.cluster.queue.TaskQueue} used by {@code standalone}: plain
 * collections behind one lock, every time decision taken from the injected clock.
 */
package dev.trainyard.cluster.queue.memory;
