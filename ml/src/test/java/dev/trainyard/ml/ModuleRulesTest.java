package dev.trainyard.ml;

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
 * DESIGN.md §2: ml is pure computation. The enforcer bans network, SQL and HTTP libraries as
 * dependencies; this test also catches the JDK's own (java.sql, java.net, HTTP clients) and
 * checks every package says what lives there.
 */
class ModuleRulesTest {
  private static final Pattern FORBIDDEN = Pattern.compile(
      "^import\\s+(static\\s+)?(java\\.sql|javax\\.sql|java\\.net|java\\.net\\.http|io\\.grpc|io\\.javalin|"
          + "org\\.eclipse\\.jetty|io\\.lettuce|redis\\.clients|org\\.jdbi|dev\\.trainyard\\.(rpc|ps|cluster|server|app))\\b",
      Pattern.MULTILINE);

  private static List<Path> sources() throws IOException {
    try (Stream<Path> s = Files.walk(Path.of("src", "main", "java"))) {
      return s.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }

  @Test
  void mlImportsNoNetworkSqlHttpOrHigherModules() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path p : sources()) {
      Matcher m = FORBIDDEN.matcher(Files.readString(p));
      while (m.find()) {
        violations.add(p + ": " + m.group());
      }
    }
    assertThat(violations).isEmpty();
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
