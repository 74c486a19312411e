package dev.trainyard.app.netns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The coordinator's HTTP API as this test uses it, over the bridge: logs in as admin with the
 * password the coordinator was started with ({@code TRAINYARD_ADMIN_PASSWORD}), creates a
 * researcher and API tokens for both, then uploads, submits and polls as the researcher (and reads
 * the cluster view as admin).
 */
final class CoordinatorApi {
  static final String ADMIN_PASSWORD = "netns-admin-password";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private String userToken;
  private String adminToken;

  CoordinatorApi(String base) {
    this.base = base;
  }

  synchronized void logIn(String user) throws Exception {
    adminToken = token(login("admin", ADMIN_PASSWORD));
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/users"))
        .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(
            "{\"name\": \"" + user + "\", \"password\": \"" + user + "-password\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201 && !created.body().contains("exists already")) {
      throw new AssertionError("creating " + user + " gave " + created.statusCode() + ": " + created.body());
    }
    userToken = token(login(user, user + "-password"));
  }

  /** The session cookie and CSRF token of a password login. */
  private String[] login(String user, String password) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString("{\"user\": \"" + user + "\", \"password\": \"" + password + "\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("login of " + user + " gave " + r.statusCode() + ": " + r.body());
    }
    return new String[] {r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0],
        JSON.readTree(r.body()).get("csrf_token").asText()};
  }

  private String token(String[] session) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tokens"))
        .header("Cookie", session[0]).header("X-CSRF-Token", session[1]).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"netns-test\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new AssertionError("creating a token gave " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body()).get("token").asText();
  }

  JsonNode upload(Path file) throws Exception {
    return send(userToken, HttpRequest.newBuilder(URI.create(base + "/api/v1/datasets?name=" + file.getFileName()))
        .POST(HttpRequest.BodyPublishers.ofFile(file)), 201);
  }

  JsonNode submit(String specJson) throws Exception {
    return send(userToken, HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(specJson)), 201);
  }

  JsonNode job(String id) throws Exception {
    return send(userToken, HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/" + id)).GET(), 200);
  }

  JsonNode result(String id) throws Exception {
    return send(userToken, HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/" + id + "/result")).GET(), 200);
  }

  JsonNode cluster() throws Exception {
    return send(adminToken, HttpRequest.newBuilder(URI.create(base + "/api/v1/cluster")).GET(), 200);
  }

  /** GET of any URL without an identity (a role's /metrics); its body. */
  String get(String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + url + " gave " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  private JsonNode send(String token, HttpRequest.Builder b, int expected) throws Exception {
    HttpResponse<String> r = http.send(b.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new AssertionError(r.request().method() + " " + r.request().uri() + " gave " + r.statusCode() + ": "
          + r.body());
    }
    return JSON.readTree(r.body());
  }
}
