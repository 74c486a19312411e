/**
 * The parameter server: shards holding parameter tables by key range, served over gRPC.
 * Sub-packages: server, client, optim (server-side optimizers), wire (float32 bytes), train.
 */
package dev.trainyard.ps;
