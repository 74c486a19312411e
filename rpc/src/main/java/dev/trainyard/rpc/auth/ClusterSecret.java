package dev.trainyard.rpc.auth;

import dev.trainyard.common.InvalidInputException;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.ServerInterceptor;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The secret that the coordinator, the workers and the PS shards of one cluster share: 16 to 1024
 * printable ASCII characters without spaces, because it travels in the gRPC header
 * {@value #HEADER_NAME} of every call. Servers refuse a call without it ({@link #serverInterceptor});
 * clients attach it ({@link #clientInterceptor}). It is never printed: {@link #toString} is
 * redacted, and {@link #matches} and {@link #equals} compare SHA-256 digests in constant time.
 * Immutable and thread-safe.
 *
 * <p>It authenticates members on the gRPC planes only. The Redis task queue is reached directly by
 * workers and needs its own password or ACL ({@code redis://:PASSWORD@HOST:PORT}).
 */
public final class ClusterSecret {
  /** The environment variable members read the secret from when no flag gives it. */
  public static final String ENV = "TRAINYARD_CLUSTER_SECRET";
  /** The file in the coordinator's data directory that holds its secret when no flag or env gives it. */
  public static final String FILE_NAME = "cluster.secret";
  /** The gRPC header (metadata key) the secret travels in. */
  public static final String HEADER_NAME = "x-trainyard-cluster-secret";
  public static final int MIN_LENGTH = 16;
  public static final int MAX_LENGTH = 1024;
  /** Where to give a member its secret, for error messages. */
  public static final String HOW_TO_GIVE = "--cluster-secret / --cluster-secret-file / " + ENV;

  static final Metadata.Key<String> HEADER = Metadata.Key.of(HEADER_NAME, Metadata.ASCII_STRING_MARSHALLER);
  private static final int GENERATED_BYTES = 32;

  private final String value;
  private final byte[] digest;

  private ClusterSecret(String value) {
    this.value = value;
    this.digest = sha256(value);
  }

  /**
   * The secret {@code value}.
   *
   * @throws InvalidInputException naming the broken rule (never the value) when it is empty, shorter
   *     than 16 or longer than 1024 characters, or not printable ASCII without spaces
   */
  public static ClusterSecret of(String value) {
    return of(value, null);
  }

  /** {@link #of(String)}, with {@code source} (a flag, a variable or a file) named in the error. */
  static ClusterSecret of(String value, String source) {
    String the = source == null ? "the cluster secret" : "the cluster secret from " + source;
    if (value == null || value.isEmpty()) {
      throw new InvalidInputException(the + " must not be empty");
    }
    if (value.length() < MIN_LENGTH) {
      throw new InvalidInputException(the + " must be at least " + MIN_LENGTH + " characters, was " + value.length());
    }
    if (value.length() > MAX_LENGTH) {
      throw new InvalidInputException(the + " must be at most " + MAX_LENGTH + " characters, was " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c > '~') {
        throw new InvalidInputException(the + " must be printable ASCII without spaces (it travels in a gRPC"
            + " header); character " + (i + 1) + " is not");
      }
    }
    return new ClusterSecret(value);
  }

  /** A fresh random secret: 32 bytes from {@code random}, URL-safe Base64 without padding (43 characters). */
  public static ClusterSecret generate(SecureRandom random) {
    byte[] bytes = new byte[GENERATED_BYTES];
    random.nextBytes(bytes);
    return new ClusterSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** A fresh random secret from a new {@link SecureRandom}. */
  public static ClusterSecret generate() {
    return generate(new SecureRandom());
  }

  /**
   * The secret a member was given: {@code flag} (the value of {@code --cluster-secret}), else the
   * file {@code file} ({@code --cluster-secret-file}), else {@value #ENV} in {@code env}; empty when
   * none is set (a coordinator then uses {@link SecretFile#loadOrCreate}, a worker or shard fails
   * with {@link #missing}).
   *
   * @throws InvalidInputException when both flags are given, or the secret breaks a rule of {@link #of}
   */
  public static Optional<ClusterSecret> resolve(String flag, java.nio.file.Path file, Map<String, String> env) {
    if (flag != null && file != null) {
      throw new InvalidInputException("give either --cluster-secret or --cluster-secret-file, not both");
    }
    if (flag != null) {
      return Optional.of(of(flag, "--cluster-secret"));
    }
    if (file != null) {
      return Optional.of(SecretFile.read(file));
    }
    String fromEnv = env.get(ENV);
    return fromEnv == null || fromEnv.isEmpty() ? Optional.empty() : Optional.of(of(fromEnv.strip(), ENV));
  }

  /** The error for a member ({@code who}, e.g. "a worker") started without any secret. */
  public static InvalidInputException missing(String who) {
    return new InvalidInputException(who + " needs the cluster secret: give --cluster-secret SECRET or"
        + " --cluster-secret-file FILE, or set " + ENV + " (the coordinator keeps it in DATA_DIR/" + FILE_NAME + ")");
  }

  /** The secret itself, to attach to calls or write to a file; never log it. */
  public String value() {
    return value;
  }

  /** Whether {@code candidate} (null for none) is this secret, in time independent of where they differ. */
  public boolean matches(String candidate) {
    // "" is never a secret (too short), so a missing header compares like any wrong one
    return MessageDigest.isEqual(digest, sha256(candidate == null ? "" : candidate));
  }

  /** Attaches this secret to every call of a channel or stub ({@code stub.withInterceptors(...)}). */
  public ClientInterceptor clientInterceptor() {
    Metadata headers = new Metadata();
    headers.put(HEADER, value);
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  /** Refuses every call that does not carry this secret with UNAUTHENTICATED. */
  public ServerInterceptor serverInterceptor() {
    return new ClusterSecretInterceptor(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClusterSecret other && MessageDigest.isEqual(digest, other.digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return "ClusterSecret[redacted]";
  }

  private static byte[] sha256(String s) {
    Objects.requireNonNull(s, "s");
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
