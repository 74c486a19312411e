package dev.trainyard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** The few coordinator HTTP API calls the job benchmark makes; JSON in and out. Thread-safe. */
final class HttpJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  HttpJson(String baseUrl) {
    this.base = baseUrl;
  }

  /** POST /api/v1/datasets?name=NAME with the file as the raw body; returns the dataset id. */
  String upload(Path file) throws IOException, InterruptedException {
    String name = URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8);
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/datasets?name=" + name))
        .timeout(Duration.ofMinutes(5)).header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofFile(file)).build();
    return send(req).path("id").asText();
  }

  /** POST /api/v1/jobs; returns the job id. */
  String submit(JsonNode spec) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs")).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(spec.toString())).build();
    return send(req).path("id").asText();
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET().build());
  }

  private JsonNode send(HttpRequest req) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(req.method() + " " + req.uri() + " -> " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
