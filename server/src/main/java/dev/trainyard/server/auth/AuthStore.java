package dev.trainyard.server.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable users, sessions, API tokens, shares and the audit log. Sessions and tokens are stored only
 * as SHA-256 hashes of their secrets. Every method is one transaction; implementations are
 * thread-safe; arguments are never null unless stated.
 */
public interface AuthStore {
  /** A user; {@code passwordHash} is a bcrypt hash. Immutable. */
  record User(String name, Role role, String passwordHash, boolean disabled, Instant createdAt) {}

  /** A login session: the hash of its cookie value, the CSRF token for its forms, when it ends. */
  record Session(String idHash, String user, String csrfToken, Instant createdAt, Instant expiresAt) {}

  /** A personal API token: its public id, the hash of its secret, expiry and revocation if any. */
  record Token(String id, String user, String name, String secretHash, Instant createdAt,
      Optional<Instant> expiresAt, Optional<Instant> revokedAt, Optional<Instant> lastUsedAt) {}

  /** A read-only grant of one resource ({@code dataset} or {@code model}) to a user. */
  record Share(String resourceType, String resourceId, String grantee, String grantedBy, Instant createdAt) {}

  /** One audit entry: who did what to what, from where. */
  record AuditEntry(long id, Instant at, String actor, String action, String target, String detail, String remote) {}

  // --- users
  /** Inserts a user; false when the name is taken. */
  boolean insertUser(User u);

  boolean updateUser(User u);

  Optional<User> user(String name);

  List<User> users();

  long userCount();

  // --- sessions
  void insertSession(Session s);

  Optional<Session> session(String idHash);

  void deleteSession(String idHash);

  /** Ends every session of the user (password change, disabled user). */
  void deleteSessions(String user);

  /** Forgets sessions that ended before {@code now}; returns how many. */
  int deleteExpiredSessions(Instant now);

  // --- tokens
  void insertToken(Token t);

  Optional<Token> tokenBySecretHash(String secretHash);

  Optional<Token> token(String id);

  /** The user's tokens (every token when user is empty), newest first. */
  List<Token> tokens(Optional<String> user);

  void revokeToken(String id, Instant at);

  void touchToken(String id, Instant at);

  // --- shares
  /** Adds a share; false when it exists already. */
  boolean insertShare(Share s);

  boolean deleteShare(String resourceType, String resourceId, String grantee);

  boolean isShared(String resourceType, String resourceId, String grantee);

  List<Share> shares(String resourceType, String resourceId);

  /** Ids of resources of this type shared with the user. */
  List<String> sharedWith(String resourceType, String grantee);

  // --- audit
  void audit(Instant at, String actor, String action, String target, String detail, String remote);

  /** The newest entries first, at most {@code limit}, skipping {@code offset}. */
  List<AuditEntry> auditLog(int limit, int offset);
}
