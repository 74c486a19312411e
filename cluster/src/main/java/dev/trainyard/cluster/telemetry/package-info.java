/**
 * What the task plane measures and logs with: task and job meters for Prometheus (in the process's
 * {@link dev.trainyard.common.metrics.Telemetry} registry) and the job/task/worker ids put in the SLF4J MDC.
 */
package dev.trainyard.cluster.telemetry;
