/**
 * Wire helpers shared by the parameter-server client and shards: float vectors to and from
 * little-endian float32 bytes in bulk.
 */
package dev.trainyard.ps.wire;
