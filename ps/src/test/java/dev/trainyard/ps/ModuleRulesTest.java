package dev.trainyard.ps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** DESIGN.md §2: every ps package says what lives there, and ps never reaches up into cluster, server or app. */
class ModuleRulesTest {
  private static List<Path> sources() throws IOException {
    try (Stream<Path> s = Files.walk(Path.of("src", "main", "java"))) {
      return s.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }

  @Test
  void everyPackageHasAPackageInfo() throws IOException {
    assertThat(sources().stream().map(Path::getParent).distinct()
        .filter(dir -> !Files.exists(dir.resolve("package-info.java")))).isEmpty();
  }

  @Test
  void psImportsNothingFromHigherModules() throws IOException {
    for (Path p : sources()) {
      assertThat(Files.readString(p)).as(p.toString())
          .doesNotContainPattern("(?m)^import\\s+dev\\.trainyard\\.(cluster|server|app)\\.");
    }
  }
}
