package dev.trainyard.ml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the shared real datasets ({@code ../shared/datasets} beside the checkout, or
 * {@code TRAINYARD_DATASETS} / {@code -Dtrainyard.datasets}). Outside CI a missing directory skips
 * the test with a message; under {@code CI=true} it fails.
 */
public final class TestDatasets {
  private TestDatasets() {}

  public static Path dir() {
    String configured = System.getProperty("trainyard.datasets", System.getenv("TRAINYARD_DATASETS"));
    if (configured != null && !configured.isBlank()) {
      return require(Paths.get(configured));
    }
    Path p = Paths.get("").toAbsolutePath();
    while (p != null) {
      Path candidate = p.resolveSibling("shared").resolve("datasets");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      p = p.getParent();
    }
    return require(Paths.get("../shared/datasets").toAbsolutePath());
  }

  /** Path of a dataset file such as {@code iris.csv}. */
  public static Path file(String name) {
    return require(dir().resolve(name));
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
