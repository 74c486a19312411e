package dev.trainyard.server.store;

import dev.trainyard.cluster.store.StoreUnavailableException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.ConnectionException;

/**
 * Sorts a failed database call into what the caller should do: unreachable or timed out becomes
 * {@link StoreUnavailableException} (retry with backoff) naming the URL without its password; everything
 * else stays as it was. Immutable and thread-safe.
 */
final class StoreErrors {
  /** {@code password=...} in a query string (PostgreSQL) or a {@code ;}-separated setting list (H2). */
  private static final Pattern PASSWORD_SETTING = Pattern.compile("(?i)(password=)[^&;]*");
  /** {@code //user:secret@host} style credentials, should a driver accept them. */
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?;]*:)[^@/?;]*@");
  /** Unique key violation (both databases), serialization failure, deadlock, H2 concurrent update. */
  private static final Set<String> CONFLICT_STATES = Set.of("23505", "40001", "40P01", "90131");

  private final String safeUrl;

  StoreErrors(String jdbcUrl) {
    this.safeUrl = redact(jdbcUrl);
  }

  String safeUrl() {
    return safeUrl;
  }

  /** The URL with any password replaced by {@code ***}. */
  static String redact(String jdbcUrl) {
    String noSetting = PASSWORD_SETTING.matcher(jdbcUrl).replaceAll("$1***");
    return USER_INFO.matcher(noSetting).replaceAll("$1***@");
  }

  /** {@code e} itself, or a {@link StoreUnavailableException} wrapping it when the database could not be reached. */
  RuntimeException translate(RuntimeException e) {
    if (e instanceof StoreUnavailableException || !isUnavailable(e)) {
      return e;
    }
    return new StoreUnavailableException("job store unavailable at " + safeUrl + ": " + redact(rootMessage(e)), e);
  }

  /** True when some cause says the connection could not be made, broke, or timed out. */
  static boolean isUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectionException
          || t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLTimeoutException
          || t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException
          || t instanceof UnknownHostException) {
        return true;
      }
      // SQL state class 08: connection exception (PostgreSQL reports refused / broken connections so).
      if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when the transaction lost a race that a rerun resolves: a unique key another transaction just
   * inserted, a serialization failure or a deadlock.
   */
  static boolean isConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s) {
        for (SQLException n = s; n != null; n = n.getNextException()) {
          if (n.getSQLState() != null && CONFLICT_STATES.contains(n.getSQLState())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
