/**
 * The coordinator: turns jobs into tasks (planner), follows their progress and results on the
 * task plane, backs up stragglers, assembles and evaluates the model, persists everything, recovers
 * unfinished jobs after a restart, and tracks cluster members over gRPC.
 */
package dev.trainyard.cluster.coordinator;
