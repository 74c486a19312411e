package dev.trainyard.ps.server;

import dev.trainyard.rpc.v1.PushReply;
import io.grpc.stub.StreamObserver;

/**
 * The stream side of a chunked push: each chunk is checked and buffered as it arrives, the first
 * rejected chunk answers the call with its error and the rest of the stream is ignored, and the push
 * is applied only when the stream completes with every check passed, so a rejected push changes
 * nothing. gRPC delivers one call's messages serially, so no lock is needed.
 *
 * @param <C> the chunk message
 */
abstract class ChunkedPush<C> implements StreamObserver<C> {
  private final StreamObserver<PushReply> reply;
  private boolean started;
  private boolean failed;

  ChunkedPush(StreamObserver<PushReply> reply) {
    this.reply = reply;
  }

  /** Checks and buffers one chunk; {@code first} is true for the stream's first chunk. */
  abstract void accept(C chunk, boolean first);

  /** Runs the checks that need the whole push, applies it and returns the table's new step. */
  abstract long apply();

  /** Drops the buffers of a push that was rejected or cancelled. */
  void discard() {}

  /** Releases what a chunk holds (received transport buffers) once it has been handled or ignored. */
  void release(C chunk) {}

  @Override
  public final void onNext(C chunk) {
    try {
      if (failed) {
        return;
      }
      boolean first = !started;
      started = true;
      accept(chunk, first);
    } catch (RuntimeException e) {
      failed = true;
      discard();
      reply.onError(Replies.status(e).asRuntimeException());
    } finally {
      release(chunk);
    }
  }

  @Override
  public final void onError(Throwable t) {
    if (!failed) {
      failed = true;
      discard();
    }
  }

  @Override
  public final void onCompleted() {
    if (failed) {
      return;
    }
    Replies.reply(reply, () -> {
      try {
        if (!started) {
          throw Rejections.invalid("a push needs at least one chunk");
        }
        return PushReply.newBuilder().setStep(apply()).build();
      } finally {
        discard();
      }
    });
  }
}
