package dev.trainyard.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.trainyard.cluster.store.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

/** How the store reports a database it cannot reach, and which failures count as that. No server needed. */
class JdbcJobStoreErrorsTest {
  private final StoreErrors errors = new StoreErrors("jdbc:postgresql://db:5432/ty?user=ty&password=s3cret");

  @Test
  void anUnreachableDatabaseThrowsStoreUnavailableNamingTheUrlWithoutThePassword() {
    String url = "jdbc:postgresql://127.0.0.1:1/test?password=s3cret";

    // A bound, not a speed claim: the caller must not hang when the database is down.
    assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        assertThatThrownBy(() -> JdbcJobStore.open(url, "postgres", "also-s3cret"))
            .isInstanceOf(StoreUnavailableException.class)
            .hasMessageStartingWith("job store unavailable at jdbc:postgresql://127.0.0.1:1/test?password=***: ")
            .message().doesNotContain("s3cret"));
  }

  @Test
  void passwordsAreRemovedFromUrlsInEveryForm() {
    assertThat(StoreErrors.redact("jdbc:postgresql://h/db?user=a&password=p&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=a&password=***&ssl=true");
    assertThat(StoreErrors.redact("jdbc:h2:file:/d/trainyard;USER=sa;PASSWORD=p;MODE=PostgreSQL"))
        .isEqualTo("jdbc:h2:file:/d/trainyard;USER=sa;PASSWORD=***;MODE=PostgreSQL");
    assertThat(StoreErrors.redact("jdbc:postgresql://a:p@h:5432/db")).isEqualTo("jdbc:postgresql://a:***@h:5432/db");
    assertThat(StoreErrors.redact("jdbc:postgresql://h:5432/db")).isEqualTo("jdbc:postgresql://h:5432/db");
  }

  @Test
  void aPoolTimeoutBecomesStoreUnavailable() {
    RuntimeException e = new ConnectionException(new SQLTransientConnectionException(
        "trainyard-store - Connection is not available, request timed out after 5000ms"));

    assertThat(errors.translate(e))
        .isInstanceOf(StoreUnavailableException.class)
        .hasCause(e)
        .hasMessage("job store unavailable at jdbc:postgresql://db:5432/ty?user=ty&password=***: "
            + "trainyard-store - Connection is not available, request timed out after 5000ms");
  }

  @Test
  void aConnectionLostDuringAStatementBecomesStoreUnavailable() {
    RuntimeException e = new UnableToExecuteStatementException(
        new SQLException("An I/O error occurred while sending to the backend.", "08006"), null);

    assertThat(errors.translate(e)).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void otherSqlErrorsPropagateAsTheyAre() {
    RuntimeException syntax = new UnableToExecuteStatementException(
        new SQLSyntaxErrorException("syntax error at or near \"SELEC\"", "42601"), null);
    RuntimeException duplicate = new UnableToExecuteStatementException(
        new SQLException("duplicate key value violates unique constraint \"jobs_pkey\"", "23505"), null);

    assertThat(errors.translate(syntax)).isSameAs(syntax);
    assertThat(errors.translate(duplicate)).isSameAs(duplicate);
    assertThat(StoreErrors.isConflict(duplicate)).isTrue();
    assertThat(StoreErrors.isConflict(syntax)).isFalse();
  }
}
