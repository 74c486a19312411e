package dev.trainyard.cluster.coordinator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Coordinator settings: the data directory (datasets, models), how often the scheduler looks at
 * the task plane, when a straggler gets a speculative backup copy (its running time exceeds
 * {@code backupFactor} times the median of its job's finished tasks, and at least
 * {@code backupMinDelay}), the attempts each task may use, and whether final models are saved under
 * {@code models/} and recorded (the embedded {@code train} saves only what the user asks for). Immutable.
 */
public record CoordinatorConfig(Path dataDir, Duration tick, double backupFactor, Duration backupMinDelay,
    int maxAttempts, boolean saveModels, java.util.Optional<dev.trainyard.rpc.auth.ClusterSecret> clusterSecret) {
  public CoordinatorConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(tick, "tick");
    Objects.requireNonNull(backupMinDelay, "backupMinDelay");
    Objects.requireNonNull(clusterSecret, "clusterSecret");
  }

  public CoordinatorConfig(Path dataDir, Duration tick, double backupFactor, Duration backupMinDelay,
      int maxAttempts, boolean saveModels) {
    this(dataDir, tick, backupFactor, backupMinDelay, maxAttempts, saveModels, java.util.Optional.empty());
  }

  public static CoordinatorConfig defaults(Path dataDir) {
    return new CoordinatorConfig(dataDir, Duration.ofMillis(200), 2.0, Duration.ofSeconds(5), 5, true);
  }

  public CoordinatorConfig withBackup(double factor, Duration minDelay) {
    return new CoordinatorConfig(dataDir, tick, factor, minDelay, maxAttempts, saveModels, clusterSecret);
  }

  /** The secret the coordinator sends to PS shards (e.g. to drop a finished job's tables). */
  public CoordinatorConfig withClusterSecret(dev.trainyard.rpc.auth.ClusterSecret secret) {
    return new CoordinatorConfig(dataDir, tick, backupFactor, backupMinDelay, maxAttempts, saveModels,
        java.util.Optional.of(secret));
  }
}
