package dev.trainyard.server.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.server.auth.AuthStore.Session;
import dev.trainyard.server.auth.AuthStore.Token;
import dev.trainyard.server.auth.AuthStore.User;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users, passwords (bcrypt), login sessions, personal API tokens and the audit of logins and admin
 * actions, over an {@link AuthStore}. Session ids and tokens are 32 random bytes handed out once and
 * stored as SHA-256; a token is {@code ty_<16 hex id>_<secret>}. Transport-independent (no HTTP types).
 * Thread-safe.
 */
public final class AuthService {
  private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
  public static final String ADMIN = "admin";
  public static final Duration SESSION_TTL = Duration.ofHours(12);
  public static final int MIN_PASSWORD = 8;
  private static final int MAX_PASSWORD = 72; // bcrypt reads at most 72 bytes
  private static final int MAX_TOKEN_DAYS = 3650;
  private static final Pattern TOKEN = Pattern.compile("ty_([0-9a-f]{16})_([A-Za-z0-9_-]{20,64})");
  private static final String BAD_LOGIN = "wrong user name or password";

  private final AuthStore store;
  private final Clock clock;
  private final int bcryptCost;
  private final LoginLimiter limiter;
  /** A hash to verify against when the user does not exist, so the answer takes as long either way. */
  private final String dummyHash;

  /** A logged-in session: the cookie value (shown once) and its stored record. */
  public record LoginResult(String sessionSecret, Session session, User user) {}

  /** A new token: its plaintext (shown once) and its stored record. */
  public record NewToken(String plaintext, Token token) {}

