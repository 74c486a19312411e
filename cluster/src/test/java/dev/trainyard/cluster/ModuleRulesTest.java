package dev.trainyard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §2: cluster sits below server and app (allowed arrows: app → server → cluster), so it
 * never imports them; the queue contract stays free of any broker client; every package says what
 * lives there.
 */
class ModuleRulesTest {
  private static final Pattern HIGHER_MODULES =
      Pattern.compile("^import\\s+(static\\s+)?dev\\.trainyard\\.(server|app)\\b.*$", Pattern.MULTILINE);
  private static final Pattern BROKER_CLIENTS =
      Pattern.compile("^import\\s+(static\\s+)?(io\\.lettuce|redis\\.clients)\\b.*$", Pattern.MULTILINE);

  private static List<Path> sources() throws IOException {
    try (Stream<Path> s = Files.walk(Path.of("src", "main", "java"))) {
      return s.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }

  private static List<String> violations(Pattern forbidden, List<Path> files) throws IOException {
    List<String> found = new ArrayList<>();
    for (Path p : files) {
      Matcher m = forbidden.matcher(Files.readString(p));
      while (m.find()) {
        found.add(p + ": " + m.group());
      }
    }
    return found;
  }

  @Test
  void clusterImportsNeitherServerNorApp() throws IOException {
    assertThat(violations(HIGHER_MODULES, sources())).isEmpty();
  }

  @Test
  void onlyTheRedisPackageTalksToRedis() throws IOException {
    Path redis = Path.of("src", "main", "java", "dev", "trainyard", "cluster", "queue", "redis");
    List<Path> outside = sources().stream().filter(p -> !p.startsWith(redis)).toList();
    assertThat(violations(BROKER_CLIENTS, outside)).isEmpty();
  }

  @Test
  void everyPackageHasAPackageInfo() throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path p : sources()) {
      Path info = p.getParent().resolve("package-info.java");
      if (!Files.exists(info) && !missing.contains(p.getParent())) {
        missing.add(p.getParent());
      }
    }
    assertThat(missing).isEmpty();
  }
}
