package dev.trainyard.rpc.auth;

import dev.trainyard.common.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A cluster secret kept in a file: one line, surrounding white space ignored. A coordinator that is
 * given no secret keeps its own in {@code DATA_DIR/cluster.secret} ({@link #loadOrCreate}), readable
 * by its owner only, so a restart on the same data directory keeps the secret its members know.
 * Immutable; {@code created} says whether this call wrote the file.
 */
public record SecretFile(Path file, ClusterSecret secret, boolean created) {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  /**
   * Reads the secret in {@code file}.
   *
   * @throws InvalidInputException naming the file when it cannot be read or its secret breaks a rule
   */
  public static ClusterSecret read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("the cluster secret file " + file + " does not exist");
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException("cannot read the cluster secret file " + file + ": " + e.getMessage(), e);
    }
    return ClusterSecret.of(text, "the file " + file);
  }

  /**
   * The secret in {@code file}; when there is no such file, a fresh {@link ClusterSecret#generate
   * random} one written to it with mode 0600 (on POSIX file systems), creating its directory.
   *
   * @throws InvalidInputException naming the file when it cannot be read or written
   */
  public static SecretFile loadOrCreate(Path file) {
    if (Files.exists(file)) {
      return new SecretFile(file, read(file), false);
    }
    ClusterSecret secret = ClusterSecret.generate();
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      // created with its final mode, so the secret is never readable by others, not even for a moment
      Files.createFile(file, ownerOnly(file));
      Files.writeString(file, secret.value() + "\n", StandardCharsets.US_ASCII);
    } catch (FileAlreadyExistsException e) {
      return new SecretFile(file, read(file), false); // another process created it first
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException("cannot create the cluster secret file " + file + ": " + e.getMessage(), e);
    }
    return new SecretFile(file, secret, true);
  }

  private static FileAttribute<?>[] ownerOnly(Path file) {
    return file.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
  }
}
