/**
 * Training on parameter-server shards: data-parallel loops (W workers, each on its own row shard,
 * pull -> gradient on a mini-batch -> push, under BSP, SSP or ASP), run as threads of one process or
 * as one worker per process meeting its peers through the shards alone, and ALS (half-steps split by
 * blocks across worker threads or worker processes, factors assigned on the server, under BSP).
 */
package dev.trainyard.ps.train;
