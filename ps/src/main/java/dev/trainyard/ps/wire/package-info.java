/**
 * Wire helpers shared by the parameter-server client and shards: float vectors to and from
 * little-endian float32 bytes in bulk, and the dense push/pull marshallers that move them between
 * float arrays and gRPC's buffers without protobuf's copies ({@link dev.trainyard.ps.wire.DenseWire}).
 */
package dev.trainyard.ps.wire;
