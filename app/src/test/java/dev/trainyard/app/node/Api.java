package dev.trainyard.app.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A small client of the coordinator's HTTP API for multi-process tests. */
final class Api {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String user;

  Api(String base, String user) {
    this.base = base;
    this.user = user;
  }

  JsonNode upload(Path file) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/datasets?name=" + file.getFileName()))
        .POST(HttpRequest.BodyPublishers.ofFile(file)), 201);
  }

  JsonNode submit(String specJson) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(specJson)), 201);
  }

  JsonNode job(String id) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/" + id)).GET(), 200);
  }

  JsonNode cluster() throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/cluster")).GET(), 200);
  }

  JsonNode result(String id) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/" + id + "/result")).GET(), 200);
  }

  /** The job's stored events as the SSE stream's text (the stream ends once the job is final). */
  String events(String id) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/" + id + "/events"))
        .header("X-Trainyard-User", user).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return r.body();
  }

  /** Polls until the job is final; returns the job JSON. */
  JsonNode await(String id, Duration patience) throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        JsonNode j = job(id);
        String s = j.path("status").asText();
        if (s.equals("succeeded") || s.equals("failed") || s.equals("cancelled")) {
          return j;
        }
      } catch (java.net.ConnectException e) {
        // the coordinator is restarting
      }
      Thread.sleep(150);
    }
    throw new AssertionError("job " + id + " not final after " + patience + ": " + job(id));
  }

  private JsonNode send(HttpRequest.Builder b, int expected) throws Exception {
    HttpResponse<String> r = http.send(b.header("X-Trainyard-User", user).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new AssertionError(r.request().method() + " " + r.request().uri() + " gave " + r.statusCode() + ": "
          + r.body());
    }
    return JSON.readTree(r.body());
  }
}
