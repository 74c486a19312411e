/**
 * The parameter server: shards holding parameter tables by key range, served over gRPC.
 * Sub-packages: server, client, train (data-parallel training on the PS).
 */
package dev.trainyard.ps;
