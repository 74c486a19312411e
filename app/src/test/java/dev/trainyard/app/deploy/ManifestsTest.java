package dev.trainyard.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainyard.app.deploy.DeployFiles.Doc;
import dev.trainyard.app.deploy.Workloads.Container;
import dev.trainyard.rpc.auth.ClusterSecret;
import dev.trainyard.server.api.ApiFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests under {@code deploy/k8s} against the code they deploy: parsed with a
 * real YAML parser, the base as written and each overlay as {@code kubectl kustomize} renders it
 * (when kubectl is installed), each through {@link TopologyChecks}; plus the kustomizations'
 * own references. So a renamed flag, a moved port or a new required option fails here, not in a
 * cluster.
 */
class ManifestsTest {
  private static final Path K8S = DeployFiles.deploy().resolve("k8s");
  private static final Path BASE = K8S.resolve("base");
  private static final List<String> OVERLAYS = List.of("dev", "prod");

  @Test
  void everyYamlFileUnderDeployParsesAndEveryKubernetesObjectHasAKindAndName() {
    List<Path> files = DeployFiles.yamlFiles(DeployFiles.deploy());
    assertThat(files).as("YAML files under deploy/").hasSizeGreaterThanOrEqualTo(10);
    for (Path f : files) {
      assertThat(DeployFiles.read(f)).as(f + " has a document").isNotEmpty();
    }
    for (Doc d : DeployFiles.objects(K8S)) {
      assertThat(d.node().path("apiVersion").asText()).as(d + " apiVersion").isNotBlank();
      assertThat(d.kind()).as(d + " kind").isNotBlank();
      assertThat(d.name()).as(d + " metadata.name").isNotBlank();
    }
  }

  @Test
  void everyManifestBelongsToAKustomizationAndEveryListedFileExists() {
    Set<Path> listed = new HashSet<>();
    for (Path k : kustomizations()) {
      JsonNode kust = DeployFiles.read(k).get(0);
      for (String field : List.of("resources", "components")) {
        for (JsonNode r : kust.path(field)) {
          Path p = k.getParent().resolve(r.asText()).normalize();
          assertThat(Files.exists(p)).as(k + " lists " + r.asText()).isTrue();
          listed.add(Files.isDirectory(p) ? p.resolve("kustomization.yaml") : p);
        }
      }
      for (JsonNode patch : kust.path("patches")) {
        if (patch.has("path")) {
          assertThat(k.getParent().resolve(patch.path("path").asText())).as(k + " patch file").exists();
          listed.add(k.getParent().resolve(patch.path("path").asText()).normalize());
        }
      }
    }
    for (Path f : DeployFiles.yamlFiles(K8S)) {
      if (!DeployFiles.isKustomization(f)) {
        assertThat(listed).as(f + " is part of a kustomization (else kubectl apply -k leaves it out)").contains(f.normalize());
      }
    }
  }

  @Test
  void theBaseAsWrittenMatchesTheCli() {
    Workloads base = new Workloads(DeployFiles.objects(BASE));
    new TopologyChecks(base, "k8s/base", Map.of("trainyard-secrets", generatedSecretKeys())).all();
  }

  @Test
  void overlaysScaleAndPatchObjectsOfTheBaseAndRetagItsImage() {
    Workloads base = new Workloads(DeployFiles.objects(BASE));
    String image = new TopologyChecks(base, "k8s/base", Map.of("trainyard-secrets", generatedSecretKeys()))
        .roleArgsMatchTheCliAndShareOneImage();
    String repository = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
    for (String o : OVERLAYS) {
      Path dir = K8S.resolve("overlays").resolve(o);
      JsonNode kust = DeployFiles.read(dir.resolve("kustomization.yaml")).get(0);
      List<Doc> own = DeployFiles.objects(dir);
      assertThat(kust.path("images").findValuesAsText("name")).as(o + ": images[].name must be the base's image"
          + " repository, or the override silently does nothing").containsOnly(repository);
      for (JsonNode r : kust.path("replicas")) {
        assertThat(base.find("Deployment", r.path("name").asText()).or(() -> base.find("StatefulSet", r.path("name").asText())))
            .as(o + ": replicas for " + r.path("name").asText()).isPresent();
      }
      for (JsonNode p : kust.path("patches")) {
        JsonNode t = p.path("target");
        assertThat(Stream.concat(base.docs().stream(), own.stream())
            .anyMatch(d -> d.kind().equals(t.path("kind").asText()) && d.name().equals(t.path("name").asText())))
            .as(o + ": patch target " + t).isTrue();
      }
      assertThat(kust.path("namespace").asText()).as(o + ": namespace").isNotBlank();
    }
    assertThat(ClusterSecret.of(secretGenerator("dev").get("cluster-secret")))
        .as("the dev overlay's cluster secret is one the roles accept").isNotNull();
  }

