/**
 * The process's one Prometheus meter registry (with the JVM binders) and the tiny HTTP server that
 * serves it on workers and PS shards; what is measured lives with the code it measures.
 */
package dev.trainyard.common.metrics;
