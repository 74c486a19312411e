package dev.trainyard.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainyard.app.deploy.DeployFiles.Doc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The containers of a set of Kubernetes objects, with their env and args as the kubelet expands them. */
final class Workloads {
  static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "Pod");
  /** {@code $(VAR)}, Kubernetes' reference to a container variable in args, command and env values. */
  static final Pattern REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
  /** What a Secret's value stands in for in an expanded argument (a valid cluster secret, URL-safe). */
  static final String SECRET_VALUE = "secretvalue0123456789abcdef";

  private final List<Doc> docs;

  Workloads(List<Doc> docs) {
    this.docs = List.copyOf(docs);
  }

  List<Doc> docs() {
    return docs;
  }

  List<Doc> ofKind(String kind) {
    return docs.stream().filter(d -> d.kind().equals(kind)).toList();
  }

  Optional<Doc> find(String kind, String name) {
    return docs.stream().filter(d -> d.kind().equals(kind) && d.name().equals(name)).findFirst();
  }

  /** A container of a workload; {@code env} maps every variable it defines to the value it gets. */
  record Container(Doc workload, JsonNode pod, JsonNode node, Map<String, String> env, List<String> args) {
    String name() {
      return node.path("name").asText();
    }

    String image() {
      return node.path("image").asText();
    }

    /** The trainyard role it runs (its first argument), if it runs one. */
    Optional<String> role() {
      return args.isEmpty() || !Cli.ROLES.contains(args.get(0)) ? Optional.empty() : Optional.of(args.get(0));
    }

    JsonNode labels() {
      return workload.node().path("spec").path("template").path("metadata").path("labels");
    }

    /** The port number a probe or Service names ({@code 8080} or {@code http}), if the container has it. */
    Optional<Integer> port(JsonNode ref) {
      for (JsonNode p : node.path("ports")) {
        if (ref.isInt() ? p.path("containerPort").asInt() == ref.asInt() : p.path("name").asText().equals(ref.asText())) {
          return Optional.of(p.path("containerPort").asInt());
        }
      }
      return Optional.empty();
    }

    List<String> mountPaths() {
      List<String> out = new ArrayList<>();
      node.path("volumeMounts").forEach(m -> out.add(m.path("mountPath").asText()));
      return out;
    }

    @Override
    public String toString() {
      return workload + " container " + name();
    }
  }

  /** Every container of every workload. Fails on a $(VAR) that names no variable of its container. */
  List<Container> containers() {
    List<Container> out = new ArrayList<>();
    for (Doc d : docs) {
      if (!WORKLOAD_KINDS.contains(d.kind())) {
        continue;
      }
      JsonNode pod = d.kind().equals("Pod") ? d.node().path("spec") : d.node().path("spec").path("template").path("spec");
      for (String list : List.of("initContainers", "containers")) {
        for (JsonNode c : pod.path(list)) {
          Map<String, String> env = env(d, c);
          List<String> args = new ArrayList<>();
          c.path("command").forEach(a -> args.add(expand(d + " " + c.path("name").asText(), a.asText(), env)));
          c.path("args").forEach(a -> args.add(expand(d + " " + c.path("name").asText(), a.asText(), env)));
          out.add(new Container(d, pod, c, env, List.copyOf(args)));
        }
      }
    }
    return out;
  }

  /** The containers that run {@code role}. */
  List<Container> running(String role) {
    return containers().stream().filter(c -> c.role().equals(Optional.of(role))).toList();
  }

  /** Data of the ConfigMap {@code name}, if one of the objects is it. */
  Optional<Map<String, String>> configMap(String name) {
    return find("ConfigMap", name).map(d -> {
      Map<String, String> data = new HashMap<>();
      d.node().path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
      return data;
    });
  }

  private Map<String, String> env(Doc workload, JsonNode container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode e : container.path("env")) {
      String name = e.path("name").asText();
      JsonNode from = e.path("valueFrom");
      String value;
      if (e.has("value")) {
        value = expand(workload + " env " + name, e.path("value").asText(), env);
      } else if (from.has("configMapKeyRef")) {
        JsonNode ref = from.path("configMapKeyRef");
        value = configMap(ref.path("name").asText()).map(m -> m.get(ref.path("key").asText())).orElse(null);
        if (value == null && !ref.path("optional").asBoolean()) {
          throw new AssertionError(workload + " env " + name + ": no ConfigMap " + ref.path("name").asText()
              + " with key " + ref.path("key").asText());
        }
      } else if (from.has("secretKeyRef")) {
        value = SECRET_VALUE;
      } else if (from.has("fieldRef")) {
        value = switch (from.path("fieldRef").path("fieldPath").asText()) {
          case "metadata.name" -> workload.name() + "-0";
          case "metadata.namespace" -> "trainyard";
          default -> "10.0.0.1";
        };
      } else {
        throw new AssertionError(workload + " env " + name + ": neither value nor a known valueFrom: " + e);
      }
      env.put(name, value);
    }
    return env;
  }

  /** {@code text} with every {@code $(VAR)} replaced; a VAR the container does not define fails. */
  static String expand(String where, String text, Map<String, String> env) {
    Matcher m = REF.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = env.get(m.group(1));
      if (v == null) {
        throw new AssertionError(where + ": $(" + m.group(1) + ") in '" + text + "' names no variable defined"
            + " (before it) in the container; Kubernetes would pass it on literally. Defined: " + env.keySet());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Whether {@code labels} (a label map) has every pair of {@code selector} (a label map). */
  static boolean selects(JsonNode selector, JsonNode labels) {
    if (selector == null || selector.isMissingNode() || selector.size() == 0) {
      return false;
    }
    var it = selector.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!labels.path(e.getKey()).asText("\0").equals(e.getValue().asText())) {
        return false;
      }
    }
    return true;
  }
}
