package dev.trainyard.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/compose.yaml} (the one-host topology) against the CLI, the image and
 * {@code deploy/.env.example}: variables interpolated as compose does, every role's command parsed
 * by the real CLI, and the addresses, ports, health checks and volumes between the services.
 */
class ComposeFileTest {
  private static final Path DEPLOY = DeployFiles.deploy();
  /** {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR:?error}} (and the forms without the colon). */
  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-?])([^}]*))?}");
  private static final JsonNode COMPOSE = DeployFiles.read(DEPLOY.resolve("compose.yaml")).get(0);
  private static final Map<String, String> ENV = DeployFiles.envFile(DEPLOY.resolve(".env.example"));
  private static final List<String> DIRECTORY_FLAGS = List.of("--data-dir", "--checkpoint-dir", "--cache-dir",
      "--cluster-secret-file");

  private record Service(String name, JsonNode node, List<String> command) {
    Optional<String> role() {
      return command.isEmpty() || !Cli.ROLES.contains(command.get(0)) ? Optional.empty() : Optional.of(command.get(0));
    }

    Cli.Parsed parsed() {
      return Cli.parse("compose service " + name, command);
    }
  }

  private static List<Service> services() {
    List<Service> out = new ArrayList<>();
    COMPOSE.path("services").fields().forEachRemaining(e -> {
      List<String> cmd = new ArrayList<>();
      e.getValue().path("command").forEach(a -> cmd.add(interpolate(a.asText())));
      out.add(new Service(e.getKey(), e.getValue(), cmd));
    });
    return out;
  }

  private static Service service(String name) {
    return services().stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no compose service " + name));
  }

  private static List<Service> running(String role) {
    return services().stream().filter(s -> s.role().equals(Optional.of(role))).toList();
  }

  /** {@code text} as compose interpolates it from .env.example (an empty required value becomes a placeholder). */
  private static String interpolate(String text) {
    Matcher m = VAR.matcher(text.replace("$$", "\0"));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      assertThat(ENV).as("${" + name + "} in compose.yaml is in deploy/.env.example").containsKey(name);
      String v = ENV.get(name);
      if (v.isEmpty()) {
        v = "?".equals(m.group(2)) ? Workloads.SECRET_VALUE : "-".equals(m.group(2)) ? m.group(3) : "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString().replace("\0", "$");
  }

  @Test
  void theTopologyIsACoordinatorTwoWorkersTwoShardsRedisAndPostgres() {
    assertThat(running("coordinator")).hasSize(1);
    assertThat(running("worker")).hasSize(1);
    assertThat(running("worker").get(0).node().path("deploy").path("replicas").asInt()).as("worker replicas").isEqualTo(2);
    assertThat(running("ps")).hasSize(2);
    assertThat(services()).extracting(Service::name).contains("redis", "postgres");
    for (Service s : services()) {
      assertThat(s.node().has("mem_limit")).as(s.name() + " mem_limit (the heap follows it)").isTrue();
      s.node().path("depends_on").fieldNames().forEachRemaining(d -> assertThat(services()).extracting(Service::name)
          .as(s.name() + " depends on " + d).contains(d));
    }
  }

  @Test
  void everyRolesCommandUsesFlagsTheCliHasAndParses() {
    for (Service s : services()) {
      if (s.role().isPresent()) {
        assertThat(Cli.helpFlags(s.role().get())).as(s.name() + " flags vs trainyard " + s.role().get() + " --help")
            .containsAll(Cli.flagsIn(s.command()));
        s.parsed();
      }
    }
  }

  @Test
  void everyTrainyardServiceRunsTheImageTheDockerfileBuildsAndTheKubernetesBaseUses() {
    Set<String> images = new TreeSet<>();
    for (Service s : services()) {
      if (s.role().isPresent()) {
        images.add(s.node().path("image").asText());
      }
    }
    assertThat(images).hasSize(1);
    Service built = services().stream().filter(s -> s.node().has("build")).findFirst().orElseThrow();
    assertThat(built.node().path("image").asText()).isEqualTo(images.iterator().next());
    Path context = DEPLOY.resolve(built.node().path("build").path("context").asText()).normalize();
    assertThat(context).isEqualTo(DeployFiles.root());
    assertThat(context.resolve(built.node().path("build").path("dockerfile").asText())).exists();
    String k8s = new Workloads(DeployFiles.objects(DEPLOY.resolve("k8s/base"))).running("coordinator").get(0).image();
    assertThat(images).containsExactly(k8s);
  }

  @Test
  void addressesBetweenServicesNameTheServiceAndPortThatServesThem() {
    Service coord = running("coordinator").get(0);
    Cli.Parsed c = coord.parsed();
    assertThat(c.string("--host")).isEqualTo("0.0.0.0");
    for (Service s : services()) {
      if (s.role().filter(r -> r.equals("worker") || r.equals("ps")).isPresent()) {
        String target = s.parsed().string("--coordinator");
        assertThat(target).as(s.name() + " --coordinator").isEqualTo(coord.name() + ":" + c.port("--grpc-port"));
      }
    }
    for (Service ps : running("ps")) {
      Cli.Parsed p = ps.parsed();
      assertThat(p.string("--host")).as(ps.name() + " binds and registers its own service name")
          .isEqualTo(ps.name()).isEqualTo(ps.node().path("hostname").asText());
      assertThat(texts(ps.node().path("expose"))).contains(Integer.toString(p.port("--port")));
      assertThat(texts(ps.node().path("healthcheck").path("test"))).as(ps.name() + " healthcheck")
          .anyMatch(t -> t.contains("/dev/tcp/" + p.string("--host") + "/" + p.port("--port")));
    }
    URI queue = URI.create(c.string("--queue"));
    Service redis = service(queue.getHost());
    assertThat(queue.getPort()).isEqualTo(6379);
    List<String> redisCommand = texts(redis.node().path("command"));
    assertThat(variables(rawCommand(coord, "--queue"))).as("the queue URL's password is Redis' --requirepass")
        .isEqualTo(variables(redisCommand.get(redisCommand.indexOf("--requirepass") + 1)));
    URI db = URI.create(c.string("--db").substring("jdbc:".length()));
    Service pg = service(db.getHost());
    assertThat(db.getPort()).isEqualTo(5432);
    assertThat(db.getPath()).isEqualTo("/" + pg.node().path("environment").path("POSTGRES_DB").asText());
    assertThat(db.getQuery()).contains("user=" + pg.node().path("environment").path("POSTGRES_USER").asText());
    assertThat(variables(rawCommand(coord, "--db"))).as("the --db password is POSTGRES_PASSWORD")
        .isEqualTo(variables(pg.node().path("environment").path("POSTGRES_PASSWORD").asText()));
  }

  @Test
  void theCoordinatorsPublishedPortAndHealthCheckAreItsHttpPort() {
    Service coord = running("coordinator").get(0);
    int http = coord.parsed().port("--port");
    List<String> published = texts(coord.node().path("ports"));
    assertThat(published).as("published ports").anyMatch(p -> p.endsWith(":" + http));
    assertThat(published).as("published on loopback only").allMatch(p -> p.startsWith("127.0.0.1:"));
    assertThat(texts(coord.node().path("healthcheck").path("test")))
        .contains("http://127.0.0.1:" + http + "/readyz");
    assertThat(texts(coord.node().path("expose"))).contains(Integer.toString(coord.parsed().port("--grpc-port")));
  }

  @Test
  void metricsPortsAreOpenOnTheNetworkAndTheWorkersHealthCheckAsksThem() {
    for (Service s : services()) {
      if (s.role().filter(r -> r.equals("worker") || r.equals("ps")).isEmpty()) {
        continue;
      }
      Cli.Parsed p = s.parsed();
      Integer port = p.value("--metrics-port");
      assertThat(port).as(s.name() + " --metrics-port").isNotNull();
      assertThat(p.string("--metrics-host")).as(s.name() + " metrics beyond loopback").isEqualTo("0.0.0.0");
      assertThat(texts(s.node().path("expose"))).as(s.name() + " expose").contains(port.toString());
      if (s.role().get().equals("worker")) {
        assertThat(texts(s.node().path("healthcheck").path("test"))).as(s.name() + " healthcheck")
            .contains("http://127.0.0.1:" + port + "/metrics");
      }
    }
  }

  @Test
  void directoriesAreOnVolumesAndVariablesAreOnesTheCodeReads() {
    String imageVolume = DockerfileModel.read(DEPLOY.resolve("Dockerfile")).last().last("VOLUME").orElseThrow()
        .execForm().orElseThrow().get(0);
    Set<String> declared = new TreeSet<>();
    COMPOSE.path("volumes").fieldNames().forEachRemaining(declared::add);
    Map<String, String> read = SourceTree.trainyardVariables();
    for (Service s : services()) {
      List<String> mounts = new ArrayList<>();
      for (String v : texts(s.node().path("volumes"))) {
        String[] parts = v.split(":");
        assertThat(declared).as(s.name() + " volume " + parts[0]).contains(parts[0]);
        mounts.add(parts[1]);
      }
      if (s.role().isEmpty()) {
        continue;
      }
      mounts.add(imageVolume); // compose gives an image VOLUME an anonymous volume
      Cli.Parsed p = s.parsed();
      for (String flag : DIRECTORY_FLAGS) {
        if (p.spec().findOption(flag) != null && p.value(flag) != null) {
          Path dir = Path.of(p.string(flag));
          assertThat(mounts).as(s.name() + " " + flag + " " + dir + " on a volume").anyMatch(m -> dir.startsWith(Path.of(m)));
        }
      }
      s.node().path("environment").fieldNames().forEachRemaining(name -> {
        if (name.startsWith("TRAINYARD_")) {
          assertThat(read).as(s.name() + " sets " + name + ", which no main source reads").containsKey(name);
        } else {
          assertThat(name).as(s.name() + " sets " + name + ", which trainyard does not read").isEqualTo("JAVA_OPTS");
        }
      });
    }
    for (String name : ENV.keySet()) {
      if (name.startsWith("TRAINYARD_")) {
        assertThat(read).as(".env.example " + name).containsKey(name);
      }
    }
    Service worker = running("worker").get(0);
    Duration drain = worker.parsed().value("--drain");
    assertThat(Duration.parse("PT" + worker.node().path("stop_grace_period").asText().toUpperCase()))
        .as("compose waits longer than the worker's --drain").isGreaterThan(drain);
  }

  @Test
  void requiredSecretsStopComposeWhenUnsetAndTheExampleLeavesThemEmpty() {
    Map<String, Set<String>> forms = new LinkedHashMap<>();
    Matcher m = VAR.matcher(COMPOSE.toString());
    while (m.find()) {
      forms.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2) == null ? "" : m.group(2));
    }
    for (String secret : List.of("TRAINYARD_CLUSTER_SECRET", "REDIS_PASSWORD", "POSTGRES_PASSWORD")) {
      assertThat(forms.get(secret)).as("${" + secret + ":?...} everywhere").containsExactly("?");
      assertThat(ENV.get(secret)).as(".env.example leaves " + secret + " for the operator to fill in").isEmpty();
    }
  }

  // --- helpers

  private static List<String> texts(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String rawCommand(Service s, String flag) {
    for (JsonNode a : s.node().path("command")) {
      if (a.asText().startsWith(flag + "=")) {
        return a.asText();
      }
    }
    throw new AssertionError(s.name() + ": no " + flag + "=...");
  }

  /** The names of the ${VAR} references in {@code text}. */
  private static Set<String> variables(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = VAR.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    assertThat(out).as("variables in " + text).isNotEmpty();
    return out;
  }
}
