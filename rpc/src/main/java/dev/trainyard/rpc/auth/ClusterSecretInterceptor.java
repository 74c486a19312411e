package dev.trainyard.rpc.auth;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses every call whose {@value ClusterSecret#HEADER_NAME} header is not the cluster secret with
 * UNAUTHENTICATED and the description {@value #DESCRIPTION}, before the service sees the call (so
 * a refused call changes nothing). The standard health service, should a server add one, stays
 * open: probes carry no secret. The first refusal from each remote host is logged as a warning,
 * later ones at debug level, so a misconfigured member cannot flood the log. Thread-safe.
 */
public final class ClusterSecretInterceptor implements ServerInterceptor {
  /** The status description of a refused call. */
  public static final String DESCRIPTION = "missing or wrong cluster secret";

  private static final System.Logger LOG = System.getLogger(ClusterSecretInterceptor.class.getName());
  private static final Set<String> OPEN_SERVICES = Set.of("grpc.health.v1.Health");
  private static final int MAX_WARNED_HOSTS = 1024;

  private final ClusterSecret secret;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  ClusterSecretInterceptor(ClusterSecret secret) {
    this.secret = secret;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    if (secret.matches(headers.get(ClusterSecret.HEADER))
        || OPEN_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    logRefusal(call);
    call.close(Status.UNAUTHENTICATED.withDescription(DESCRIPTION), new Metadata());
    return new ServerCall.Listener<>() {};
  }

  private void logRefusal(ServerCall<?, ?> call) {
    String host = host(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    boolean first = warned.size() < MAX_WARNED_HOSTS && warned.add(host);
    LOG.log(first ? Level.WARNING : Level.DEBUG, "refused {0} from {1}: {2}{3}",
        call.getMethodDescriptor().getFullMethodName(), host, DESCRIPTION,
        first ? " (later refusals from this host are logged at debug level)" : "");
  }

  private static String host(SocketAddress a) {
    if (a instanceof InetSocketAddress inet) {
      return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
    }
    return String.valueOf(a);
  }
}
