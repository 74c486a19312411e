/**
 * The worker runtime: task slots that lease tasks from the queue, heartbeat their leases, run them
 * (experiment units, tree ranges, parameter-server fits) and store results; plus the dataset cache.
 */
package dev.trainyard.cluster.worker;
