/**
 * The cluster {@link dev.trainyard.cluster.queue.TaskQueue} on Redis Streams with consumer groups
 * (Lettuce client); every multi-key state change runs as one Lua script so it is atomic.
 */
package dev.trainyard.cluster.queue.redis;
