/**
 * The parameter-server client: a thread-safe PsClient over K shards with a contiguous key-range
 * partitioner, parallel fan-out of dense and sparse pull/push, chunking, deadlines and gzip.
 */
package dev.trainyard.ps.client;
