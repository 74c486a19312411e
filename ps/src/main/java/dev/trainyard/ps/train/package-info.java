/**
 * Data-parallel training on parameter-server shards: W workers, each on its own row shard, loop
 * pull -> gradient on a mini-batch -> push, under BSP, SSP or ASP.
 */
package dev.trainyard.ps.train;
