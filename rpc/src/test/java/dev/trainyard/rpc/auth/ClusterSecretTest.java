package dev.trainyard.rpc.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSecretTest {
  private static final String GOOD = "correct-horse-battery-staple";
  @TempDir Path dir;

  @Test
  void aSecretShorterThanSixteenCharactersIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> ClusterSecret.of("short-secret")).isInstanceOf(InvalidInputException.class)
        .hasMessage("the cluster secret must be at least 16 characters, was 12");
    assertThatThrownBy(() -> ClusterSecret.of("")).hasMessage("the cluster secret must not be empty");
    assertThatThrownBy(() -> ClusterSecret.of("sixteen chars with spaces"))
        .hasMessage("the cluster secret must be printable ASCII without spaces (it travels in a gRPC header);"
            + " character 8 is not");
  }

  @Test
  void theSecretIsNeverPrinted() {
    ClusterSecret s = ClusterSecret.of(GOOD);
    assertThat(s.toString()).isEqualTo("ClusterSecret[redacted]").doesNotContain(GOOD);
    assertThat(new SecretFile(dir, s, true).toString()).doesNotContain(GOOD);
  }

  @Test
  void matchesOnlyTheSameSecret() {
    ClusterSecret s = ClusterSecret.of(GOOD);
    assertThat(s.matches(GOOD)).isTrue();
    assertThat(s.matches(GOOD + "x")).isFalse();
    assertThat(s.matches("")).isFalse();
    assertThat(s.matches(null)).isFalse();
    assertThat(s).isEqualTo(ClusterSecret.of(GOOD)).isNotEqualTo(ClusterSecret.of(GOOD + "x"));
  }

  @Test
  void generatedSecretsAreUrlSafeBase64OfThirtyTwoBytesAndDiffer() {
    ClusterSecret a = ClusterSecret.generate();
    assertThat(a.value()).matches("[A-Za-z0-9_-]{43}");
    assertThat(ClusterSecret.generate()).isNotEqualTo(a);
  }

  @Test
  void theFlagWinsOverTheEnvironmentAndBothFlagsAreRefused() throws Exception {
    Map<String, String> env = Map.of(ClusterSecret.ENV, "from-the-environment-0");
    assertThat(ClusterSecret.resolve(GOOD, null, env)).contains(ClusterSecret.of(GOOD));
    assertThat(ClusterSecret.resolve(null, null, env)).contains(ClusterSecret.of("from-the-environment-0"));
    assertThat(ClusterSecret.resolve(null, null, Map.of())).isEqualTo(Optional.empty());
    Path file = Files.writeString(dir.resolve("s"), "  " + GOOD + "\n");
    assertThat(ClusterSecret.resolve(null, file, env)).contains(ClusterSecret.of(GOOD));
    assertThatThrownBy(() -> ClusterSecret.resolve(GOOD, file, env))
        .hasMessage("give either --cluster-secret or --cluster-secret-file, not both");
    assertThatThrownBy(() -> ClusterSecret.resolve(null, null, Map.of(ClusterSecret.ENV, "tiny")))
        .hasMessage("the cluster secret from TRAINYARD_CLUSTER_SECRET must be at least 16 characters, was 4");
    assertThatThrownBy(() -> ClusterSecret.resolve(null, dir.resolve("none"), env))
        .hasMessage("the cluster secret file " + dir.resolve("none") + " does not exist");
  }

  @Test
  void aMissingSecretFileIsCreatedOwnerOnlyAndReadBackOnTheNextStart() throws Exception {
    Path file = dir.resolve("data").resolve(ClusterSecret.FILE_NAME);
    SecretFile first = SecretFile.loadOrCreate(file);
    assertThat(first.created()).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.readString(file)).isEqualTo(first.secret().value() + "\n");
    SecretFile again = SecretFile.loadOrCreate(file);
    assertThat(again.created()).isFalse();
    assertThat(again.secret()).isEqualTo(first.secret());
  }
}
