package dev.trainyard.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainyard.app.deploy.DeployFiles.Doc;
import dev.trainyard.app.deploy.Workloads.Container;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;

/**
 * The checks every set of Kubernetes objects (the base as written, each overlay as kubectl renders
 * it) must pass: the roles' args against the real CLI, one image, ports, probes, addresses between
 * roles, volumes for the roles' directories, variables, references, selectors and resources.
 */
final class TopologyChecks {
  private static final List<String> DIRECTORY_FLAGS = List.of("--data-dir", "--checkpoint-dir", "--cache-dir",
      "--cluster-secret-file");

  private final Workloads w;
  private final String where;
  /** Secret name → keys it has (from Secret objects, or what the overlays generate for the base). */
  private final Map<String, Set<String>> secrets;

  TopologyChecks(Workloads w, String where, Map<String, Set<String>> secrets) {
    this.w = w;
    this.where = where;
    this.secrets = secrets;
  }

  void all() {
    String image = roleArgsMatchTheCliAndShareOneImage();
    portsMatchTheFlags();
    probesUseDeclaredPorts();
    addressesNameServicesThatReachTheRole();
    directoriesAreOnVolumes();
    variablesAreReadAndReferencesResolve();
    selectorsSelectTheirPods();
    resourcesAndUsersAreSet();
    assertThat(image).isNotBlank();
  }

  Cli.Parsed parsed(Container c) {
    return Cli.parse(where + ": " + c, c.args());
  }

  Container only(String role) {
    List<Container> cs = w.running(role);
    assertThat(cs).as(where + ": containers running " + role).hasSize(1);
    return cs.get(0);
  }

  String roleArgsMatchTheCliAndShareOneImage() {
    Set<String> images = new TreeSet<>();
    for (Container c : w.containers()) {
      if (c.role().isEmpty()) {
        continue;
      }
      String role = c.role().get();
      assertThat(Cli.helpFlags(role)).as(where + ": " + c + " flags " + c.args() + " vs trainyard " + role + " --help")
          .containsAll(Cli.flagsIn(c.args()));
      assertThat(Cli.flagsIn(c.args())).as(where + ": " + c + " gives a flag twice").doesNotHaveDuplicates();
      parsed(c);
      images.add(c.image());
    }
    assertThat(images).as(where + ": the image of every trainyard container").hasSize(1);
    String image = images.iterator().next();
    for (Container c : w.containers()) {
      if (c.image().equals(image)) {
        assertThat(c.role()).as(where + ": " + c + " runs the trainyard image without a role: " + c.args()).isPresent();
      }
    }
    for (String role : List.of("coordinator", "worker", "ps")) {
      assertThat(w.running(role)).as(where + ": a workload runs " + role).isNotEmpty();
    }
    return image;
  }

  void portsMatchTheFlags() {
    Container coord = only("coordinator");
    Cli.Parsed p = parsed(coord);
    assertThat(coord.port(text("http"))).as(where + ": coordinator port 'http' is its --port").contains(p.port("--port"));
    assertThat(coord.port(text("grpc"))).as(where + ": coordinator port 'grpc' is its --grpc-port")
        .contains(p.port("--grpc-port"));
    assertThat(p.string("--host")).as(where + ": the coordinator must listen beyond loopback").isEqualTo("0.0.0.0");
    for (Container ps : w.running("ps")) {
      assertThat(ps.port(text("grpc"))).as(where + ": " + ps + " port 'grpc' is its --port").contains(parsed(ps).port("--port"));
    }
    List<Integer> exposed = DockerfileModel.read(DeployFiles.deploy().resolve("Dockerfile")).exposed();
    for (Container c : w.containers()) {
      if (c.role().isPresent()) {
        c.node().path("ports").forEach(port -> assertThat(exposed).as(where + ": " + c + " port in the Dockerfile's EXPOSE")
            .contains(port.path("containerPort").asInt()));
      }
    }
    for (Doc svc : w.ofKind("Service")) {
      List<Container> selected = selectedBy(svc.node().path("spec").path("selector"));
      assertThat(selected).as(where + ": pods of " + svc).isNotEmpty();
      for (JsonNode port : svc.node().path("spec").path("ports")) {
        JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
        Optional<Integer> resolved = selected.stream().map(c -> c.port(target)).flatMap(Optional::stream).findFirst();
        assertThat(resolved).as(where + ": " + svc + " targetPort " + target + " is a port of " + selected).isPresent();
        if (svc.node().path("spec").path("clusterIP").asText().equals("None")) {
          assertThat(port.path("port").asInt()).as(where + ": headless " + svc + " port = container port").isEqualTo(resolved.get());
        }
      }
    }
  }

