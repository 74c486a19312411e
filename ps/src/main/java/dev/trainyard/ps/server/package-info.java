/**
 * One parameter-server shard: tables for the row or key range it owns, server-side optimizers
 * applied on push, BSP/SSP/ASP clocks, checkpoints, and the gRPC service and process entry point.
 */
package dev.trainyard.ps.server;