  public AuthService(AuthStore store, Clock clock, int bcryptCost) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    dev.trainyard.common.Check.between("bcryptCost", bcryptCost, 4, 16);
    this.bcryptCost = bcryptCost;
    this.limiter = new LoginLimiter(clock, Duration.ofMinutes(5), 5, 30);
    this.dummyHash = hash(Secrets.random(16));
  }

  public AuthStore store() {
    return store;
  }

  /**
   * On an empty user table, creates the {@value #ADMIN} user with {@code password} or, when empty, a
   * random one that is returned so it can be printed once. Returns empty when users exist already.
   */
  public Optional<String> bootstrapAdmin(Optional<String> password) {
    if (store.userCount() > 0) {
      return Optional.empty();
    }
    String pw = password.filter(p -> !p.isBlank()).orElse(null);
    boolean generated = pw == null;
    if (generated) {
      pw = Secrets.random(12);
    }
    checkPassword(pw);
    store.insertUser(new User(ADMIN, Role.ADMIN, hash(pw), false, clock.instant()));
    store.audit(clock.instant(), "system", "user.create", ADMIN, "first start: role admin", "");
    LOG.info("created the first user '{}' (admin)", ADMIN);
    return generated ? Optional.of(pw) : Optional.empty();
  }

  // --- login and sessions

  /** Checks the password and opens a session; 401 on a wrong name or password, 429 when rate-limited. */
  public LoginResult login(String name, String password, String remote) {
    String user = name == null ? "" : name.strip();
    String pw = password == null ? "" : password;
    Optional<Duration> wait = limiter.blocked(user, remote);
    if (wait.isPresent()) {
      store.audit(clock.instant(), user, "login.blocked", user, "too many failed logins", remote);
      throw new AuthException(429, "too many failed logins; try again in " + wait.get().toSeconds() + " s", wait);
    }
    Optional<User> u = user.isEmpty() ? Optional.empty() : store.user(user);
    boolean ok = verify(pw, u.map(User::passwordHash).orElse(dummyHash)) && u.isPresent() && !u.get().disabled();
    if (!ok) {
      limiter.failed(user, remote);
      store.audit(clock.instant(), user.isEmpty() ? "-" : user, "login.failed", user, u.isPresent() && u.get().disabled()
          ? "user is disabled" : "wrong user name or password", remote);
      throw new AuthException(401, BAD_LOGIN);
    }
    limiter.succeeded(user);
    String secret = Secrets.random(32);
    Instant now = clock.instant();
    store.deleteExpiredSessions(now); // ended sessions are removed here, so the table stays small
    Session s = new Session(Secrets.sha256(secret), user, Secrets.random(24), now, now.plus(SESSION_TTL));
    store.insertSession(s);
    store.audit(now, user, "login", user, "session", remote);
    return new LoginResult(secret, s, u.get());
  }

  /** The live session and its enabled user for a cookie value, if any. */
  public Optional<SessionUser> session(String secret) {
    if (secret == null || secret.isEmpty() || secret.length() > 100) {
      return Optional.empty();
    }
    Optional<Session> s = store.session(Secrets.sha256(secret));
    if (s.isEmpty()) {
      return Optional.empty();
    }
    if (!s.get().expiresAt().isAfter(clock.instant())) {
      store.deleteSession(s.get().idHash());
      return Optional.empty();
    }
    return store.user(s.get().user()).filter(u -> !u.disabled()).map(u -> new SessionUser(s.get(), u));
  }

  /** A session with its user. */
  public record SessionUser(Session session, User user) {}

  public void logout(String secret, String remote) {
    session(secret).ifPresent(su -> {
      store.deleteSession(su.session().idHash());
      store.audit(clock.instant(), su.user().name(), "logout", su.user().name(), "", remote);
    });
  }

  // --- tokens

  /** The enabled user of a valid (known, unexpired, unrevoked) token; records its use. */
  public Optional<User> tokenUser(String plaintext) {
    var m = TOKEN.matcher(plaintext == null ? "" : plaintext.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    Optional<Token> t = store.token(m.group(1)).filter(x -> Secrets.same(x.secretHash(), Secrets.sha256(m.group(2))));
    Instant now = clock.instant();
    if (t.isEmpty() || t.get().revokedAt().isPresent() || t.get().expiresAt().map(e -> !e.isAfter(now)).orElse(false)) {
      return Optional.empty();
    }
    if (t.get().lastUsedAt().map(last -> last.plusSeconds(60).isBefore(now)).orElse(true)) {
      store.touchToken(t.get().id(), now); // at most once a minute: not a write per request
    }
    return store.user(t.get().user()).filter(u -> !u.disabled());
  }

  /** Creates a token for {@code user}; {@code expiresInDays} empty means it never expires. */
  public NewToken createToken(String user, String name, Optional<Integer> expiresInDays, String actor, String remote) {
    String label = name == null ? "" : name.strip();
    if (label.isEmpty() || label.length() > 200 || label.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidInputException("token name must be 1 to 200 printable characters");
    }
    expiresInDays.ifPresent(d -> dev.trainyard.common.Check.between("expires_in_days", d, 1, MAX_TOKEN_DAYS));
    String id = Secrets.hex(8);
    String secret = Secrets.random(32);
    Instant now = clock.instant();
    Token t = new Token(id, user, label, Secrets.sha256(secret), now,
        expiresInDays.map(d -> now.plus(Duration.ofDays(d))), Optional.empty(), Optional.empty());
    store.insertToken(t);
    store.audit(now, actor, "token.create", user, "token " + id + " '" + label + "'", remote);
    return new NewToken("ty_" + id + "_" + secret, t);
  }

  public void revokeToken(Token t, String actor, String remote) {
    store.revokeToken(t.id(), clock.instant());
    store.audit(clock.instant(), actor, "token.revoke", t.user(), "token " + t.id(), remote);
  }

  // --- users

  public User createUser(String name, String password, Role role, String actor, String remote) {
    checkPassword(password);
    User u = new User(name, role, hash(password), false, clock.instant());
    if (!store.insertUser(u)) {
      throw new InvalidInputException("user '" + name + "' exists already");
    }
    store.audit(clock.instant(), actor, "user.create", name, "role " + role.id(), remote);
    return u;
  }

  /** Changes role, password and/or disabled flag; a new password or disabling ends the user's sessions. */
  public User updateUser(User u, Optional<Role> role, Optional<String> password, Optional<Boolean> disabled,
      String actor, String remote) {
    password.ifPresent(AuthService::checkPassword);
    User changed = new User(u.name(), role.orElse(u.role()), password.map(this::hash).orElse(u.passwordHash()),
        disabled.orElse(u.disabled()), u.createdAt());
    store.updateUser(changed);
    if (password.isPresent() || disabled.orElse(false)) {
      store.deleteSessions(u.name());
    }
    StringBuilder what = new StringBuilder();
    role.ifPresent(r -> what.append("role ").append(r.id()).append(' '));
    password.ifPresent(p -> what.append("password "));
    disabled.ifPresent(d -> what.append(d ? "disabled" : "enabled"));
    store.audit(clock.instant(), actor, "user.update", u.name(), what.toString().strip(), remote);
    return changed;
  }

  /** Changes the caller's own password after checking the current one. */
  public void changePassword(User u, String current, String replacement, String remote) {
    if (!verify(current == null ? "" : current, u.passwordHash())) {
      throw new AuthException(403, "the current password is wrong");
    }
    updateUser(u, Optional.empty(), Optional.of(replacement == null ? "" : replacement), Optional.empty(), u.name(),
        remote);
  }

  public List<User> users() {
    return store.users();
  }

  public void audit(String actor, String action, String target, String detail, String remote) {
    store.audit(clock.instant(), actor, action, target, detail, remote);
  }

  public Instant now() {
    return clock.instant();
  }

  static void checkPassword(String pw) {
    if (pw == null || pw.length() < MIN_PASSWORD) {
      throw new InvalidInputException("password must have at least " + MIN_PASSWORD + " characters");
    }
    if (pw.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD) {
      throw new InvalidInputException("password must be at most " + MAX_PASSWORD + " bytes");
    }
  }

  private String hash(String pw) {
    return BCrypt.withDefaults().hashToString(bcryptCost, pw.toCharArray());
  }

  private static boolean verify(String pw, String hash) {
    if (pw.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD) {
      return false;
    }
    return BCrypt.verifyer().verify(pw.toCharArray(), hash).verified;
  }
}
