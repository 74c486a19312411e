package dev.trainyard.app.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the product reads from the environment: the Java sources ({@code MODULE/src/main/java}) and
 * the configuration files beside them ({@code MODULE/src/main/resources/*.xml}, e.g. logback.xml).
 */
final class SourceTree {
  /**
   * A {@code TRAINYARD_*} name as a whole string literal ({@code "TRAINYARD_X"}, what getenv calls
   * and ENV constants hold) or in a picocli default ({@code ${env:TRAINYARD_X}}). Names only in
   * comments or inside longer messages do not count: nothing reads those.
   */
  private static final Pattern READ = Pattern.compile("\"(TRAINYARD_[A-Z0-9_]+)\"|\\$\\{env:(TRAINYARD_[A-Z0-9_]+)");
  /** In logback.xml: a substitution ({@code ${TRAINYARD_X:-default}}) or a condition's {@code <key>}. */
  private static final Pattern READ_XML = Pattern.compile("\\$\\{(TRAINYARD_[A-Z0-9_]+)|<key>(TRAINYARD_[A-Z0-9_]+)</key>");
  private static volatile Map<String, String> cached;

  private SourceTree() {}

  /** Each TRAINYARD_* variable the main sources read, with one file that reads it. */
  static Map<String, String> trainyardVariables() {
    Map<String, String> c = cached;
    if (c != null) {
      return c;
    }
    Map<String, String> out = new TreeMap<>();
    Path root = DeployFiles.root();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.filter(Files::isDirectory).toList()) {
        scan(root, module.resolve("src/main/java"), ".java", READ, out);
        scan(root, module.resolve("src/main/resources"), ".xml", READ_XML, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    cached = Map.copyOf(out);
    return cached;
  }

  private static void scan(Path root, Path dir, String suffix, Pattern read, Map<String, String> out) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(suffix)).toList()) {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        if (suffix.equals(".xml")) {
          text = text.replaceAll("(?s)<!--.*?-->", ""); // a name in a comment is not read
        }
        Matcher m = read.matcher(text);
        while (m.find()) {
          out.putIfAbsent(m.group(1) != null ? m.group(1) : m.group(2), root.relativize(f).toString());
        }
      }
    }
  }
}
