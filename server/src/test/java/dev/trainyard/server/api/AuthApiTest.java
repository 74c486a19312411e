package dev.trainyard.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.server.auth.Role;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logging in and out, sessions with CSRF protection, passwords, tokens and users over HTTP. */
class AuthApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  ApiFixture api;

  @BeforeEach
  void start() {
    api = fixture(dir);
    api.user("ada", Role.RESEARCHER);
  }

  /** The fixture under test: H2 here, PostgreSQL in the subclass. */
  ApiFixture fixture(Path d) {
    return ApiFixture.start(d);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpResponse<String> login(String user, String password) {
    return api.send(HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/auth/login"))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString("{\"user\": \"" + user + "\", \"password\": \"" + password + "\"}")).build());
  }

  private static String cookie(HttpResponse<String> login) {
    return login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
  }

  private HttpRequest.Builder withCookie(String path, String cookie) {
    return HttpRequest.newBuilder(URI.create(api.url() + path)).timeout(Duration.ofSeconds(20)).header("Cookie", cookie);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void aLoginSetsAnHttpOnlySameSiteSessionCookieAndAnswersTheCsrfToken() throws Exception {
    HttpResponse<String> r = login("ada", "ada-password");

    assertThat(r.statusCode()).isEqualTo(200);
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("trainyard_session=").contains("HttpOnly").contains("SameSite=Strict")
        .contains("Path=/");
    assertThat(json(r).get("user").asText()).isEqualTo("ada");
    assertThat(json(r).get("role").asText()).isEqualTo("researcher");
    assertThat(json(r).get("csrf_token").asText()).hasSizeGreaterThan(20);
    HttpResponse<String> me = api.send(withCookie("/api/v1/auth/me", cookie(r)).GET().build());
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(json(me).get("csrf_token").asText()).isEqualTo(json(r).get("csrf_token").asText());
    assertThat(api.auth.store().session(cookie(r).substring("trainyard_session=".length()))).isEmpty();
  }

  @Test
  void aStateChangeWithASessionCookieButWithoutTheCsrfTokenIsRefused() throws Exception {
    HttpResponse<String> r = login("ada", "ada-password");
    String csrf = json(r).get("csrf_token").asText();
    HttpRequest.BodyPublisher body = BodyPublishers.ofString("a,b\n1,2\n");

    HttpResponse<String> none = api.send(withCookie("/api/v1/datasets?name=a.csv", cookie(r)).POST(body).build());
    HttpResponse<String> wrong = api.send(withCookie("/api/v1/datasets?name=a.csv", cookie(r))
        .header("X-CSRF-Token", csrf + "x").POST(body).build());
    HttpResponse<String> right = api.send(withCookie("/api/v1/datasets?name=a.csv", cookie(r))
        .header("X-CSRF-Token", csrf).POST(body).build());

    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(json(none).get("error").asText()).startsWith("missing or wrong CSRF token");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(right.statusCode()).isEqualTo(201);
    assertThat(api.store.datasets(java.util.Optional.of("ada"))).hasSize(1);
  }

  @Test
  void aWrongPasswordAndAnUnknownUserGetTheSame401AndAreAudited() throws Exception {
    HttpResponse<String> wrong = login("ada", "not-the-password");
    HttpResponse<String> unknown = login("nobody", "whatever-it-is");

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(json(wrong).get("error").asText()).isEqualTo("wrong user name or password");
    assertThat(json(unknown).get("error").asText()).isEqualTo("wrong user name or password");
    JsonNode audit = json(api.get("/api/v1/audit", "admin"));
    assertThat(audit.findValuesAsText("action")).contains("login.failed", "user.create");
  }

  @Test
  void repeatedFailedLoginsAreRateLimitedEvenForTheRightPassword() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(login("ada", "wrong-password-" + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> blocked = login("ada", "ada-password");

    assertThat(blocked.statusCode()).isEqualTo(429);
    assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
    assertThat(json(blocked).get("error").asText()).startsWith("too many failed logins; try again in");
    assertThat(login("admin", ApiFixture.ADMIN_PASSWORD).statusCode()).isEqualTo(200);
  }

  @Test
  void logoutEndsTheSession() throws Exception {
    HttpResponse<String> r = login("ada", "ada-password");
    String csrf = json(r).get("csrf_token").asText();

    HttpResponse<String> out = api.send(withCookie("/api/v1/auth/logout", cookie(r)).header("X-CSRF-Token", csrf)
        .POST(BodyPublishers.noBody()).build());
    HttpResponse<String> after = api.send(withCookie("/api/v1/jobs", cookie(r)).GET().build());

    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(json(after).get("error").asText()).isEqualTo("the session has ended; log in again");
  }

  @Test
  void changingThePasswordNeedsTheCurrentOneAndEndsSessions() throws Exception {
    HttpResponse<String> r = login("ada", "ada-password");
    String csrf = json(r).get("csrf_token").asText();

    HttpResponse<String> bad = api.send(withCookie("/api/v1/auth/password", cookie(r)).header("X-CSRF-Token", csrf)
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString("{\"current\": \"guess-guess\", \"new\": \"brand-new-pass\"}")).build());
    HttpResponse<String> shortOne = api.post("/api/v1/auth/password", "ada",
        "{\"current\": \"ada-password\", \"new\": \"short\"}");
    HttpResponse<String> ok = api.post("/api/v1/auth/password", "ada",
        "{\"current\": \"ada-password\", \"new\": \"brand-new-pass\"}");

    assertThat(bad.statusCode()).isEqualTo(403);
    assertThat(shortOne.statusCode()).isEqualTo(400);
    assertThat(json(shortOne).get("error").asText()).isEqualTo("password must have at least 8 characters");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(api.send(withCookie("/api/v1/jobs", cookie(r)).GET().build()).statusCode()).isEqualTo(401);
    assertThat(login("ada", "ada-password").statusCode()).isEqualTo(401);
    assertThat(login("ada", "brand-new-pass").statusCode()).isEqualTo(200);
  }

  @Test
  void anAdminCreatesUsersChangesRolesAndDisablesThem() throws Exception {
    HttpResponse<String> created = api.post("/api/v1/users", "admin",
        "{\"name\": \"vera\", \"password\": \"vera-password\", \"role\": \"viewer\"}");
    HttpResponse<String> dup = api.post("/api/v1/users", "admin",
        "{\"name\": \"vera\", \"password\": \"vera-password\"}");
    HttpResponse<String> badRole = api.post("/api/v1/users", "admin",
        "{\"name\": \"x1\", \"password\": \"x1-password\", \"role\": \"god\"}");

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created).get("role").asText()).isEqualTo("viewer");
    assertThat(dup.statusCode()).isEqualTo(400);
    assertThat(json(dup).get("error").asText()).isEqualTo("user 'vera' exists already");
    assertThat(json(badRole).get("error").asText()).isEqualTo("role must be one of admin, researcher, viewer, was 'god'");
    assertThat(login("vera", "vera-password").statusCode()).isEqualTo(200);
    String veraToken = api.token("vera");

    HttpResponse<String> disabled = api.send(api.request("/api/v1/users/vera", "admin")
        .header("Content-Type", "application/json").method("PATCH", BodyPublishers.ofString("{\"disabled\": true}"))
        .build());
    assertThat(disabled.statusCode()).isEqualTo(200);
    assertThat(login("vera", "vera-password").statusCode()).isEqualTo(401);
    assertThat(api.send(HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/jobs"))
        .header("Authorization", "Bearer " + veraToken).GET().build()).statusCode()).isEqualTo(401);
    HttpResponse<String> self = api.send(api.request("/api/v1/users/admin", "admin")
        .header("Content-Type", "application/json").method("PATCH", BodyPublishers.ofString("{\"role\": \"viewer\"}"))
        .build());
    assertThat(self.statusCode()).isEqualTo(400);
    assertThat(json(api.get("/api/v1/audit", "admin")).findValuesAsText("action")).contains("user.update");
  }

  @Test
  void aTokenIsShownOnceStoredHashedAndRevocableByItsOwner() throws Exception {
    HttpResponse<String> created = api.post("/api/v1/tokens", "ada", "{\"name\": \"laptop\", \"expires_in_days\": 30}");
    String token = json(created).get("token").asText();
    String id = json(created).get("id").asText();

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(token).startsWith("ty_" + id + "_");
    assertThat(json(created).get("expires_at").asText()).isNotEmpty();
    JsonNode listed = json(api.get("/api/v1/tokens", "ada"));
    assertThat(listed.toString()).doesNotContain(token.substring(token.lastIndexOf('_') + 1));
    assertThat(api.auth.store().token(id).orElseThrow().secretHash()).doesNotContain(token.substring(20));
    HttpRequest use = HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/auth/me"))
        .header("Authorization", "Bearer " + token).GET().build();
    assertThat(json(api.send(use)).get("via").asText()).isEqualTo("token");

    assertThat(api.send(api.request("/api/v1/tokens/" + id, "ada").DELETE().build()).statusCode()).isEqualTo(200);
    assertThat(api.send(use).statusCode()).isEqualTo(401);
    assertThat(api.post("/api/v1/tokens", "ada", "{\"name\": \"x\", \"expires_in_days\": 0}").statusCode())
        .isEqualTo(400);
  }

  @Test
  void listFiltersAreBoundAsParametersNotSql() throws Exception {
    api.post("/api/v1/datasets?name=a.csv", "ada", BodyPublishers.ofString("a,b\n1,2\n"));

    HttpResponse<String> status = api.get("/api/v1/jobs?status=queued'%20OR%20'1'='1", "ada");
    HttpResponse<String> owner = api.get("/api/v1/jobs?owner=x'%20OR%20'1'='1", "admin");
    HttpResponse<String> datasets = api.get("/api/v1/datasets?owner=x'%20OR%20'1'='1", "admin");
    HttpResponse<String> sha = api.get("/api/v1/datasets?sha256='%20OR%201=1--", "ada");

    assertThat(status.statusCode()).isEqualTo(400);
    assertThat(json(owner)).isEmpty();
    assertThat(json(datasets)).isEmpty();
    assertThat(json(api.get("/api/v1/datasets?owner=ada", "admin"))).hasSize(1);
    assertThat(sha.statusCode()).isEqualTo(400);
  }
}
