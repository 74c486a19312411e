/**
 * Training on parameter-server shards: data-parallel loops (W workers, each on its own row shard,
 * pull -> gradient on a mini-batch -> push, under BSP, SSP or ASP) and ALS (half-steps split by
 * blocks across workers, factors assigned on the server, under BSP).
 */
package dev.trainyard.ps.train;
