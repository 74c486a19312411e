package dev.trainyard.cluster.worker;

import dev.trainyard.common.InvalidInputException;

/**
 * The coordinator refused a member's call because it did not carry the cluster secret (gRPC
 * UNAUTHENTICATED). Retrying cannot help: the member must be restarted with the right secret, so
 * it is bad input (CLI exit code 2), and a worker never leases a task after it.
 */
public final class MembershipRefusedException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  MembershipRefusedException(String who) {
    super("the coordinator refused " + who + ": missing or wrong cluster secret (--cluster-secret / "
        + dev.trainyard.rpc.auth.ClusterSecret.ENV + ")");
  }
}
