package dev.trainyard.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.server.store.JdbcJobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expiry, rate limits and the first admin, on a clock the test moves. */
class AuthServiceTest {
  @TempDir Path dir;
  JdbcJobStore store;
  MovableClock clock = new MovableClock(Instant.parse("2026-05-01T08:00:00Z"));
  AuthService auth;

  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @BeforeEach
  void open() {
    store = JdbcJobStore.openH2File(dir);
    auth = new AuthService(store.auth(), clock, 4);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void theFirstStartCreatesAnAdminWithARandomPasswordOnlyOnce() {
    Optional<String> pw = auth.bootstrapAdmin(Optional.empty());

    assertThat(pw).hasValueSatisfying(p -> assertThat(p).hasSizeGreaterThanOrEqualTo(16));
    assertThat(auth.login("admin", pw.get(), "test").user().role()).isEqualTo(Role.ADMIN);
    assertThat(auth.bootstrapAdmin(Optional.of("another-password"))).isEmpty();
    assertThatThrownBy(() -> auth.login("admin", "another-password", "test")).isInstanceOf(AuthException.class);
  }

  @Test
  void aGivenAdminPasswordIsUsedAndAShortOneRefused() {
    assertThatThrownBy(() -> auth.bootstrapAdmin(Optional.of("short")))
        .isInstanceOf(InvalidInputException.class).hasMessage("password must have at least 8 characters");
    assertThat(auth.bootstrapAdmin(Optional.of("chosen-password"))).isEmpty();
    assertThat(auth.login("admin", "chosen-password", "test").user().name()).isEqualTo("admin");
  }

  @Test
  void passwordsAreStoredAsBcryptHashes() {
    auth.createUser("ada", "ada-password", Role.RESEARCHER, "admin", "test");

    String hash = store.auth().user("ada").orElseThrow().passwordHash();
    assertThat(hash).startsWith("$2a$04$").doesNotContain("ada-password");
  }

  @Test
  void aTokenStopsWorkingWhenItExpires() {
    auth.createUser("ada", "ada-password", Role.RESEARCHER, "admin", "test");
    String token = auth.createToken("ada", "ci", Optional.of(1), "ada", "test").plaintext();

    assertThat(auth.tokenUser(token)).isPresent();
    clock.advance(Duration.ofHours(23));
    assertThat(auth.tokenUser(token)).isPresent();
    clock.advance(Duration.ofHours(1));
    assertThat(auth.tokenUser(token)).isEmpty();
  }

  @Test
  void aTamperedTokenIsRejected() {
    auth.createUser("ada", "ada-password", Role.RESEARCHER, "admin", "test");
    String token = auth.createToken("ada", "ci", Optional.empty(), "ada", "test").plaintext();
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");

    assertThat(auth.tokenUser(tampered)).isEmpty();
    assertThat(auth.tokenUser("ty_garbage")).isEmpty();
    assertThat(auth.tokenUser(null)).isEmpty();
  }

  @Test
  void aSessionEndsAfterItsLifetime() {
    auth.createUser("ada", "ada-password", Role.RESEARCHER, "admin", "test");
    String secret = auth.login("ada", "ada-password", "test").sessionSecret();

    clock.advance(AuthService.SESSION_TTL.minusMinutes(1));
    assertThat(auth.session(secret)).isPresent();
    clock.advance(Duration.ofMinutes(1));
    assertThat(auth.session(secret)).isEmpty();
  }

  @Test
  void failedLoginsAreForgivenOnceTheyLeaveTheWindow() {
    auth.createUser("ada", "ada-password", Role.RESEARCHER, "admin", "test");
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> auth.login("ada", "wrong-password", "10.0.0.1"))
          .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.status()).isEqualTo(401));
    }
    assertThatThrownBy(() -> auth.login("ada", "ada-password", "10.0.0.2"))
        .isInstanceOfSatisfying(AuthException.class, e -> {
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.retryAfter()).isPresent();
        });

    clock.advance(Duration.ofMinutes(5));
    assertThat(auth.login("ada", "ada-password", "10.0.0.2").user().name()).isEqualTo("ada");
  }

  @Test
  void oneAddressGuessingManyNamesIsLimitedToo() {
    for (int i = 0; i < 30; i++) {
      int n = i;
      assertThatThrownBy(() -> auth.login("user" + n, "whatever-pw", "10.9.9.9")).isInstanceOf(AuthException.class);
    }
    assertThatThrownBy(() -> auth.login("someone", "whatever-pw", "10.9.9.9"))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.status()).isEqualTo(429));
  }
}
