package dev.trainyard.server.store;

import dev.trainyard.server.auth.AuthStore;
import dev.trainyard.server.auth.Role;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * {@link AuthStore} in the job store's database and connection pool (tables of migration V2).
 * Thread-safe; errors are translated like the job store's.
 */
final class JdbcAuthStore implements AuthStore {
  private static final String USER_COLUMNS = "name, role, password_hash, disabled, created_at";
  private static final String TOKEN_COLUMNS = "id, user_name, name, secret_hash, created_at, expires_at, revoked_at,"
      + " last_used_at";
  private static final RowMapper<User> USER = (rs, ctx) -> new User(rs.getString("name"),
      Role.fromId(rs.getString("role")), rs.getString("password_hash"), rs.getBoolean("disabled"),
      Rows.instant(rs, "created_at"));
  private static final RowMapper<Session> SESSION = (rs, ctx) -> new Session(rs.getString("id_hash"),
      rs.getString("user_name"), rs.getString("csrf_token"), Rows.instant(rs, "created_at"),
      Rows.instant(rs, "expires_at"));
  private static final RowMapper<Token> TOKEN = (rs, ctx) -> new Token(rs.getString("id"), rs.getString("user_name"),
      rs.getString("name"), rs.getString("secret_hash"), Rows.instant(rs, "created_at"),
      Rows.optionalInstant(rs, "expires_at"), Rows.optionalInstant(rs, "revoked_at"),
      Rows.optionalInstant(rs, "last_used_at"));
  private static final RowMapper<Share> SHARE = (rs, ctx) -> new Share(rs.getString("resource_type"),
      rs.getString("resource_id"), rs.getString("grantee"), rs.getString("granted_by"),
      Rows.instant(rs, "created_at"));
  private static final RowMapper<AuditEntry> AUDIT = (rs, ctx) -> new AuditEntry(rs.getLong("id"),
      Rows.instant(rs, "occurred_at"), rs.getString("actor"), rs.getString("action"), rs.getString("target"),
      rs.getString("detail"), rs.getString("remote"));

  private final JdbcJobStore db;

  JdbcAuthStore(JdbcJobStore db) {
    this.db = db;
  }

  // --- users

  @Override
  public boolean insertUser(User u) {
    Objects.requireNonNull(u, "u");
    return db.inTransaction(h -> {
      if (h.createQuery("SELECT COUNT(*) FROM users WHERE name = :n").bind("n", u.name()).mapTo(Long.class).one() > 0) {
        return false;
      }
      h.createUpdate("INSERT INTO users (" + USER_COLUMNS + ") VALUES (:name, :role, :hash, :disabled, :createdAt)")
          .bind("name", u.name()).bind("role", u.role().id()).bind("hash", u.passwordHash())
          .bind("disabled", u.disabled()).bind("createdAt", Rows.timestamp(u.createdAt())).execute();
      return true;
    });
  }

  @Override
  public boolean updateUser(User u) {
    Objects.requireNonNull(u, "u");
    return db.inTransaction(h -> h.createUpdate("UPDATE users SET role = :role, password_hash = :hash,"
        + " disabled = :disabled WHERE name = :name").bind("name", u.name()).bind("role", u.role().id())
        .bind("hash", u.passwordHash()).bind("disabled", u.disabled()).execute() == 1);
  }

  @Override
  public Optional<User> user(String name) {
    Objects.requireNonNull(name, "name");
    return db.withHandle(h -> h.createQuery("SELECT " + USER_COLUMNS + " FROM users WHERE name = :n")
        .bind("n", name).map(USER).findOne());
  }

  @Override
  public List<User> users() {
    return db.withHandle(h -> h.createQuery("SELECT " + USER_COLUMNS + " FROM users ORDER BY name").map(USER).list());
  }

