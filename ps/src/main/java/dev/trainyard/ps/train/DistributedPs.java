package dev.trainyard.ps.train;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.PsClientOptions;
import dev.trainyard.rpc.auth.ClusterSecret;
import dev.trainyard.rpc.v1.Consistency;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One worker process's part in a distributed parameter-server run (one job-system task per
 * worker): it is worker {@code worker} of {@code workers}, the shards are at
 * {@code shardAddresses} (host:port, the same list in the same order for every worker), the
 * consistency model is {@code bsp}, {@code ssp} (with {@code staleness}) or {@code asp}, and every
 * table and PS job of the run is named {@code tablePrefix/...}, so the prefix must be unique per job
 * unit and generation (e.g. {@code j-abc.u0.g1}); all workers of a run use the same one.
 * {@code retry} says how long calls retry an unreachable shard; {@code maxWait} is the deadline of
 * every call, so a pull that waits longer for a peer fails (see {@link PeerTimeoutException});
 * {@code secret} is the cluster secret the shards require. Immutable.
 */
public record DistributedPs(int worker, int workers, List<String> shardAddresses, String consistency, int staleness,
    String tablePrefix, RetryPolicy retry, Duration maxWait, ClusterSecret secret) {
  /** Most workers a PS job may have (the shards' limit). */
  public static final int MAX_WORKERS = 100_000;

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  public DistributedPs {
    if (workers < 1 || workers > MAX_WORKERS) {
      throw new InvalidInputException("workers must be between 1 and " + MAX_WORKERS + ", was " + workers);
    }
    if (worker < 0 || worker >= workers) {
      throw new InvalidInputException("worker must be between 0 and workers - 1 = " + (workers - 1) + ", was "
          + worker);
    }
    Objects.requireNonNull(shardAddresses, "shardAddresses");
    shardAddresses = List.copyOf(shardAddresses);
    if (shardAddresses.isEmpty()) {
      throw new InvalidInputException("shardAddresses must name at least one parameter-server shard");
    }
    Objects.requireNonNull(consistency, "consistency");
    consistency = consistency.toLowerCase(Locale.ROOT);
    if (!List.of("bsp", "ssp", "asp").contains(consistency)) {
      throw new InvalidInputException("consistency must be bsp, ssp or asp, was '" + consistency + "'");
    }
    if (staleness < 0) {
      throw new InvalidInputException("staleness must be >= 0, was " + staleness);
    }
    requirePrefix(tablePrefix);
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new InvalidInputException("maxWait must be positive, was " + maxWait);
    }
    Objects.requireNonNull(secret, "secret");
  }

  /** Fails naming the rule unless {@code prefix} is 1 to 100 letters, digits, '.', '_' or '-'. */
  static void requirePrefix(String prefix) {
    Objects.requireNonNull(prefix, "tablePrefix");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new InvalidInputException("tablePrefix must be 1 to 100 letters, digits, '.', '_' or '-', was '"
          + prefix + "'");
    }
  }

  Consistency model() {
    return Consistency.valueOf(consistency.toUpperCase(Locale.ROOT));
  }

  /** The PS job (and table base) of the run's vector {@code name}. */
  String jobId(String name) {
    return tablePrefix + "/" + name;
  }

  /** A client of the shards whose calls all have the deadline {@code maxWait}. */
  PsClient connect() {
    return PsClient.connect(shardAddresses, PsClientOptions.defaults(secret).withDeadline(maxWait));
  }

  /** The same for every worker of the run, so their models' provenance agrees. */
  String description() {
    return workers + " worker processes, " + shardAddresses.size() + " shards, " + consistency
        + (consistency.equals("ssp") ? " s=" + staleness : "");
  }
}
