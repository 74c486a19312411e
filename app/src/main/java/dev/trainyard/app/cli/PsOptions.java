package dev.trainyard.app.cli;

import dev.trainyard.common.Check;
import dev.trainyard.common.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Flags of {@code train} that move training onto parameter-server shards. */
public final class PsOptions {
  @Option(names = "--workers", paramLabel = "W",
      description = "Train data-parallel with W workers on parameter-server shards (logistic, softmax, linear, mlp, als).")
  Integer workers;

  @Option(names = "--ps", split = ",", paramLabel = "HOST:PORT",
      description = "Use running PS shards (started with 'trainyard ps'), comma-separated.")
  List<String> shards = new ArrayList<>();

  @Option(names = "--ps-shards", paramLabel = "K",
      description = "Start K PS shards in this process (over gRPC on loopback, the same code path).")
  Integer inProcessShards;

  @Option(names = "--consistency", paramLabel = "MODEL", defaultValue = "bsp",
      description = "bsp (all workers in step), ssp (at most --staleness steps apart) or asp (no waiting); default ${DEFAULT-VALUE}.")
  String consistency;

  @Option(names = "--staleness", paramLabel = "S", defaultValue = "2",
      description = "SSP bound: how many steps a worker may run ahead of the slowest (default ${DEFAULT-VALUE}).")
  int staleness;

  @Option(names = "--ps-gzip", description = "Compress PS traffic with gzip.")
  boolean gzip;

  /** True when any flag asks for parameter-server training. */
  boolean enabled() {
    return workers != null || !shards.isEmpty() || inProcessShards != null;
  }

  int workers() {
    return Check.between("--workers", workers == null ? 2 : workers, 1, 256);
  }

  String consistency() {
    String c = consistency.toLowerCase(Locale.ROOT);
    if (!List.of("bsp", "ssp", "asp").contains(c)) {
      throw new InvalidInputException("--consistency must be bsp, ssp or asp, was '" + consistency + "'");
    }
    return c;
  }

  int staleness() {
    return Check.between("--staleness", staleness, 0, 1_000_000);
  }

  /** Checks every flag before any data is read; each problem is an {@code InvalidInputException}. */
  void validate() {
    shardsToStart();
    consistency();
    staleness();
    workers();
  }

  /** Validates the combination; returns the number of in-process shards to start (0 with --ps). */
  int shardsToStart() {
    if (!shards.isEmpty() && inProcessShards != null) {
      throw new InvalidInputException("give either --ps (running shards) or --ps-shards (in-process shards), not both");
    }
    for (String s : shards) {
      int colon = s.lastIndexOf(':');
      if (colon <= 0 || !s.substring(colon + 1).matches("\\d{1,5}")) {
        throw new InvalidInputException("--ps entries must be HOST:PORT, was '" + s + "'");
      }
    }
    return shards.isEmpty() ? Check.between("--ps-shards", inProcessShards == null ? 1 : inProcessShards, 1, 64) : 0;
  }

  /** Starts the shards (if in-process) and connects with {@code secret}: the caller closes the session. */
  dev.trainyard.ps.train.PsSession session(dev.trainyard.rpc.auth.ClusterSecret secret) {
    return new dev.trainyard.ps.train.PsSession(workers(), shards, shardsToStart(), consistency(), staleness(), gzip,
        secret);
  }
}