  @Override
  public long userCount() {
    return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one());
  }

  // --- sessions

  @Override
  public void insertSession(Session s) {
    Objects.requireNonNull(s, "s");
    db.inTransaction(h -> h.createUpdate("INSERT INTO sessions (id_hash, user_name, csrf_token, created_at,"
        + " expires_at) VALUES (:id, :user, :csrf, :createdAt, :expiresAt)").bind("id", s.idHash())
        .bind("user", s.user()).bind("csrf", s.csrfToken()).bind("createdAt", Rows.timestamp(s.createdAt()))
        .bind("expiresAt", Rows.timestamp(s.expiresAt())).execute());
  }

  @Override
  public Optional<Session> session(String idHash) {
    Objects.requireNonNull(idHash, "idHash");
    return db.withHandle(h -> h.createQuery("SELECT id_hash, user_name, csrf_token, created_at, expires_at"
        + " FROM sessions WHERE id_hash = :id").bind("id", idHash).map(SESSION).findOne());
  }

  @Override
  public void deleteSession(String idHash) {
    db.inTransaction(h -> h.createUpdate("DELETE FROM sessions WHERE id_hash = :id").bind("id", idHash).execute());
  }

  @Override
  public void deleteSessions(String user) {
    db.inTransaction(h -> h.createUpdate("DELETE FROM sessions WHERE user_name = :u").bind("u", user).execute());
  }

  @Override
  public int deleteExpiredSessions(Instant now) {
    return db.inTransaction(h -> h.createUpdate("DELETE FROM sessions WHERE expires_at <= :now")
        .bind("now", Rows.timestamp(now)).execute());
  }

  // --- tokens

  @Override
  public void insertToken(Token t) {
    Objects.requireNonNull(t, "t");
    db.inTransaction(h -> h.createUpdate("INSERT INTO api_tokens (" + TOKEN_COLUMNS + ") VALUES (:id, :user,"
        + " :name, :hash, :createdAt, :expiresAt, :revokedAt, :lastUsedAt)").bind("id", t.id()).bind("user", t.user())
        .bind("name", t.name()).bind("hash", t.secretHash()).bind("createdAt", Rows.timestamp(t.createdAt()))
        .bind("expiresAt", Rows.timestamp(t.expiresAt())).bind("revokedAt", Rows.timestamp(t.revokedAt()))
        .bind("lastUsedAt", Rows.timestamp(t.lastUsedAt())).execute());
  }

  @Override
  public Optional<Token> tokenBySecretHash(String secretHash) {
    return db.withHandle(h -> h.createQuery("SELECT " + TOKEN_COLUMNS + " FROM api_tokens WHERE secret_hash = :s")
        .bind("s", secretHash).map(TOKEN).findOne());
  }

  @Override
  public Optional<Token> token(String id) {
    return db.withHandle(h -> h.createQuery("SELECT " + TOKEN_COLUMNS + " FROM api_tokens WHERE id = :id")
        .bind("id", id).map(TOKEN).findOne());
  }

  @Override
  public List<Token> tokens(Optional<String> user) {
    return db.withHandle(h -> {
      var q = h.createQuery("SELECT " + TOKEN_COLUMNS + " FROM api_tokens"
          + (user.isPresent() ? " WHERE user_name = :u" : "") + " ORDER BY created_at DESC, id");
      user.ifPresent(u -> q.bind("u", u));
      return q.map(TOKEN).list();
    });
  }

  @Override
  public void revokeToken(String id, Instant at) {
    db.inTransaction(h -> h.createUpdate("UPDATE api_tokens SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
        .bind("id", id).bind("at", Rows.timestamp(at)).execute());
  }

  @Override
  public void touchToken(String id, Instant at) {
    db.inTransaction(h -> h.createUpdate("UPDATE api_tokens SET last_used_at = :at WHERE id = :id")
        .bind("id", id).bind("at", Rows.timestamp(at)).execute());
  }

  // --- shares

  @Override
  public boolean insertShare(Share s) {
    Objects.requireNonNull(s, "s");
    return db.inTransactionRetryingConflicts(h -> {
      if (isShared(h, s.resourceType(), s.resourceId(), s.grantee())) {
        return false;
      }
      h.createUpdate("INSERT INTO shares (resource_type, resource_id, grantee, granted_by, created_at)"
          + " VALUES (:type, :id, :grantee, :by, :at)").bind("type", s.resourceType()).bind("id", s.resourceId())
          .bind("grantee", s.grantee()).bind("by", s.grantedBy()).bind("at", Rows.timestamp(s.createdAt())).execute();
      return true;
    });
  }

  @Override
  public boolean deleteShare(String resourceType, String resourceId, String grantee) {
    return db.inTransaction(h -> h.createUpdate("DELETE FROM shares WHERE resource_type = :type AND resource_id = :id"
        + " AND grantee = :g").bind("type", resourceType).bind("id", resourceId).bind("g", grantee).execute() == 1);
  }

  @Override
  public boolean isShared(String resourceType, String resourceId, String grantee) {
    return db.withHandle(h -> isShared(h, resourceType, resourceId, grantee));
  }

  private static boolean isShared(org.jdbi.v3.core.Handle h, String type, String id, String grantee) {
    return h.createQuery("SELECT COUNT(*) FROM shares WHERE resource_type = :type AND resource_id = :id"
        + " AND grantee = :g").bind("type", type).bind("id", id).bind("g", grantee).mapTo(Long.class).one() > 0;
  }

  @Override
  public List<Share> shares(String resourceType, String resourceId) {
    return db.withHandle(h -> h.createQuery("SELECT resource_type, resource_id, grantee, granted_by, created_at"
        + " FROM shares WHERE resource_type = :type AND resource_id = :id ORDER BY grantee")
        .bind("type", resourceType).bind("id", resourceId).map(SHARE).list());
  }

  @Override
  public List<String> sharedWith(String resourceType, String grantee) {
    return db.withHandle(h -> h.createQuery("SELECT resource_id FROM shares WHERE resource_type = :type"
        + " AND grantee = :g ORDER BY resource_id").bind("type", resourceType).bind("g", grantee)
        .mapTo(String.class).list());
  }

  // --- audit

  @Override
  public void audit(Instant at, String actor, String action, String target, String detail, String remote) {
    db.inTransaction(h -> h.createUpdate("INSERT INTO audit_log (occurred_at, actor, action, target, detail, remote)"
        + " VALUES (:at, :actor, :action, :target, :detail, :remote)").bind("at", Rows.timestamp(at))
        .bind("actor", cut(actor, 64)).bind("action", cut(action, 64)).bind("target", cut(target, 255))
        .bind("detail", cut(detail, 2000)).bind("remote", cut(remote, 255)).execute());
  }

  private static String cut(String s, int max) {
    String v = s == null ? "" : s;
    return v.length() > max ? v.substring(0, max) : v;
  }

  @Override
  public List<AuditEntry> auditLog(int limit, int offset) {
    return db.withHandle(h -> h.createQuery("SELECT id, occurred_at, actor, action, target, detail, remote"
        + " FROM audit_log ORDER BY id DESC LIMIT :limit OFFSET :offset").bind("limit", limit)
        .bind("offset", offset).map(AUDIT).list());
  }
}
