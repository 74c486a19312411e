package dev.trainyard.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.app.Main;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trainyard cluster up|status|down} as real processes: {@code cluster up --workers 2 --ps 1}
 * runs in its own JVM and leaves a coordinator, two workers and a PS shard running (each its own
 * JVM, on the real Redis); jobs run on them through the HTTP API; every role's {@code /metrics}
 * moves; the failure cases exit 2 and leave nothing running; {@code cluster down} stops every pid.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REDIS = System.getenv().getOrDefault("TRAINYARD_TEST_REDIS_URL", "redis://127.0.0.1:6379");
  private static final String ADMIN_PASSWORD = "cluster-admin-" + UUID.randomUUID();
  private static final String JAVA_OPTS = "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path tmp;
  private static Path dataDir;
  private static Run up;
  private static JsonNode state;
  private static String base;
  private static String token;
  private static final List<Long> pids = new ArrayList<>();

  /** A finished CLI process: exit code and what it printed. */
  record Run(int code, String out, String err) {}

  @BeforeAll
  static void clusterUp() throws Exception {
    requireRedis();
    dataDir = tmp.resolve("cluster");
    up = cli(Duration.ofMinutes(4), "cluster", "up", "--workers", "2", "--ps", "1", "--data-dir", dataDir.toString(),
        "--port", "0", "--redis", REDIS, "--java-opts", JAVA_OPTS);
    if (Files.exists(dataDir.resolve("cluster.json"))) {
      state = JSON.readTree(Files.readString(dataDir.resolve("cluster.json")));
      state.path("members").forEach(m -> pids.add(m.path("pid").asLong()));
    }
    assertThat(up.code()).as(up.toString()).isZero();
    base = state.path("http").asText();
    token = adminToken();
  }

  @AfterAll
  static void clusterDownAnyway() throws Exception {
    if (dataDir != null && Files.exists(dataDir.resolve("cluster.json"))) {
      cli(Duration.ofMinutes(2), "cluster", "down", "--data-dir", dataDir.toString());
    }
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  @Order(1)
  void upLeavesACoordinatorTwoWorkersAndAShardRunningAndPrintsWhereTheyAre() throws Exception {
    assertThat(up.out()).contains("cluster ready: " + base, "web UI   " + base, base + "/metrics", "worker-1",
        "worker-2", "ps-0", dataDir.resolve("logs").toString());
    // the queue's name is this data directory's, kept for restarts
    assertThat(state.path("queue").asText()).endsWith("?queue=" + Files.readString(dataDir.resolve("queue.name")).strip())
        .startsWith(REDIS);
    List<String> roles = new ArrayList<>();
    state.path("members").forEach(m -> roles.add(m.path("role").asText()));
    assertThat(roles).containsExactly("coordinator", "ps", "worker", "worker");
    assertThat(pids).doesNotHaveDuplicates().allMatch(ClusterCommandTest::alive);
    for (JsonNode m : state.path("members")) {
      assertThat(Path.of(m.path("log").asText())).exists();
    }
    JsonNode cluster = get("/api/v1/cluster");
    assertThat(cluster.path("workers")).as(cluster.toString()).hasSize(2);
    assertThat(cluster.path("ps_shards")).as(cluster.toString()).hasSize(1);
    assertThat(cluster.path("ps_shards").get(0).path("address").asText())
        .isEqualTo(member("ps-0").path("address").asText());
    Run status = cli(Duration.ofSeconds(60), "cluster", "status", "--data-dir", dataDir.toString());
    assertThat(status.code()).as(status.toString()).isZero();
    assertThat(status.out()).contains("all 4 processes running", "worker-2");
  }

  @Test
  @Order(2)
  void aRandomForestOnIrisSucceedsOnTheWorkersAndTheMetricsMove() throws Exception {
    String before = scrape(base + "/metrics");
    double submitted = sum(before, "trainyard_jobs_submitted_total");
    double startedBefore = sumOver("worker", "trainyard_tasks_started_total", "kind", "trees");
    String dataset = upload(dev.trainyard.ml.TestDatasets.file("iris.csv")).path("id").asText();
    JsonNode job = post("/api/v1/jobs", "{\"dataset\":\"" + dataset + "\",\"algorithm\":\"random-forest\","
        + "\"params\":{\"trees\":24},\"validation\":{\"test_fraction\":0.2},\"resources\":{\"tasks\":4}}");
    JsonNode done = await(job.path("id").asText());
    assertThat(done.path("status").asText()).as(done + "\n" + log("coordinator")).isEqualTo("succeeded");
    List<String> byWorker = new ArrayList<>();
    done.path("tasks").forEach(t -> byWorker.add(t.path("worker").asText()));
    assertThat(byWorker).hasSize(4).allMatch(w -> w.equals("worker-1") || w.equals("worker-2"));
    // the coordinator's lines about the job carry its id from the MDC
    assertThat(log("coordinator")).contains("job=" + job.path("id").asText() + " - job " + job.path("id").asText()
        + " succeeded");

    String after = scrape(base + "/metrics");
    assertThat(sum(after, "trainyard_jobs_submitted_total", "kind", "train")).isGreaterThan(submitted);
    assertThat(sum(after, "trainyard_jobs_finished_total", "status", "succeeded")).isGreaterThanOrEqualTo(1);
    assertThat(after).contains("trainyard_queue_depth{priority=\"high\"}", "trainyard_queue_depth{priority=\"normal\"}",
        "trainyard_queue_depth{priority=\"low\"}", "trainyard_jobs_active ", "jvm_memory_used_bytes{",
        "jvm_threads_live_threads ", "jvm_gc_memory_allocated_bytes_total ", "process_cpu_usage ");
    assertThat(sum(after, "trainyard_http_requests_seconds_count", "method", "POST", "route", "/api/v1/jobs",
        "status", "201")).isGreaterThanOrEqualTo(1);
    assertThat(sumOver("worker", "trainyard_tasks_started_total", "kind", "trees")).isGreaterThanOrEqualTo(startedBefore + 4);
    assertThat(sumOver("worker", "trainyard_tasks_succeeded_total", "kind", "trees")).isGreaterThanOrEqualTo(4);
    assertThat(sumOver("worker", "trainyard_tasks_latency_seconds_count", "outcome", "succeeded")).isGreaterThanOrEqualTo(4);
    assertThat(sumOver("worker", "trainyard_tasks_latency_seconds_sum")).isPositive();
    for (JsonNode w : workers()) {
      String text = scrape(w.path("metrics").asText());
      assertThat(sum(text, "trainyard_worker_heartbeats_sent_total")).as(w.toString()).isPositive();
      assertThat(text).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads ");
    }
  }

  @Test
  @Order(3)
  void aSoftmaxOnTheShardMovesItsPushAndPullMetrics() throws Exception {
    String shard = member("ps-0").path("metrics").asText();
    String before = scrape(shard);
    assertThat(before).contains("jvm_memory_used_bytes{");
    String dataset = upload(dev.trainyard.ml.TestDatasets.file("iris.csv")).path("id").asText();
    JsonNode job = post("/api/v1/jobs", "{\"dataset\":\"" + dataset + "\",\"algorithm\":\"softmax\","
        + "\"validation\":{\"test_fraction\":0.2},\"resources\":{\"workers\":2}}");
    JsonNode done = await(job.path("id").asText());
    assertThat(done.path("status").asText()).as(done + "\n" + log("coordinator")).isEqualTo("succeeded");
    List<String> kinds = new ArrayList<>();
    done.path("tasks").forEach(t -> kinds.add(t.path("kind").asText()));
    assertThat(kinds).containsExactly("ps-worker", "ps-worker");

    String after = scrape(shard);
    assertThat(sum(after, "trainyard_ps_pushes_total", "status", "OK")).isGreaterThan(sum(before, "trainyard_ps_pushes_total"));
    assertThat(sum(after, "trainyard_ps_pulls_total", "status", "OK")).isGreaterThan(sum(before, "trainyard_ps_pulls_total"));
    assertThat(sum(after, "trainyard_ps_push_bytes_total")).isGreaterThan(sum(before, "trainyard_ps_push_bytes_total"));
    assertThat(sum(after, "trainyard_ps_pull_bytes_total")).isGreaterThan(sum(before, "trainyard_ps_pull_bytes_total"));
    assertThat(sum(after, "trainyard_ps_push_seconds_count")).isPositive();
    assertThat(sum(after, "trainyard_ps_pull_seconds_count")).isPositive();
    assertThat(sum(after, "trainyard_ps_calls_total")).isPositive(); // create table, clock, ...
    assertThat(sumOver("worker", "trainyard_tasks_succeeded_total", "kind", "ps-worker")).isEqualTo(2);
  }

  @Test
  @Order(4)
  void aSecondUpInTheSameDataDirectoryIsRefusedAndChangesNothing() throws Exception {
    String json = Files.readString(dataDir.resolve("cluster.json"));
    Run again = cli(Duration.ofSeconds(60), "cluster", "up", "--data-dir", dataDir.toString(), "--port", "0",
        "--redis", REDIS);
    assertThat(again.code()).as(again.toString()).isEqualTo(2);
    assertThat(again.err()).contains("a cluster is already running in " + dataDir, "cluster down --data-dir");
    assertThat(Files.readString(dataDir.resolve("cluster.json"))).isEqualTo(json);
    assertThat(pids).allMatch(ClusterCommandTest::alive);
  }

  @Test
  @Order(5)
  void aTakenPortAnUnreachableRedisOrARoleThatCannotStartExitTwoAndLeaveNothingRunning() throws Exception {
    int taken = URI.create(base).getPort();
    Path other = tmp.resolve("other");
    Run port = cli(Duration.ofSeconds(60), "cluster", "up", "--data-dir", other.toString(), "--port",
        Integer.toString(taken), "--redis", REDIS);
    assertThat(port.code()).as(port.toString()).isEqualTo(2);
    assertThat(port.err()).contains("port " + taken + " on 127.0.0.1 is taken", "--port");

    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Run redis = cli(Duration.ofSeconds(60), "cluster", "up", "--data-dir", other.toString(), "--port", "0",
        "--redis", "redis://127.0.0.1:" + closed);
    assertThat(redis.code()).as(redis.toString()).isEqualTo(2);
    assertThat(redis.err()).contains("cannot reach Redis at 127.0.0.1:" + closed, "--redis");

    // the coordinator starts, cannot open its store, and exits: up stops the rest and forgets the cluster
    Run store = cli(Duration.ofMinutes(2), "cluster", "up", "--data-dir", other.toString(), "--port", "0",
        "--redis", REDIS, "--db", "jdbc:postgresql://127.0.0.1:" + closed + "/none?user=nobody",
        "--java-opts", JAVA_OPTS);
    assertThat(store.code()).as(store.toString()).isEqualTo(2);
    assertThat(store.err()).contains("coordinator exited with code", other.resolve("logs").resolve("coordinator.log").toString());
    assertThat(other.resolve("cluster.json")).doesNotExist();
    assertThat(rolesRunningIn(other)).isEmpty();
  }

  @Test
  @Order(6)
  void aWorkerGivenSigtermMidTaskFinishesItAndStoresItsResultBeforeExiting() throws Exception {
    // digits: each task grows 1200 trees, seconds of work, so the signal comes mid-task
    String dataset = upload(dev.trainyard.ml.TestDatasets.file("digits.csv")).path("id").asText();
    String id = post("/api/v1/jobs", "{\"dataset\":\"" + dataset + "\",\"algorithm\":\"random-forest\","
        + "\"params\":{\"trees\":2400},\"validation\":{\"test_fraction\":0.2},\"resources\":{\"tasks\":2}}")
        .path("id").asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String running = null;
    while (running == null && System.nanoTime() < deadline) {
      for (JsonNode t : get("/api/v1/jobs/" + id).path("tasks")) {
        if (t.path("state").asText().equals("running") && t.path("worker").asText().equals("worker-2")) {
          running = t.path("task").asText();
        }
      }
      Thread.sleep(20);
    }
    assertThat(running).as("a task running on worker-2").isNotNull();
    ProcessHandle worker = ProcessHandle.of(member("worker-2").path("pid").asLong()).orElseThrow();
    java.time.Instant signalled = java.time.Instant.now();
    worker.destroy(); // SIGTERM
    worker.onExit().get(60, TimeUnit.SECONDS);
    JsonNode done = await(id);
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
    for (JsonNode t : done.path("tasks")) {
      if (t.path("task").asText().equals(running)) {
        // finished by the worker that was told to stop, not redelivered elsewhere
        assertThat(t.path("worker").asText()).as(t.toString()).isEqualTo("worker-2");
        assertThat(t.path("attempts").asInt()).as(t.toString()).isEqualTo(1);
        assertThat(java.time.Instant.parse(t.path("finished_at").asText())).as(t.toString()).isAfter(signalled);
      }
    }
    assertThat(log("worker-2")).contains("worker worker-2 stopped (drained)");
  }

  @Test
  @Order(7)
  void downStopsWorkersShardsAndTheCoordinatorAndRemovesClusterJson() throws Exception {
    java.time.Instant stopping = java.time.Instant.now();
    Run down = cli(Duration.ofMinutes(2), "cluster", "down", "--data-dir", dataDir.toString());
    assertThat(down.code()).as(down.toString()).isZero();
    // worker-2 ended at its SIGTERM already
    assertThat(down.out()).contains("stopping 1 worker...", "stopping 1 ps", "stopping 1 coordinator",
        "stopped: 3 processes").doesNotContain("killed");
    assertThat(pids).hasSize(4).noneMatch(ClusterCommandTest::alive);
    assertThat(dataDir.resolve("cluster.json")).doesNotExist();
    assertThat(rolesRunningIn(dataDir)).isEmpty();
    assertThat(Files.readString(Path.of(member("worker-1").path("log").asText()))).contains("stopped (drained)");
    // the shard checkpointed on SIGTERM
    assertThat(Files.getLastModifiedTime(dataDir.resolve("ps-0").resolve("shard.ckpt")).toInstant())
        .isAfterOrEqualTo(stopping.minusMillis(5));
    Run status = cli(Duration.ofSeconds(60), "cluster", "status", "--data-dir", dataDir.toString());
    assertThat(status.code()).isEqualTo(2);
    Run again = cli(Duration.ofSeconds(60), "cluster", "down", "--data-dir", dataDir.toString());
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("nothing to stop");
  }

  // ---- helpers ----

  private static void requireRedis() {
    URI uri = URI.create(REDIS);
    try (Socket s = new Socket(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort())) {
      return;
    } catch (IOException e) {
      String why = "no Redis at " + REDIS + " (" + e.getMessage() + "); start one with "
          + "`redis-server --daemonize yes --port 6379` or set TRAINYARD_TEST_REDIS_URL";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("CI=true requires Redis: " + why, e);
      }
      Assumptions.abort(why);
    }
  }

  /** Runs the CLI in a JVM of its own (as a user would) and waits for it to end. */
  private static Run cli(Duration patience, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dlogback.configurationFile=logback.xml",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("TRAINYARD_ADMIN_PASSWORD", ADMIN_PASSWORD);
    pb.environment().remove("TRAINYARD_CLUSTER_SECRET");
    Process p = pb.start();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    if (!p.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(String.join(" ", args) + " still ran after " + patience);
    }
    return new Run(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
  }

  private static String read(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Role JVMs whose command line names {@code dir}: what a cluster in it left running. */
  private static List<String> rolesRunningIn(Path dir) {
    return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
        .map(h -> h.info().commandLine().orElse(""))
        .filter(c -> c.contains(Main.class.getName()) && c.contains(dir.toString()) && !c.contains(" cluster "))
        .toList();
  }

  private static JsonNode member(String name) {
    for (JsonNode m : state.path("members")) {
      if (m.path("name").asText().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no member " + name + " in " + state);
  }

  private static List<JsonNode> workers() {
    List<JsonNode> w = new ArrayList<>();
    state.path("members").forEach(m -> {
      if (m.path("role").asText().equals("worker")) {
        w.add(m);
      }
    });
    return w;
  }

  private static String log(String name) {
    try {
      List<String> lines = Files.readAllLines(Path.of(member(name).path("log").asText()));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static String scrape(String url) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    return r.body();
  }

  /** The sum of every sample of {@code name} whose labels include {@code labels} (key, value, ...). */
  static double sum(String scrape, String name, String... labels) {
    double total = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      String series = line.substring(0, space);
      int brace = series.indexOf('{');
      if (!(brace < 0 ? series : series.substring(0, brace)).equals(name)) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < labels.length; i += 2) {
        match &= series.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
      }
      if (match) {
        total += Double.parseDouble(line.substring(space + 1));
      }
    }
    return total;
  }

  private static double sumOver(String role, String name, String... labels) throws Exception {
    double total = 0;
    for (JsonNode m : state.path("members")) {
      if (m.path("role").asText().equals(role)) {
        total += sum(scrape(m.path("metrics").asText()), name, labels);
      }
    }
    return total;
  }

  /** Logs in as the first admin (the password given to cluster up), and makes a personal API token. */
  private static String adminToken() throws Exception {
    HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"user\": \"admin\", \"password\": \"" + ADMIN_PASSWORD + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    String csrf = JSON.readTree(login.body()).get("csrf_token").asText();
    HttpResponse<String> t = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tokens"))
        .header("Cookie", cookie).header("X-CSRF-Token", csrf).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"cluster-test\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(t.statusCode()).as(t.body()).isEqualTo(201);
    return JSON.readTree(t.body()).get("token").asText();
  }

  private static JsonNode get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), 200);
  }

  private static JsonNode post(String path, String json) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)), 201);
  }

  private static JsonNode upload(Path file) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/datasets?name=" + file.getFileName()))
        .POST(HttpRequest.BodyPublishers.ofFile(file)), Optional.empty());
  }

  private static JsonNode send(HttpRequest.Builder b, int expected) throws Exception {
    return send(b, Optional.of(expected));
  }

  private static JsonNode send(HttpRequest.Builder b, Optional<Integer> expected) throws Exception {
    HttpResponse<String> r = HTTP.send(b.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (expected.isPresent() ? r.statusCode() != expected.get() : r.statusCode() / 100 != 2) {
      throw new AssertionError(r.request().method() + " " + r.request().uri() + " gave " + r.statusCode() + ": "
          + r.body());
    }
    return JSON.readTree(r.body());
  }

  private static JsonNode await(String job) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode j = get("/api/v1/jobs/" + job);
      if (Map.of("succeeded", 1, "failed", 1, "cancelled", 1).containsKey(j.path("status").asText())) {
        return j;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("job " + job + " not final after 3 minutes: " + get("/api/v1/jobs/" + job));
  }
}
