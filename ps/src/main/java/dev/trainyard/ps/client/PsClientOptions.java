package dev.trainyard.ps.client;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.rpc.auth.ClusterSecret;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Client settings: the deadline of every call (a pull waiting for slower workers included), gzip
 * on or off, the most floats per message (pushes and pulls are cut into chunks of at most that
 * many; the default 256Ki floats is 1 MiB, well under gRPC's 4 MiB limit), and the cluster secret
 * attached to every call. Shards refuse every call without the secret (UNAUTHENTICATED), so a
 * client that should work needs {@link #withSecret}. Immutable.
 */
public record PsClientOptions(Duration deadline, boolean gzip, int chunkFloats, Optional<ClusterSecret> secret) {
  /** Default most floats per message. */
  public static final int DEFAULT_CHUNK_FLOATS = 256 * 1024;

  public PsClientOptions {
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(secret, "secret");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new InvalidInputException("deadline must be positive, was " + deadline);
    }
    if (chunkFloats < 1 || chunkFloats > 1 << 20) {
      throw new InvalidInputException("chunk floats must be between 1 and " + (1 << 20) + ", was " + chunkFloats);
    }
  }

  /** 30 s deadlines, no compression, 1 MiB chunks, and no secret yet (see {@link #withSecret}). */
  public static PsClientOptions defaults() {
    return new PsClientOptions(Duration.ofSeconds(30), false, DEFAULT_CHUNK_FLOATS, Optional.empty());
  }

  /** {@link #defaults()} with the cluster secret. */
  public static PsClientOptions defaults(ClusterSecret secret) {
    return defaults().withSecret(secret);
  }

  public PsClientOptions withDeadline(Duration d) {
    return new PsClientOptions(d, gzip, chunkFloats, secret);
  }

  public PsClientOptions withGzip(boolean on) {
    return new PsClientOptions(deadline, on, chunkFloats, secret);
  }

  public PsClientOptions withChunkFloats(int n) {
    return new PsClientOptions(deadline, gzip, n, secret);
  }

  public PsClientOptions withSecret(ClusterSecret s) {
    return new PsClientOptions(deadline, gzip, chunkFloats, Optional.of(s));
  }
}