  void probesUseDeclaredPorts() {
    for (Container c : w.containers()) {
      for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
        JsonNode p = c.node().path(probe);
        for (String kind : List.of("httpGet", "tcpSocket", "grpc")) {
          if (p.has(kind)) {
            assertThat(c.port(p.path(kind).path("port"))).as(where + ": " + c + " " + probe + " port").isPresent();
          }
        }
      }
    }
    Container coord = only("coordinator");
    int http = parsed(coord).port("--port");
    for (var e : Map.of("livenessProbe", "/healthz", "readinessProbe", "/readyz").entrySet()) {
      JsonNode get = coord.node().path(e.getKey()).path("httpGet");
      assertThat(get.path("path").asText()).as(where + ": coordinator " + e.getKey()).isEqualTo(e.getValue());
      assertThat(coord.port(get.path("port"))).as(where + ": coordinator " + e.getKey() + " port").contains(http);
    }
    for (Container c : w.running("ps")) {
      assertThat(c.node().has("readinessProbe")).as(where + ": " + c + " has a readiness probe").isTrue();
    }
    metricsAreServedWhereProbesAndScrapersLook(http);
  }

  /**
   * A role with --metrics-port serves it beyond loopback, as a port named metrics that its liveness
   * probe and the prometheus.io annotations use; the coordinator's metrics are on its HTTP port.
   */
  private void metricsAreServedWhereProbesAndScrapersLook(int coordinatorHttp) {
    for (Container c : w.containers()) {
      if (c.role().isEmpty()) {
        continue;
      }
      Cli.Parsed p = parsed(c);
      JsonNode annotations = c.workload().node().path("spec").path("template").path("metadata").path("annotations");
      Integer port = c.role().get().equals("coordinator") ? Integer.valueOf(coordinatorHttp)
          : p.spec().findOption("--metrics-port") == null ? null : p.<Integer>value("--metrics-port");
      if (port == null) {
        assertThat(annotations.path("prometheus.io/scrape").asText()).as(where + ": " + c + " scraped without metrics")
            .isNotEqualTo("true");
        continue;
      }
      assertThat(annotations.path("prometheus.io/port").asText()).as(where + ": " + c + " scrape port").isEqualTo(port.toString());
      assertThat(annotations.path("prometheus.io/path").asText()).as(where + ": " + c + " scrape path").isEqualTo("/metrics");
      if (!c.role().get().equals("coordinator")) {
        assertThat(p.string("--metrics-host")).as(where + ": " + c + " metrics beyond loopback").isEqualTo("0.0.0.0");
        assertThat(c.port(text("metrics"))).as(where + ": " + c + " port 'metrics' is its --metrics-port").contains(port);
        JsonNode live = c.node().path("livenessProbe").path("httpGet");
        assertThat(live.path("path").asText()).as(where + ": " + c + " liveness asks /metrics").isEqualTo("/metrics");
        assertThat(c.port(live.path("port"))).as(where + ": " + c + " liveness port").contains(port);
      }
    }
  }

  void addressesNameServicesThatReachTheRole() {
    Container coord = only("coordinator");
    int grpc = parsed(coord).port("--grpc-port");
    for (Container c : w.containers()) {
      if (c.role().filter(r -> r.equals("worker") || r.equals("ps")).isPresent()) {
        String target = parsed(c).string("--coordinator");
        assertThat(target).as(where + ": " + c + " --coordinator").isNotNull();
        HostPort hp = HostPort.parse(target);
        assertThat(serviceReaches(hp, coord)).as(where + ": " + c + " --coordinator " + target
            + " is a Service port leading to the coordinator's --grpc-port " + grpc).contains(grpc);
      }
    }
    Cli.Parsed p = parsed(coord);
    URI queue = URI.create(p.string("--queue"));
    Container redis = w.containers().stream().filter(c -> c.name().equals("redis")).findFirst().orElseThrow();
    assertThat(serviceReaches(new HostPort(queue.getHost(), queue.getPort()), redis))
        .as(where + ": --queue " + queue.getHost() + ":" + queue.getPort() + " reaches Redis").isPresent();
    assertThat(secretOf(coord, rawArg(coord, "--queue"))).as(where + ": the queue URL's password is Redis' password")
        .isEqualTo(secretOf(redis, "$(REDIS_PASSWORD)"));
    URI db = URI.create(p.string("--db").substring("jdbc:".length()));
    Container pg = w.containers().stream().filter(c -> c.name().equals("postgres")).findFirst().orElseThrow();
    assertThat(serviceReaches(new HostPort(db.getHost(), db.getPort()), pg))
        .as(where + ": --db " + db.getHost() + ":" + db.getPort() + " reaches PostgreSQL").isPresent();
    assertThat(db.getPath()).as(where + ": --db database").isEqualTo("/" + pg.env().get("POSTGRES_DB"));
    assertThat(db.getQuery()).as(where + ": --db user").contains("user=" + pg.env().get("POSTGRES_USER"));
    assertThat(secretOf(coord, rawArg(coord, "--db"))).as(where + ": the --db password is PostgreSQL's")
        .isEqualTo(Set.of(String.valueOf(secretRef(pg, "POSTGRES_PASSWORD"))));
    for (Container ps : w.running("ps")) {
      String sts = ps.workload().node().path("spec").path("serviceName").asText();
      assertThat(ps.workload().kind()).as(where + ": PS shards need stable names").isEqualTo("StatefulSet");
      assertThat(rawArg(ps, "--host")).as(where + ": " + ps + " binds and registers its stable DNS name")
          .startsWith("--host=$(POD_NAME)." + sts + ".$(POD_NAMESPACE).svc.");
      assertThat(ps.node().path("env").findValuesAsText("fieldPath")).contains("metadata.name", "metadata.namespace");
      Doc svc = w.find("Service", sts).orElseThrow(() -> new AssertionError(where + ": no Service " + sts));
      assertThat(svc.node().path("spec").path("clusterIP").asText()).as(where + ": " + svc + " is headless").isEqualTo("None");
      assertThat(svc.node().path("spec").path("publishNotReadyAddresses").asBoolean())
          .as(where + ": " + svc + " publishes starting shards (a shard binds its own name)").isTrue();
      assertThat(selectedBy(svc.node().path("spec").path("selector"))).contains(ps);
    }
  }

  void directoriesAreOnVolumes() {
    for (Container c : w.containers()) {
      if (c.role().isEmpty()) {
        continue;
      }
      Cli.Parsed p = parsed(c);
      for (String flag : DIRECTORY_FLAGS) {
        if (p.spec().findOption(flag) == null || p.value(flag) == null) {
          continue;
        }
        Path dir = Path.of(p.string(flag));
        assertThat(dir.isAbsolute()).as(where + ": " + c + " " + flag + " is absolute").isTrue();
        assertThat(c.mountPaths()).as(where + ": " + c + " " + flag + " " + dir + " is on a volume")
            .anyMatch(m -> dir.startsWith(Path.of(m)));
      }
      JsonNode volumes = c.pod().path("volumes");
      List<String> claims = new ArrayList<>();
      c.workload().node().path("spec").path("volumeClaimTemplates").forEach(t -> claims.add(t.path("metadata").path("name").asText()));
      for (JsonNode m : c.node().path("volumeMounts")) {
        String name = m.path("name").asText();
        JsonNode v = find(volumes, name);
        assertThat(v != null || claims.contains(name)).as(where + ": " + c + " mounts volume " + name).isTrue();
        if (v != null && v.has("persistentVolumeClaim")) {
          String claim = v.path("persistentVolumeClaim").path("claimName").asText();
          assertThat(w.find("PersistentVolumeClaim", claim)).as(where + ": PVC " + claim).isPresent();
        }
      }
      if (c.role().get().equals("ps")) {
        Path dir = Path.of(p.string("--checkpoint-dir"));
        assertThat(c.node().path("volumeMounts")).as(where + ": checkpoints on the shard's own claim")
            .anyMatch(m -> claims.contains(m.path("name").asText()) && dir.startsWith(Path.of(m.path("mountPath").asText())));
      }
    }
  }

  void variablesAreReadAndReferencesResolve() {
    Map<String, String> read = SourceTree.trainyardVariables();
    for (Container c : w.containers()) {
      for (JsonNode e : c.node().path("env")) {
        String name = e.path("name").asText();
        JsonNode secret = e.path("valueFrom").path("secretKeyRef");
        if (!secret.isMissingNode()) {
          assertThat(secrets.getOrDefault(secret.path("name").asText(), Set.of()))
              .as(where + ": " + c + " env " + name + " from Secret " + secret.path("name").asText() + " key")
              .contains(secret.path("key").asText());
        }
        if (c.role().isEmpty()) {
          continue;
        }
        if (name.startsWith("TRAINYARD_")) {
          assertThat(read).as(where + ": " + c + " sets " + name + ", which no main source reads").containsKey(name);
        } else {
          assertThat(name.equals("JAVA_OPTS") || rawArgs(c).stream().anyMatch(a -> a.contains("$(" + name + ")")))
              .as(where + ": " + c + " sets " + name + " but neither trainyard nor its args use it").isTrue();
        }
      }
    }
  }

  void selectorsSelectTheirPods() {
    for (Doc d : w.docs()) {
      if (Set.of("Deployment", "StatefulSet").contains(d.kind())) {
        assertThat(Workloads.selects(d.node().path("spec").path("selector").path("matchLabels"),
            d.node().path("spec").path("template").path("metadata").path("labels"))).as(where + ": " + d + " selector").isTrue();
      }
    }
    List<Doc> pdbs = w.ofKind("PodDisruptionBudget");
    List<Container> shards = w.running("ps");
    assertThat(pdbs).as(where + ": a PodDisruptionBudget selects exactly the PS shards")
        .anyMatch(pdb -> selectedBy(pdb.node().path("spec").path("selector").path("matchLabels")).equals(shards));
    for (Doc np : w.ofKind("NetworkPolicy")) {
      assertThat(selectedBy(np.node().path("spec").path("podSelector").path("matchLabels"))).as(where + ": " + np).isNotEmpty();
      for (JsonNode from : np.node().path("spec").path("ingress").findValues("podSelector")) {
        assertThat(selectedBy(from.path("matchLabels"))).as(where + ": " + np + " from " + from).isNotEmpty();
      }
    }
    for (Doc pdb : pdbs) {
      assertThat(selectedBy(pdb.node().path("spec").path("selector").path("matchLabels"))).as(where + ": " + pdb).isNotEmpty();
    }
  }

  void resourcesAndUsersAreSet() {
    int uid = DockerfileModel.read(DeployFiles.deploy().resolve("Dockerfile")).uid();
    for (Container c : w.containers()) {
      JsonNode r = c.node().path("resources");
      for (String kind : List.of("requests", "limits")) {
        for (String res : List.of("cpu", "memory")) {
          assertThat(r.path(kind).has(res)).as(where + ": " + c + " resources." + kind + "." + res).isTrue();
        }
      }
      assertThat(Quantity.bytes(r.path("requests").path("memory").asText()))
          .as(where + ": " + c + " memory request <= limit").isLessThanOrEqualTo(Quantity.bytes(r.path("limits").path("memory").asText()));
      JsonNode sc = c.pod().path("securityContext");
      assertThat(sc.path("runAsNonRoot").asBoolean()).as(where + ": " + c + " runAsNonRoot").isTrue();
      if (c.role().isPresent()) {
        assertThat(sc.path("runAsUser").asInt()).as(where + ": " + c + " runs as the image's USER").isEqualTo(uid);
        assertThat(sc.has("fsGroup")).as(where + ": " + c + " fsGroup, so its volumes are writable").isTrue();
      }
    }
    for (Container worker : w.running("worker")) {
      Duration drain = parsed(worker).value("--drain");
      assertThat(Duration.ofSeconds(worker.pod().path("terminationGracePeriodSeconds").asLong(30)))
          .as(where + ": the kubelet waits longer than the worker's --drain " + drain).isGreaterThan(drain);
    }
  }

  // --- helpers

  private static JsonNode text(String s) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(s);
  }

  private static JsonNode find(JsonNode list, String name) {
    for (JsonNode n : list) {
      if (n.path("name").asText().equals(name)) {
        return n;
      }
    }
    return null;
  }

  private List<Container> selectedBy(JsonNode selector) {
    return w.containers().stream().filter(c -> Workloads.selects(selector, c.labels())).toList();
  }

  /** The container port a Service {@code hp.host} port {@code hp.port} forwards to in {@code target}'s pod. */
  private Optional<Integer> serviceReaches(HostPort hp, Container target) {
    Optional<Doc> svc = w.find("Service", hp.host());
    if (svc.isEmpty() || !Workloads.selects(svc.get().node().path("spec").path("selector"), target.labels())) {
      return Optional.empty();
    }
    for (JsonNode port : svc.get().node().path("spec").path("ports")) {
      if (port.path("port").asInt() == hp.port()) {
        return target.port(port.has("targetPort") ? port.path("targetPort") : port.path("port"));
      }
    }
    return Optional.empty();
  }

  private static List<String> rawArgs(Container c) {
    List<String> out = new ArrayList<>();
    c.node().path("command").forEach(a -> out.add(a.asText()));
    c.node().path("args").forEach(a -> out.add(a.asText()));
    return out;
  }

  private static String rawArg(Container c, String flag) {
    return rawArgs(c).stream().filter(a -> a.startsWith(flag + "=")).findFirst()
        .orElseThrow(() -> new AssertionError(c + ": no " + flag + "=... argument"));
  }

  /** The Secret name/key behind the variables {@code text} references via $(VAR), e.g. "trainyard-secrets/db-password". */
  private static Set<String> secretOf(Container c, String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = Workloads.REF.matcher(text);
    while (m.find()) {
      String ref = secretRef(c, m.group(1));
      if (ref != null) {
        out.add(ref);
      }
    }
    return out.isEmpty() ? Set.of("none in " + text) : out;
  }

  private static String secretRef(Container c, String variable) {
    for (JsonNode e : c.node().path("env")) {
      JsonNode s = e.path("valueFrom").path("secretKeyRef");
      if (e.path("name").asText().equals(variable) && !s.isMissingNode()) {
        return s.path("name").asText() + "/" + s.path("key").asText();
      }
    }
    return null;
  }

  record HostPort(String host, int port) {
    static HostPort parse(String s) {
      int colon = s.lastIndexOf(':');
      return new HostPort(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
    }
  }
}
