package dev.trainyard.ps.server;

import dev.trainyard.common.InvalidInputException;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/** Completes calls and translates failures once: bad input is INVALID_ARGUMENT with its message. */
final class Replies {
  private static final System.Logger LOG = System.getLogger(Replies.class.getName());

  private Replies() {}

  /** Answers {@code obs} with {@code body}'s result or its failure. */
  static <R> void reply(StreamObserver<R> obs, Supplier<R> body) {
    R result;
    try {
      result = body.get();
    } catch (RuntimeException e) {
      obs.onError(status(e).asRuntimeException());
      return;
    }
    obs.onNext(result);
    obs.onCompleted();
  }

  static Status status(RuntimeException e) {
    if (e instanceof InvalidInputException) {
      return Status.INVALID_ARGUMENT.withDescription(e.getMessage());
    }
    LOG.log(Level.ERROR, "parameter-server request failed", e);
    return Status.INTERNAL.withDescription("internal error on the shard: " + e);
  }
}
