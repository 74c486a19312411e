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
  /** The password role processes give a coordinator's first admin. */
  static final String ADMIN_PASSWORD = "test-admin-password";
  private final String user;
  private volatile String userToken;
  private volatile String adminToken;

  Api(String base, String user) {
    this.base = base;
    this.user = user;
  }

  /** Logs in as admin once, creates {@code user} (researcher) and a token for each of them. */
  private synchronized void logIn() throws Exception {
    if (adminToken != null) {
      return;
    }
    HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"user\": \"admin\", \"password\": \"" + ADMIN_PASSWORD + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (login.statusCode() != 200) {
      throw new AssertionError("admin login gave " + login.statusCode() + ": " + login.body());
    }
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    String csrf = JSON.readTree(login.body()).get("csrf_token").asText();
    String admin = token(cookie, csrf);
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/users"))
        .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + user + "\", \"password\": \"" + user
            + "-password\"}")).build(), HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201 && !created.body().contains("exists already")) {
      throw new AssertionError("creating " + user + " gave " + created.statusCode() + ": " + created.body());
    }
    HttpResponse<String> userLogin = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"user\": \"" + user + "\", \"password\": \"" + user + "-password\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    userToken = token(userLogin.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0],
        JSON.readTree(userLogin.body()).get("csrf_token").asText());
    adminToken = admin;
  }

  private String token(String cookie, String csrf) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tokens"))
        .header("Cookie", cookie).header("X-CSRF-Token", csrf).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"test\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new AssertionError("creating a token gave " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body()).get("token").asText();
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
    logIn();
    return sendAs(adminToken, HttpRequest.newBuilder(URI.create(base + "/api/v1/cluster")).GET(), 200);
  }

  JsonNode result(String id) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/" + id + "/result")).GET(), 200);
  }

  /** The job's stored events as the SSE stream's text (the stream ends once the job is final). */
  String events(String id) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/" + id + "/events"))
        .header("Authorization", "Bearer " + userToken()).timeout(Duration.ofSeconds(30)).GET().build(),
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

  private String userToken() throws Exception {
    logIn();
    return userToken;
  }

  private JsonNode send(HttpRequest.Builder b, int expected) throws Exception {
    return sendAs(userToken(), b, expected);
  }

  private JsonNode sendAs(String token, HttpRequest.Builder b, int expected) throws Exception {
    HttpResponse<String> r = http.send(b.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30))
        .build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new AssertionError(r.request().method() + " " + r.request().uri() + " gave " + r.statusCode() + ": "
          + r.body());
    }
    return JSON.readTree(r.body());
  }
}