  @Test
  void overlaysRenderedByKubectlMatchTheCli(@TempDir Path tmp) throws Exception {
    Path kubectl = DeployFiles.kubectl().orElse(null);
    Assumptions.assumeTrue(kubectl != null, "kubectl is not on the PATH: the overlays are checked as written only"
        + " (apt-get install kubectl, or any kubectl >= 1.27, renders them without a cluster)");
    Path copy = tmp.resolve("k8s");
    copyTree(K8S, copy);
    Path example = copy.resolve("overlays/prod/secrets.env.example");
    Files.copy(example, example.resolveSibling("secrets.env"), StandardCopyOption.REPLACE_EXISTING);
    for (String o : OVERLAYS) {
      Path dir = copy.resolve("overlays").resolve(o);
      Workloads rendered = new Workloads(DeployFiles.render(kubectl, dir));
      Map<String, Set<String>> secrets = new HashMap<>();
      for (Doc s : rendered.ofKind("Secret")) {
        Set<String> keys = new TreeSet<>();
        s.node().path("data").fieldNames().forEachRemaining(keys::add);
        s.node().path("stringData").fieldNames().forEachRemaining(keys::add);
        secrets.put(s.name(), keys);
      }
      TopologyChecks checks = new TopologyChecks(rendered, "overlays/" + o + " rendered", secrets);
      checks.all();
      JsonNode kust = DeployFiles.read(dir.resolve("kustomization.yaml")).get(0);
      JsonNode img = kust.path("images").get(0);
      String repo = img.path("newName").asText(img.path("name").asText());
      assertThat(checks.roleArgsMatchTheCliAndShareOneImage()).as(o + ": the rendered image")
          .isEqualTo(repo + ":" + img.path("newTag").asText());
      for (JsonNode r : kust.path("replicas")) {
        assertThat(rendered.docs()).as(o + ": replicas of " + r.path("name").asText())
            .anyMatch(d -> d.name().equals(r.path("name").asText()) && d.node().path("spec").path("replicas").asInt() == r.path("count").asInt());
      }
      assertThat(rendered.docs()).as(o + ": every object in the namespace " + kust.path("namespace").asText())
          .allMatch(d -> d.kind().equals("Namespace") || d.node().path("metadata").path("namespace").asText()
              .equals(kust.path("namespace").asText()));
    }
  }

  @Test
  void theProbeAndScrapePathsAnswerWithoutAnIdentity(@TempDir Path tmp) throws Exception {
    Container coord = new Workloads(DeployFiles.objects(BASE)).running("coordinator").get(0);
    try (ApiFixture api = ApiFixture.start(tmp)) {
      List<String> paths = new ArrayList<>();
      for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
        paths.add(coord.node().path(probe).path("httpGet").path("path").asText());
      }
      paths.add(coord.workload().node().path("spec").path("template").path("metadata").path("annotations")
          .path("prometheus.io/path").asText());
      for (String path : paths) {
        HttpResponse<String> r = api.http.send(HttpRequest.newBuilder(URI.create(api.url() + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + path + " without a session or token: " + r.body()).isEqualTo(200);
      }
    }
  }

  @Test
  void theIngressSendsTheCoordinatorsHttpPort() {
    List<Doc> ingresses = DeployFiles.objects(K8S).stream().filter(d -> d.kind().equals("Ingress")).toList();
    assertThat(ingresses).isNotEmpty();
    Workloads base = new Workloads(DeployFiles.objects(BASE));
    Doc svc = base.find("Service", "trainyard-coordinator").orElseThrow();
    for (Doc ing : ingresses) {
      for (JsonNode backend : ing.node().findValues("service")) {
        assertThat(backend.path("name").asText()).as(ing + " backend").isEqualTo(svc.name());
        assertThat(svc.node().path("spec").path("ports").findValuesAsText("name")).as(ing + " backend port")
            .contains(backend.path("port").path("name").asText());
        assertThat(backend.path("port").path("name").asText()).isEqualTo("http");
      }
      assertThat(ing.node().path("spec").path("tls")).as(ing + " terminates TLS").isNotEmpty();
    }
  }

  // --- helpers

  private static List<Path> kustomizations() {
    return DeployFiles.yamlFiles(K8S).stream().filter(DeployFiles::isKustomization).toList();
  }

  /** The keys of the Secret an overlay generates (literals, or its env file's example). */
  private static Map<String, String> secretGenerator(String overlay) {
    Path dir = K8S.resolve("overlays").resolve(overlay);
    JsonNode gen = DeployFiles.read(dir.resolve("kustomization.yaml")).get(0).path("secretGenerator");
    Map<String, String> out = new HashMap<>();
    for (JsonNode g : gen) {
      assertThat(g.path("name").asText()).isEqualTo("trainyard-secrets");
      for (JsonNode l : g.path("literals")) {
        String[] kv = l.asText().split("=", 2);
        out.put(kv[0], kv[1]);
      }
      for (JsonNode e : g.path("envs")) {
        Path file = dir.resolve(e.asText());
        Path example = file.resolveSibling(file.getFileName() + ".example");
        assertThat(example).as(overlay + ": " + e.asText() + " is git-ignored; its example must exist").exists();
        out.putAll(DeployFiles.envFile(example));
      }
    }
    return out;
  }

  /** The keys every overlay generates in trainyard-secrets (what the base may reference). */
  private static Set<String> generatedSecretKeys() {
    Set<String> keys = null;
    for (String o : OVERLAYS) {
      Set<String> k = new TreeSet<>(secretGenerator(o).keySet());
      if (keys == null) {
        keys = k;
      } else {
        assertThat(k).as("overlay " + o + " generates the same Secret keys as " + OVERLAYS.get(0)).isEqualTo(keys);
      }
    }
    return keys;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    List<Path> all;
    try (Stream<Path> s = Files.walk(from)) {
      all = new ArrayList<>(s.toList());
    }
    for (Path p : all) {
      Path target = to.resolve(from.relativize(p).toString());
      if (Files.isDirectory(p)) {
        Files.createDirectories(target);
      } else {
        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
