package dev.trainyard.ps.server;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.rpc.auth.ClusterSecret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run one shard: the address to bind (port 0 picks a free one), the cluster secret every
 * call must carry (calls without it fail with UNAUTHENTICATED and change nothing), where and how often to
 * checkpoint ({@code checkpointInterval} zero = only on request), and the longest a pull may wait for
 * slower workers before it fails with DEADLINE_EXCEEDED. Immutable.
 */
public record PsServerConfig(String host, int port, ClusterSecret secret, Optional<Path> checkpointDir,
    Duration checkpointInterval, Duration maxPullWait) {
  /** Default longest wait of a pull for slower workers. */
  public static final Duration DEFAULT_MAX_PULL_WAIT = Duration.ofMinutes(5);

  public PsServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(checkpointDir, "checkpointDir");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    Objects.requireNonNull(maxPullWait, "maxPullWait");
    if (port < 0 || port > 65535) {
      throw new InvalidInputException("port must be between 0 and 65535, was " + port);
    }
    if (checkpointInterval.isNegative()) {
      throw new InvalidInputException("checkpoint interval must not be negative, was " + checkpointInterval);
    }
    if (maxPullWait.isNegative() || maxPullWait.isZero()) {
      throw new InvalidInputException("max pull wait must be positive, was " + maxPullWait);
    }
  }

  /** A shard on {@code host:port} serving only calls that carry {@code secret}, without checkpoints. */
  public static PsServerConfig of(String host, int port, ClusterSecret secret) {
    return new PsServerConfig(host, port, secret, Optional.empty(), Duration.ZERO, DEFAULT_MAX_PULL_WAIT);
  }

  /** The same shard checkpointing to {@code dir} every {@code interval} (zero: only on request). */
  public PsServerConfig withCheckpoints(Path dir, Duration interval) {
    return new PsServerConfig(host, port, secret, Optional.of(dir), interval, maxPullWait);
  }

  /** The same shard with another longest pull wait. */
  public PsServerConfig withMaxPullWait(Duration wait) {
    return new PsServerConfig(host, port, secret, checkpointDir, checkpointInterval, wait);
  }
}
