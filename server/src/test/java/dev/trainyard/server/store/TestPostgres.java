package dev.trainyard.server.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A store on a fresh schema of the test PostgreSQL ({@code TRAINYARD_TEST_JDBC_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test} as {@code postgres}), dropped when the store is
 * closed through {@link #close}. Without PostgreSQL the calling test is skipped, or fails under
 * {@code CI=true}.
 */
public final class TestPostgres {
  private static final String URL =
      System.getenv().getOrDefault("TRAINYARD_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String USER = "postgres";

  public final JdbcJobStore store;
  private final String schema;

  private TestPostgres(JdbcJobStore store, String schema) {
    this.store = store;
    this.schema = schema;
  }

  public static TestPostgres open() {
    String schema = "ty_test_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = admin(); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema); // our own name (hex digits), never user input
    } catch (SQLException e) {
      String why = "no PostgreSQL at " + StoreErrors.redact(URL) + " (" + e.getMessage() + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("CI=true requires PostgreSQL: " + why, e);
      }
      Assumptions.abort(why + "; start it or set TRAINYARD_TEST_JDBC_URL");
    }
    String inSchema = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return new TestPostgres(JdbcJobStore.open(inSchema, USER, null), schema);
  }

  private static Connection admin() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", USER);
    p.setProperty("connectTimeout", "3");
    return DriverManager.getConnection(URL, p);
  }

  /** Closes the store and drops its schema. */
  public void close() {
    store.close();
    try (Connection c = admin(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop " + schema + ": " + e.getMessage(), e);
    }
  }
}
