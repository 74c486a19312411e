/**
 * The data plane's coordinator side: datasets stored once by content hash under the data
 * directory, and how a worker's local cache gets them.
 */
package dev.trainyard.cluster.data;
