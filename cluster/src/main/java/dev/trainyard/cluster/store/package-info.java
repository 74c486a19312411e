/**
 * What the coordinator persists (jobs, tasks and their attempts, events, per-iteration metrics,
 * datasets, models) as one {@link dev.trainyard.cluster.store.JobStore} interface; the JDBC
 * implementation lives in the server module and the application picks it.
 */
package dev.trainyard.cluster.store;
