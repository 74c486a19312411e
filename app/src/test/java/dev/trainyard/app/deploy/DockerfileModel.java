package dev.trainyard.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Dockerfile's instructions as the builder reads them: comments dropped, backslash continuations
 * joined, grouped into stages by {@code FROM}. Enough to check it without a Docker engine.
 */
record DockerfileModel(List<Stage> stages) {
  /** One instruction: its keyword (upper case) and the rest of the line. */
  record Instruction(String keyword, String rest) {
    /** The exec-form (JSON array) arguments, or empty when it is in shell form. */
    Optional<List<String>> execForm() {
      if (!rest.startsWith("[")) {
        return Optional.empty();
      }
      try {
        List<String> out = new ArrayList<>();
        for (JsonNode n : new ObjectMapper().readTree(rest)) {
          out.add(n.asText());
        }
        return Optional.of(out);
      } catch (IOException e) {
        throw new AssertionError("not a JSON array: " + rest, e);
      }
    }

    /** The words after the {@code --flag=value} options (e.g. of COPY --from=build or RUN --mount=...). */
    List<String> words() {
      List<String> out = new ArrayList<>();
      for (String w : rest.split("\\s+")) {
        if (!w.startsWith("--") && !w.isEmpty()) {
          out.add(w);
        }
      }
      return out;
    }

    Optional<String> option(String name) {
      for (String w : rest.split("\\s+")) {
        if (w.startsWith("--" + name + "=")) {
          return Optional.of(w.substring(name.length() + 3));
        }
      }
      return Optional.empty();
    }
  }

  /** A build stage: its base image, its name (after AS, if any) and its instructions. */
  record Stage(String image, Optional<String> name, List<Instruction> instructions) {
    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The last instruction with {@code keyword} (the one that counts for USER, ENTRYPOINT, CMD, WORKDIR). */
    Optional<Instruction> last(String keyword) {
      List<Instruction> all = all(keyword);
      return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
  }

  static DockerfileModel read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> joined = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : lines) {
      String l = line.strip();
      if (l.startsWith("#") || (l.isEmpty() && current.length() == 0)) {
        continue; // a comment inside a continuation is dropped too, as the builder does
      }
      if (l.endsWith("\\")) {
        current.append(l, 0, l.length() - 1).append(' ');
        continue;
      }
      current.append(l);
      if (current.toString().isBlank()) {
        current.setLength(0);
        continue;
      }
      joined.add(current.toString().strip());
      current.setLength(0);
    }
    if (current.length() > 0) {
      throw new AssertionError(file + ": ends inside a continued line: " + current);
    }
    List<Stage> stages = new ArrayList<>();
    List<Instruction> instructions = null;
    for (String l : joined) {
      String[] parts = l.split("\\s+", 2);
      Instruction i = new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : "");
      if (i.keyword().equals("FROM")) {
        List<String> w = i.words();
        Optional<String> name = w.size() >= 3 && w.get(1).equalsIgnoreCase("AS") ? Optional.of(w.get(2)) : Optional.empty();
        instructions = new ArrayList<>();
        stages.add(new Stage(w.get(0), name, instructions));
      } else if (instructions == null) {
        if (!i.keyword().equals("ARG")) {
          throw new AssertionError(file + ": " + i.keyword() + " before the first FROM");
        }
      } else {
        instructions.add(i);
      }
    }
    return new DockerfileModel(List.copyOf(stages));
  }

  Stage last() {
    return stages.get(stages.size() - 1);
  }

  /** The numeric uid the final stage runs as ({@code USER uid[:gid]}); fails on a name (not verifiable as non-root). */
  int uid() {
    String user = last().last("USER").orElseThrow(() -> new AssertionError("the final stage sets no USER")).rest();
    String uid = user.split(":")[0];
    if (!uid.matches("\\d+")) {
      throw new AssertionError("USER " + user + " is a name: Kubernetes' runAsNonRoot cannot verify it; use the uid");
    }
    return Integer.parseInt(uid);
  }

  /** The ports the final stage EXPOSEs. */
  List<Integer> exposed() {
    List<Integer> out = new ArrayList<>();
    for (Instruction i : last().all("EXPOSE")) {
      for (String w : i.words()) {
        out.add(Integer.parseInt(w.split("/")[0]));
      }
    }
    return out;
  }
}
