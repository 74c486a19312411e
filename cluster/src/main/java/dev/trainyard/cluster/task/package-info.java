/**
 * What travels on the task queue between the coordinator and workers: task payloads, results,
 * progress events, and the shared code that turns a payload into the same experiment on any host.
 */
package dev.trainyard.cluster.task;
