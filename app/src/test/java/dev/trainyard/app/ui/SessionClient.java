package dev.trainyard.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The API as one logged-in user sees it (session cookie plus CSRF token), for checking what pages show. */
final class SessionClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String cookie;
  private final String csrf;

  private SessionClient(String base, String cookie, String csrf) {
    this.base = base;
    this.cookie = cookie;
    this.csrf = csrf;
  }

  static SessionClient login(String base, String user, String password) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String body = JSON.createObjectNode().put("user", user).put("password", password).toString();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("login of " + user + " gave " + r.statusCode() + ": " + r.body());
    }
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    return new SessionClient(base, cookie, JSON.readTree(r.body()).get("csrf_token").asText());
  }

  JsonNode get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), 200);
  }

  JsonNode post(String path, String json, int expected) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)), expected);
  }

  /** Uploads a file as a dataset (raw body); returns the dataset JSON. */
  JsonNode upload(java.nio.file.Path file) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/datasets?name="
        + java.net.URLEncoder.encode(file.getFileName().toString(), java.nio.charset.StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.ofFile(file)), 201);
  }

  /** A non-JSON answer (a CSV download) as text. */
  String text(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " gave " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  private JsonNode send(HttpRequest.Builder b, int expected) throws Exception {
    HttpResponse<String> r = http.send(b.header("Cookie", cookie).header("X-CSRF-Token", csrf)
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new AssertionError(r.request().method() + " " + r.request().uri() + " gave " + r.statusCode() + ": "
          + r.body());
    }
    return JSON.readTree(r.body());
  }
}
