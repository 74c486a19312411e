package dev.trainyard.cluster.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An uploaded dataset: its id, owner, the name the user gave it (display only, never a path), the
 * SHA-256 of its bytes (hex, also the file's name in the data directory), its size in bytes and
 * its format ({@code csv}, {@code csv.gz}, {@code libsvm}). Immutable.
 */
public record DatasetRecord(String id, String owner, String name, String sha256, long bytes, String format,
    Instant createdAt) {
  public DatasetRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
