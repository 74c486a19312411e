package dev.trainyard.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads the files under {@code deploy/}: YAML documents (a real parser), env files, kubectl renderings. */
final class DeployFiles {
  static final YAMLMapper YAML = new YAMLMapper();

  private DeployFiles() {}

  /** One parsed YAML document and the file it came from. */
  record Doc(Path file, JsonNode node) {
    String kind() {
      return node.path("kind").asText();
    }

    String name() {
      return node.path("metadata").path("name").asText();
    }

    @Override
    public String toString() {
      return kind() + "/" + name() + " (" + root().relativize(file) + ")";
    }
  }

  /** The repository root: the nearest directory upwards holding {@code deploy/} and {@code pom.xml}. */
  static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("deploy")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException("no deploy/ directory above " + Path.of("").toAbsolutePath());
  }

  static Path deploy() {
    return root().resolve("deploy");
  }

  /** Every {@code .yaml}/{@code .yml} file under {@code dir}, sorted. */
  static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted(Comparator.naturalOrder()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The documents of a (multi-document) YAML file; empty documents are skipped. */
  static List<JsonNode> read(Path file) {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNextValue()) {
        JsonNode n = it.nextValue();
        if (n != null && !n.isNull() && !n.isMissingNode()) {
          out.add(n);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** The Kubernetes objects of every file in {@code dir} except kustomization files. */
  static List<Doc> objects(Path dir) {
    List<Doc> out = new ArrayList<>();
    for (Path f : yamlFiles(dir)) {
      if (!isKustomization(f)) {
        read(f).forEach(n -> out.add(new Doc(f, n)));
      }
    }
    return out;
  }

  static boolean isKustomization(Path f) {
    return f.getFileName().toString().matches("kustomization\\.ya?ml");
  }

  /** {@code KEY=VALUE} lines of an env file ({@code #} comments and blank lines skipped), in order. */
  static Map<String, String> envFile(Path file) {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        int eq = l.indexOf('=');
        if (eq <= 0) {
          throw new IllegalStateException(file + ": not KEY=VALUE: " + line);
        }
        out.put(l.substring(0, eq), l.substring(eq + 1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** {@code kubectl} on the PATH, if any. */
  static Optional<Path> kubectl() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir, "kubectl");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The objects {@code kubectl kustomize dir} renders (it needs no cluster). */
  static List<Doc> render(Path kubectl, Path dir) throws IOException, InterruptedException {
    Path out = Files.createTempFile("kustomize", ".yaml");
    try {
      Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
          .redirectErrorStream(false).redirectOutput(out.toFile()).start();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 120 s");
      }
      if (p.exitValue() != 0) {
        throw new AssertionError("kubectl kustomize " + dir + " failed: " + new String(err, StandardCharsets.UTF_8));
      }
      List<Doc> docs = new ArrayList<>();
      read(out).forEach(n -> docs.add(new Doc(dir.resolve("kustomization.yaml"), n)));
      return docs;
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
