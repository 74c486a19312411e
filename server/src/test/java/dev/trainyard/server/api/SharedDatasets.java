package dev.trainyard.server.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared real datasets for server tests: {@code ../shared/datasets} beside the checkout, or
 * {@code TRAINYARD_DATASETS} / {@code -Dtrainyard.datasets}. Outside CI a missing file skips the
 * test with a message saying where to put it; under {@code CI=true} it fails.
 */
final class SharedDatasets {
  private SharedDatasets() {}

  /** Path of a dataset file such as {@code iris.csv}. */
  static Path file(String name) {
    String configured = System.getProperty("trainyard.datasets", System.getenv("TRAINYARD_DATASETS"));
    if (configured != null && !configured.isBlank()) {
      return require(Paths.get(configured).resolve(name));
    }
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolveSibling("shared").resolve("datasets").resolve(name);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    return require(Paths.get("../shared/datasets").resolve(name).toAbsolutePath());
  }

  private static Path require(Path p) {
    if (!Files.exists(p)) {
      String msg = "dataset " + p + " not found; put the shared datasets beside the checkout"
          + " (../shared/datasets) or set TRAINYARD_DATASETS";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(msg);
      }
      Assumptions.abort(msg);
    }
    return p;
  }
}
