package dev.trainyard.cluster.task;

import java.util.Objects;

/** A dataset file by content: its SHA-256 (hex), format ({@code csv}, {@code csv.gz}, ...) and display name. */
public record DataRef(String sha256, String format, String name) {
  public DataRef {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(name, "name");
  }
}
