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

/**
 * The few coordinator HTTP API calls the benchmarks make, JSON in and out, as the coordinator's first
 * admin (password {@link Platform#ADMIN_PASSWORD}) through an API token made on first use. Thread-safe.
 */
final class HttpJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private volatile String token;

  HttpJson(String baseUrl) {
    this.base = baseUrl;
  }

  /** The API token this client sends (logs in as admin and makes one on first use). */
  synchronized String token() throws IOException, InterruptedException {
    if (token == null) {
      HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
          .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"user\": \"admin\", \"password\": \"" + Platform.ADMIN_PASSWORD
              + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
      if (login.statusCode() != 200) {
        throw new IllegalStateException("admin login -> " + login.statusCode() + ": " + login.body());
      }
      String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
      HttpResponse<String> t = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tokens"))
          .timeout(Duration.ofSeconds(30)).header("Cookie", cookie)
          .header("X-CSRF-Token", JSON.readTree(login.body()).path("csrf_token").asText())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"bench\"}")).build(), HttpResponse.BodyHandlers.ofString());
      if (t.statusCode() != 201) {
        throw new IllegalStateException("token -> " + t.statusCode() + ": " + t.body());
      }
      token = JSON.readTree(t.body()).path("token").asText();
    }
    return token;
  }

  String baseUrl() {
    return base;
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
    HttpRequest authed = HttpRequest.newBuilder(req, (name, value) -> true)
        .header("Authorization", "Bearer " + token()).build();
    HttpResponse<String> r = http.send(authed, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(req.method() + " " + req.uri() + " -> " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
