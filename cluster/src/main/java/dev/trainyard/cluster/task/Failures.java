package dev.trainyard.cluster.task;

import dev.trainyard.ps.client.PsException;
import io.grpc.Status;

/** One-line, user-facing descriptions of task failures, the same in a job's error and in the CLI. */
public final class Failures {
  private Failures() {}

  /** Whether a parameter-server failure is worth retrying (the shard was unreachable or slow). */
  public static boolean transientPs(PsException ps) {
    return ps.code() == Status.Code.UNAVAILABLE || ps.code() == Status.Code.DEADLINE_EXCEEDED;
  }

  public static String describe(Throwable e) {
    if (e instanceof PsException ps) {
      boolean t = transientPs(ps);
      return "parameter-server shard " + ps.shard() + (t ? " is unreachable or too slow: " : ": ") + ps.getMessage()
          + (t ? " (is 'trainyard ps' running there?)" : "");
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
  }
}
