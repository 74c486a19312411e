package dev.trainyard.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.lang.reflect.Field;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenApiDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> PUBLIC = Set.of("GET /healthz", "GET /readyz", "GET /api/v1/openapi.json",
      "POST /api/v1/auth/login", "POST /api/v1/auth/logout");

  @TempDir Path dir;
  ApiFixture api;
  JsonNode doc;

  @BeforeEach
  void start() throws Exception {
    api = ApiFixture.start(dir.resolve("data"));
    HttpResponse<String> r = api.get(OpenApiRoutes.PATH, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    doc = JSON.readTree(r.body());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /** The routes the running server registered, as Javalin reports them. */
  private Set<String> registeredRoutes() throws Exception {
    Field f = ApiServer.class.getDeclaredField("app");
    f.setAccessible(true);
    Javalin app = (Javalin) f.get(api.server);
    return OpenApiRoutes.registered(app.unsafe.internalRouter.allHttpHandlers());
  }

  private List<Map.Entry<String, JsonNode>> operations() {
    List<Map.Entry<String, JsonNode>> ops = new ArrayList<>();
    doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(m ->
        ops.add(Map.entry(m.getKey().toUpperCase() + " " + p.getKey(), m.getValue()))));
    return ops;
  }

  @Test
  void theDocumentIsServedWithoutLoginAsOpenApi30() {
    assertThat(doc.get("openapi").asText()).startsWith("3.0.");
    assertThat(doc.get("info").get("title").asText()).isEqualTo("Trainyard API");
    assertThat(doc.get("paths").size()).isGreaterThan(30);
  }

  @Test
  void everyRegisteredRouteIsDocumentedWithItsMethodAndNothingElseIs() throws Exception {
    Set<String> registered = registeredRoutes();
    Set<String> documented = OpenApiRoutes.documented(doc);

    assertThat(registered).contains("GET /api/v1/models/{id}", "POST /api/v1/models/{id}/predict",
        "GET /api/v1/datasets/{id}/stats", "POST /api/v1/auth/login", "DELETE /api/v1/models/{id}/shares/{user}");
    assertThat(OpenApiRoutes.undocumented(registered, doc)).as("routes missing from openapi.json").isEmpty();
    Set<String> stale = new TreeSet<>(documented);
    stale.removeAll(registered);
    assertThat(stale).as("documented operations no route serves").isEmpty();
  }

  @Test
  void everyOperationDeclaresItsPathParametersResponsesAndSecurity() {
    Pattern param = Pattern.compile("\\{([^}]+)}");
    for (Map.Entry<String, JsonNode> op : operations()) {
      String path = op.getKey().substring(op.getKey().indexOf(' ') + 1);
      JsonNode o = op.getValue();
      Set<String> declared = new TreeSet<>();
      o.path("parameters").forEach(p -> {
        if (p.get("in").asText().equals("path")) {
          declared.add(p.get("name").asText());
        }
      });
      Set<String> inPath = new TreeSet<>();
      for (Matcher m = param.matcher(path); m.find(); ) {
        inPath.add(m.group(1));
      }
      assertThat(declared).as(op.getKey() + " path parameters").isEqualTo(inPath);
      assertThat(o.get("responses").size()).as(op.getKey() + " responses").isPositive();
      assertThat(o.has("summary")).as(op.getKey() + " summary").isTrue();
      if (PUBLIC.contains(op.getKey())) {
        assertThat(o.get("security")).as(op.getKey() + " is public").isEmpty();
      } else {
        assertThat(o.get("security")).as(op.getKey() + " security").isNotEmpty();
        assertThat(o.get("responses").has("401")).as(op.getKey() + " answers 401").isTrue();
      }
      if (o.has("requestBody")) {
        assertThat(o.get("requestBody").get("content").size()).as(op.getKey() + " body").isPositive();
      }
    }
  }

  @Test
  void everyErrorAnswerUsesTheErrorSchema() {
    JsonNode error = doc.get("components").get("schemas").get("Error");
    assertThat(error.get("required").toString()).isEqualTo("[\"error\",\"details\"]");
    for (Map.Entry<String, JsonNode> op : operations()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = op.getValue().get("responses").properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> r = it.next();
        if (r.getKey().startsWith("4") && !op.getKey().equals("GET /readyz")) {
          JsonNode response = resolve(r.getValue());
          assertThat(response.get("content").get("application/json").get("schema").get("$ref").asText())
              .as(op.getKey() + " " + r.getKey()).isEqualTo("#/components/schemas/Error");
        }
      }
    }
  }

  @Test
  void theSecuritySchemesAreTheSessionCookieWithItsCsrfHeaderAndBearerTokens() {
    JsonNode schemes = doc.get("components").get("securitySchemes");
    assertThat(schemes.get("sessionCookie").get("in").asText()).isEqualTo("cookie");
    assertThat(schemes.get("sessionCookie").get("name").asText()).isEqualTo(Authenticator.COOKIE);
    assertThat(schemes.get("csrfHeader").get("in").asText()).isEqualTo("header");
    assertThat(schemes.get("csrfHeader").get("name").asText()).isEqualTo(Authenticator.CSRF_HEADER);
    assertThat(schemes.get("bearerToken").get("scheme").asText()).isEqualTo("bearer");
    JsonNode predict = doc.get("paths").get("/api/v1/models/{id}/predict").get("post");
    assertThat(predict.get("security").toString())
        .isEqualTo("[{\"bearerToken\":[]},{\"sessionCookie\":[],\"csrfHeader\":[]}]");
  }

  @Test
  void everyReferenceResolves() {
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/");
      assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
  }

  private JsonNode resolve(JsonNode n) {
    return n.has("$ref") ? doc.at(n.get("$ref").asText().substring(1)) : n;
  }

  private static void collectRefs(JsonNode n, List<String> out) {
    if (n.isObject()) {
      n.properties().forEach(e -> {
        if (e.getKey().equals("$ref")) {
          out.add(e.getValue().asText());
        } else {
          collectRefs(e.getValue(), out);
        }
      });
    } else if (n.isArray()) {
      n.forEach(x -> collectRefs(x, out));
    }
  }
}
