package dev.trainyard.ps.client;

import io.grpc.Status;

/**
 * A shard refused or failed a call. {@link #code()} says what the caller should do: INVALID_ARGUMENT
 * (fix the request; the message is the shard's description as it is), UNAUTHENTICATED (give the
 * client the cluster secret the shard has), DEADLINE_EXCEEDED or UNAVAILABLE (retry later, or give
 * up), anything else (report it).
 */
public final class PsException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final Status.Code code;
  private final String shard;

  public PsException(Status.Code code, String description, String shard) {
    super(description);
    this.code = code;
    this.shard = shard;
  }

  /** The gRPC status code. */
  public Status.Code code() {
    return code;
  }

  /** Address of the shard that answered (or failed to). */
  public String shard() {
    return shard;
  }
}
