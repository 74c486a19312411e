/**
 * Jobs as users submit them: the JSON job spec with its validation, and the coordinator's job
 * service contract that the HTTP API and the CLI call.
 */
package dev.trainyard.cluster.job;
