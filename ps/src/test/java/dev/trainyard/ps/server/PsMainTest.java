package dev.trainyard.ps.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.rpc.auth.ClusterSecret;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shard's command line: the cluster secret comes from a flag or TRAINYARD_CLUSTER_SECRET, and is required. */
class PsMainTest {
  @Test
  void aShardWithoutASecretDoesNotStartAndSaysHowToGiveOne() {
    assertThatThrownBy(() -> PsMain.parse(Map.of(), "--port", "0")).isInstanceOf(InvalidInputException.class)
        .hasMessage("a PS shard needs the cluster secret: give --cluster-secret SECRET or --cluster-secret-file FILE,"
            + " or set TRAINYARD_CLUSTER_SECRET (the coordinator keeps it in DATA_DIR/cluster.secret)");
  }

  @Test
  void theSecretComesFromTheFlagOrElseTheEnvironment() {
    Map<String, String> env = Map.of(ClusterSecret.ENV, "secret-from-the-env");
    assertThat(PsMain.parse(env, "--port", "0").secret()).isEqualTo(ClusterSecret.of("secret-from-the-env"));
    assertThat(PsMain.parse(env, "--port", "0", "--cluster-secret", "secret-from-the-flag").secret())
        .isEqualTo(ClusterSecret.of("secret-from-the-flag"));
  }
}
