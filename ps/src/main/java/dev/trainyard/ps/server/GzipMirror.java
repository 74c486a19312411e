package dev.trainyard.ps.server;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/** Answers gzip-compressed requests with gzip-compressed replies, so the client alone chooses compression. */
final class GzipMirror implements ServerInterceptor {
  private static final Metadata.Key<String> ENCODING =
      Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    if ("gzip".equals(headers.get(ENCODING))) {
      call.setCompression("gzip");
    }
    return next.startCall(call, headers);
  }
}
