package dev.trainyard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code --suite api}: {@code clients} concurrent API clients (each its own HTTP connection) list jobs in a closed loop ({@code GET /api/v1/jobs?limit=50}) while a random-forest job
 * trains on a coordinator and one worker, both separate JVMs on this machine. Reports latency
 * percentiles, throughput and errors; the goal of issue 5 is p99 below 200 ms with no errors. The
 * load generator shares the machine's two cores with the platform, as a user's scripts would.
 */
final class ApiLoad {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiLoad() {}

  /** One run's figures. */
  record Result(int clients, long requests, long errors, double seconds, double p50Ms, double p90Ms, double p99Ms,
      double maxMs, String jobStatus, double jobSeconds, List<String> errorSamples) {}

  static Result run(Platform platform, String redisUrl, Path train, int clients, int trees, long seed)
      throws Exception {
    String queue = redisUrl + "?queue=bench-api-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    Platform.Coordinator c = platform.coordinator(queue, "coordinator-api-" + seed, List.of());
    Platform.Role worker = platform.worker(c, "api-worker", 1, 2);
    try {
      HttpJson admin = new HttpJson(c.httpUrl());
      String dataset = admin.upload(train);
      // some history to list: a page of 50 jobs is what the clients read
      for (int i = 0; i < 50; i++) {
        admin.submit(spec(dataset, 1, seed + i));
      }
      awaitIdle(admin);
      String token = admin.token(); // one token for all: each client still has its own connection
      String job = admin.submit(spec(dataset, trees, seed));
      AtomicBoolean training = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<long[]>> results = new ArrayList<>();
      List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
      long t0 = System.nanoTime();
      for (int i = 0; i < clients; i++) {
        results.add(pool.submit(() -> client(c.httpUrl(), token, training, errors)));
      }
      JsonNode finished = awaitJob(admin, job);
      training.set(false);
      double seconds = (System.nanoTime() - t0) / 1e9;
      List<Long> all = new ArrayList<>();
      for (Future<long[]> f : results) {
        for (long v : f.get()) {
          all.add(v);
        }
      }
      pool.shutdown();
      long[] lat = all.stream().mapToLong(Long::longValue).sorted().toArray();
      return new Result(clients, lat.length + errors.size(), errors.size(), seconds, pct(lat, 50), pct(lat, 90),
          pct(lat, 99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6, finished.path("status").asText(),
          seconds, errors.subList(0, Math.min(5, errors.size())));
    } finally {
      platform.stop(worker);
      platform.stop(c.role());
    }
  }

  private static ObjectNode spec(String dataset, int trees, long seed) {
    ObjectNode spec = JSON.createObjectNode();
    spec.put("dataset", dataset);
    spec.put("algorithm", "random-forest");
    spec.putObject("params").put("trees", trees);
    spec.putObject("validation").put("test_fraction", 0.2);
    spec.put("seed", seed);
    return spec;
  }

  /** Latencies in nanoseconds of every successful request until {@code running} turns false. */
  private static long[] client(String base, String token, AtomicBoolean running, List<String> errors) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs?limit=50"))
        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build();
    long[] lat = new long[1024];
    int n = 0;
    while (running.get()) {
      long s = System.nanoTime();
      try {
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        long d = System.nanoTime() - s;
        if (r.statusCode() != 200) {
          errors.add(r.statusCode() + " " + r.body());
          continue;
        }
        if (n == lat.length) {
          lat = Arrays.copyOf(lat, n * 2);
        }
        lat[n++] = d;
      } catch (Exception e) {
        errors.add(e.toString());
      }
    }
    return Arrays.copyOf(lat, n);
  }

  private static double pct(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  private static void awaitIdle(HttpJson api) throws Exception {
    for (int i = 0; i < 600; i++) {
      JsonNode active = api.get("/api/v1/jobs?limit=1000&status=queued");
      JsonNode running = api.get("/api/v1/jobs?limit=1000&status=running");
      if (active.isEmpty() && running.isEmpty()) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the warm-up jobs did not finish");
  }

  private static JsonNode awaitJob(HttpJson api, String id) throws Exception {
    for (int i = 0; i < 3600; i++) {
      JsonNode j = api.get("/api/v1/jobs/" + id);
      String s = j.path("status").asText();
      if (s.equals("succeeded") || s.equals("failed") || s.equals("cancelled")) {
        return j;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("job " + id + " did not finish");
  }

  /** Writes {@code api-load.json} and prints a Markdown table. */
  static void report(List<Result> runs, Path out, String machine) throws Exception {
    Files.createDirectories(out);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("suite", "api");
    doc.put("machine", machine);
    doc.put("runs", runs);
    Files.writeString(out.resolve("api-load.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    StringBuilder md = new StringBuilder();
    md.append("| clients | requests | errors | req/s | p50 ms | p90 ms | p99 ms | max ms | job |\n");
    md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Result r : runs) {
      md.append(String.format(Locale.ROOT, "| %d | %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %s in %.1f s |%n",
          r.clients(), r.requests(), r.errors(), r.requests() / r.seconds(), r.p50Ms(), r.p90Ms(), r.p99Ms(),
          r.maxMs(), r.jobStatus(), r.jobSeconds()));
    }
    Files.writeString(out.resolve("api-load.md"), md);
    System.out.print(md);
    for (Result r : runs) {
      r.errorSamples().forEach(e -> System.out.println("error sample: " + e));
    }
  }
}
