package dev.trainyard.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiDatasetsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CSV = "a,b,label\n1,2,0\n3,4,1\n";
  private static final String CSV_SHA = "4c5c2ac8a3b2f4ad4e4a5ea0cbc0dcb1d4ba3a4f7d9f4e3c3e6cd4f1e1b8b7b1";

  @TempDir Path dir;
  ApiFixture api;

  @BeforeEach
  void start() {
    api = ApiFixture.start(dir.resolve("data"), 4096);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpResponse<String> upload(String name, String user, String body) {
    return api.post("/api/v1/datasets?name=" + name, user, BodyPublishers.ofString(body));
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void anUploadIsStoredOnceByItsHashAndTheSameBytesGiveTheSameDataset() throws Exception {
    HttpResponse<String> first = upload("iris.csv", "ada", CSV);
    HttpResponse<String> second = upload("again.csv", "ada", CSV);

    assertThat(first.statusCode()).isEqualTo(201);
    JsonNode d = json(first);
    assertThat(d.get("id").asText()).startsWith("ds-");
    assertThat(d.get("name").asText()).isEqualTo("iris.csv");
    assertThat(d.get("sha256").asText()).hasSize(64);
    assertThat(d.get("bytes").asLong()).isEqualTo(CSV.length());
    assertThat(d.get("format").asText()).isEqualTo("csv");
    assertThat(d.get("created_at").asText()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(json(second).get("id")).isEqualTo(d.get("id"));
    assertThat(api.dataDir.resolve("datasets").resolve(d.get("sha256").asText() + ".csv")).hasContent(CSV);
  }

  @Test
  void aDatasetIsFoundByItsHashAndAnotherHashFindsNothing() throws Exception {
    String sha = json(upload("iris.csv", "ada", CSV)).get("sha256").asText();

    JsonNode found = json(api.get("/api/v1/datasets?sha256=" + sha.toUpperCase(), "ada"));
    JsonNode none = json(api.get("/api/v1/datasets?sha256=" + CSV_SHA, "ada"));

    assertThat(found).hasSize(1);
    assertThat(found.get(0).get("sha256").asText()).isEqualTo(sha);
    assertThat(none).isEmpty();
    assertThat(api.get("/api/v1/datasets?sha256=xyz", "ada").statusCode()).isEqualTo(400);
  }

  @Test
  void eachOwnerSeesOnlyTheirDatasetsAndAnotherOwnersIsNotFound() throws Exception {
    String id = json(upload("iris.csv", "ada", CSV)).get("id").asText();
    upload("other.csv", "bob", "x,label\n1,0\n2,1\n");

    assertThat(json(api.get("/api/v1/datasets", "ada"))).hasSize(1);
    assertThat(json(api.get("/api/v1/datasets", "bob")).get(0).get("name").asText()).isEqualTo("other.csv");
    assertThat(api.get("/api/v1/datasets/" + id, "ada").statusCode()).isEqualTo(200);
    HttpResponse<String> bobs = api.get("/api/v1/datasets/" + id, "bob");
    assertThat(bobs.statusCode()).isEqualTo(404);
    assertThat(json(bobs).get("error").asText()).isEqualTo("no dataset '" + id + "'");
  }

  @Test
  void aPathLikeNameIsOnlyALabelAndTheFileLandsUnderDatasetsByHash() throws Exception {
    HttpResponse<String> r = upload("..%2F..%2Fetc%2Fpasswd", "ada", CSV);

    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode d = json(r);
    assertThat(d.get("name").asText()).isEqualTo("passwd");
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".csv")))
          .containsExactly(api.dataDir.resolve("datasets").resolve(d.get("sha256").asText() + ".csv"));
    }
    assertThat(dir.resolve("etc")).doesNotExist();
  }

  @Test
  void anUploadOverTheLimitIsRefusedWith413WhetherOrNotItsLengthIsDeclared() throws Exception {
    String big = "x".repeat(5000);

    HttpResponse<String> declared = upload("big.csv", "ada", big);
    HttpResponse<String> streamed = api.post("/api/v1/datasets?name=big.csv", "ada",
        BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))));

    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(json(declared).get("error").asText()).isEqualTo("upload is larger than the limit of 4096 bytes");
    assertThat(streamed.statusCode()).isEqualTo(413);
    assertThat(json(streamed).get("error").asText()).isEqualTo("upload is larger than the limit of 4096 bytes");
    assertThat(json(api.get("/api/v1/datasets", "ada"))).isEmpty();
  }

  @Test
  void anEmptyUploadIsRefusedWith400() throws Exception {
    HttpResponse<String> r = upload("empty.csv", "ada", "");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).isEqualTo("the uploaded file 'empty.csv' is empty");
  }

  @Test
  void aMultipartUploadTakesItsNameFromThePart() throws Exception {
    String boundary = "----trainyard-test";
    String body = "--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"file\"; filename=\"flowers.csv\"\r\n"
        + "Content-Type: text/csv\r\n\r\n" + CSV + "\r\n--" + boundary + "--\r\n";

    HttpResponse<String> r = api.send(api.request("/api/v1/datasets", "ada")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(BodyPublishers.ofString(body)).build());

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(json(r).get("name").asText()).isEqualTo("flowers.csv");
    assertThat(json(r).get("bytes").asLong()).isEqualTo(CSV.length());
  }

  @Test
  void aMultipartUploadOverTheLimitIsRefusedWith413() throws Exception {
    String boundary = "----trainyard-test";
    String body = "--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\r\n"
        + "y".repeat(5000) + "\r\n--" + boundary + "--\r\n";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    // streamed without a Content-Length, so the multipart parser's own limit has to catch it
    HttpResponse<String> r = api.send(api.request("/api/v1/datasets", "ada")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build());

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).get("error").asText()).isEqualTo("upload is larger than the limit of 4096 bytes");
  }
}
