package dev.trainyard.app.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.app.node.CoordinatorNode;
import dev.trainyard.app.node.QueueUrl;
import dev.trainyard.app.node.WorkerNode;
import dev.trainyard.cluster.job.JobSpecParser;
import dev.trainyard.ml.TestDatasets;
import dev.trainyard.rpc.auth.ClusterSecret;
import dev.trainyard.server.auth.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 20 concurrent API clients, each with its own connection and its own user, list their jobs while a
 * random forest trains on the same coordinator: every answer is a 200 with the caller's jobs only.
 * Latency is measured by {@code ./trainyard bench --suite api}, not asserted here.
 */
class ApiUnderLoadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CLIENTS = 20;
  @TempDir Path dir;

  @Test
  void twentyClientsListingJobsWhileAJobTrainsGetNoErrors() throws Exception {
    ClusterSecret secret = ClusterSecret.generate();
    try (CoordinatorNode node = CoordinatorNode.start(new CoordinatorNode.Settings("127.0.0.1", 0, 0, null,
        QueueUrl.parse("memory"), dir, Duration.ofSeconds(1), Duration.ofSeconds(5), 64L << 20, secret));
        WorkerNode workers = WorkerNode.local(node.queue(), node.coordinator(), 1, 2, secret)) {
      String base = "http://127.0.0.1:" + node.httpPort();
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        String user = "user" + i;
        node.auth().createUser(user, user + "-password", Role.RESEARCHER, "test", "test");
        tokens.add(node.auth().createToken(user, "load", Optional.empty(), user, "test").plaintext());
      }
      var datasets = new dev.trainyard.cluster.data.DatasetRepository(
          node.coordinator().store(), dir, 64L << 20, java.time.Clock.systemUTC());
      String ds = datasets.importFile("user0", TestDatasets.file("digits.csv")).id();
      String job = node.coordinator().submit("user0", JobSpecParser.parse(JSON.readTree("{\"dataset\": \"" + ds
          + "\", \"algorithm\": \"random-forest\", \"params\": {\"trees\": 150}, \"validation\": {\"cv\": 2}}"))).id();

      AtomicBoolean training = new AtomicBoolean(true);
      ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      List<Future<Integer>> counts = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        String token = tokens.get(i);
        boolean owner = i == 0;
        counts.add(pool.submit(() -> listUntil(base, token, owner ? job : null, training, errors)));
      }
      String status = awaitFinal(node, job);
      training.set(false);
      int total = 0;
      for (Future<Integer> f : counts) {
        int n = f.get();
        assertThat(n).isPositive();
        total += n;
      }
      pool.shutdown();

      assertThat(status).isEqualTo("succeeded");
      assertThat(errors).isEmpty();
      assertThat(total).isGreaterThanOrEqualTo(CLIENTS);
    }
  }

  /** Lists jobs until told to stop; counts the answers, records anything that is not the caller's view. */
  private static int listUntil(String base, String token, String ownJob, AtomicBoolean running,
      ConcurrentLinkedQueue<String> errors) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs?limit=50"))
        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build();
    int n = 0;
    do {
      try {
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() != 200) {
          errors.add(r.statusCode() + " " + r.body());
        } else if (ownJob == null ? !body.isEmpty() : body.size() != 1 || !body.get(0).get("id").asText().equals(ownJob)) {
          errors.add("wrong list: " + r.body());
        }
        n++;
      } catch (Exception e) {
        errors.add(e.toString());
      }
    } while (running.get());
    return n;
  }

  private static String awaitFinal(CoordinatorNode node, String job) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      var j = node.coordinator().store().job(job).orElseThrow();
      if (j.status().isFinal()) {
        return j.status().id();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + job + " not final after 5 minutes");
  }
}
