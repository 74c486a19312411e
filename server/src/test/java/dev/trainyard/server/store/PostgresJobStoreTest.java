package dev.trainyard.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainyard.cluster.store.JobRecord;
import dev.trainyard.cluster.store.JobStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract suite on a real PostgreSQL ({@code TRAINYARD_TEST_JDBC_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test} as user {@code postgres} without a password). Each test
 * migrates its own schema {@code ty_test_<random>} and drops it afterwards. Without PostgreSQL the tests
 * are skipped, except under {@code CI=true} where they fail.
 */
class PostgresJobStoreTest extends JobStoreContractTest {
  private static final String URL =
      System.getenv().getOrDefault("TRAINYARD_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String USER = "postgres";

  private final String schema = "ty_test_" + UUID.randomUUID().toString().replace("-", "");

  @BeforeAll
  static void connectOrSkip() {
    try (Connection c = admin()) {
      c.isValid(2);
    } catch (SQLException e) {
      String why = "no PostgreSQL at " + StoreErrors.redact(URL) + " (" + e.getMessage() + "); start one with "
          + "`pg_ctlcluster 15 main start` (Debian; trust auth for 127.0.0.1, database `test`: "
          + "`createdb -h 127.0.0.1 -U postgres test`) or `docker run -d -p 5432:5432 "
          + "-e POSTGRES_HOST_AUTH_METHOD=trust -e POSTGRES_DB=test postgres:16`, or set TRAINYARD_TEST_JDBC_URL";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("CI=true requires PostgreSQL: " + why, e);
      }
      Assumptions.abort(why);
    }
  }

  private static Connection admin() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", USER);
    p.setProperty("connectTimeout", "3");
    return DriverManager.getConnection(URL, p);
  }

  private static void execute(String sql) {
    try (Connection c = admin(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  protected JobStore newStore() {
    // The schema name is ours (a UUID's hex digits), never user input, so it may be part of the SQL.
    execute("CREATE SCHEMA IF NOT EXISTS " + schema);
    String inSchema = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return JdbcJobStore.open(inSchema, USER, null);
  }

  @AfterEach
  void dropTheSchema() {
    store.close();
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  @Test
  void theTablesAreCreatedInTheTestsOwnSchemaOnly() throws SQLException {
    store.insertJob(JobRecord.queued("job-1", "ada", "forest", "ds-1", "normal", "{}", T0));

    try (Connection c = admin(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT table_schema FROM information_schema.tables WHERE table_name = 'jobs'"
            + " AND table_schema = '" + schema + "'")) {
      assertThat(rs.next()).isTrue();
    }
  }
}
