package dev.trainyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainyard.app.cli.ServerOptions;
import dev.trainyard.server.api.ApiFixture;
import dev.trainyard.server.auth.Role;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliAuthTest {
  @TempDir Path dir;
  ApiFixture api;

  @BeforeEach
  void start() {
    api = ApiFixture.start(dir);
    api.user("carol", Role.RESEARCHER);
  }

  @AfterEach
  void stop() {
    ServerOptions.environment = System::getenv;
    api.close();
  }

  private static String[] run(Map<String, String> env, String... args) {
    ServerOptions.environment = env::get;
    CliRun r = CliRun.of(args);
    return new String[] {Integer.toString(r.exitCode()), r.out(), r.err()};
  }

  @Test
  void withoutCredentialsTheCliSaysHowToAuthenticateAndExits2() {
    String[] r = run(Map.of(), "jobs", "--server", api.url());

    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("authentication required")
        .contains("give --token or TRAINYARD_TOKEN, or TRAINYARD_USER and TRAINYARD_PASSWORD");
  }

  @Test
  void aUserNameAndPasswordFromTheEnvironmentAreExchangedForASession() {
    String[] r = run(Map.of("TRAINYARD_USER", "carol", "TRAINYARD_PASSWORD", "carol-password"),
        "jobs", "--server", api.url(), "--json");

    assertThat(r[0]).as(r[2]).isEqualTo("0");
    assertThat(r[1].strip()).isEqualTo("[]");
  }

  @Test
  void aWrongPasswordIsRefusedWithTheServersMessage() {
    String[] r = run(Map.of("TRAINYARD_USER", "carol", "TRAINYARD_PASSWORD", "not-it-at-all"),
        "jobs", "--server", api.url());

    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("wrong user name or password");
  }

  @Test
  void aRevokedTokenNoLongerWorks() {
    var t = api.auth.createToken("carol", "laptop", Optional.empty(), "carol", "test");
    assertThat(run(Map.of(), "jobs", "--server", api.url(), "--token", t.plaintext())[0]).isEqualTo("0");

    api.auth.revokeToken(t.token(), "carol", "test");
    String[] r = run(Map.of(), "jobs", "--server", api.url(), "--token", t.plaintext());

    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("the API token is unknown, expired or revoked");
  }
}
