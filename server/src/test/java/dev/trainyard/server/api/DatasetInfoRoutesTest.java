package dev.trainyard.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.cluster.store.DatasetRecord;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.server.auth.AuthStore.Share;
import dev.trainyard.server.auth.Role;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetInfoRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * 30 rows with every kind of column: numeric with one gap, categorical (red x15, blue x10, green x5),
   * text (30 distinct notes), and a numeric column with one typo in its last row.
   */
  private static final String MIXED = mixed();

  private static String mixed() {
    StringBuilder b = new StringBuilder("id,size,colour,note,reading\n");
    for (int i = 1; i <= 30; i++) {
      String colour = i % 2 == 0 ? "red" : i % 3 == 0 ? "green" : "blue";
      b.append(i).append(',').append(i == 2 ? "" : Integer.toString(i)).append(',').append(colour)
          .append(",note number ").append(i).append(',').append(i == 30 ? "oops" : Integer.toString(i + 10)).append('\n');
    }
    return b.toString();
  }

  @TempDir Path dir;
  ApiFixture api;
  Path iris;

  @BeforeEach
  void start() {
    api = ApiFixture.start(dir.resolve("data"));
    iris = dev.trainyard.ml.TestDatasets.file("iris.csv");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private String upload(String owner, String name, String body) throws Exception {
    HttpResponse<String> r = api.post("/api/v1/datasets?name=" + name, owner, BodyPublishers.ofString(body));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r).get("id").asText();
  }

  private JsonNode ok(String path, String user) throws Exception {
    HttpResponse<String> r = api.get(path, user);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r);
  }

  private static JsonNode column(JsonNode body, String name) {
    for (JsonNode c : body.get("columns")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no column " + name + " in " + body);
  }

  @Test
  void thePreviewShowsTheHeaderAndTheFirstRowsAsStored() throws Exception {
    String id = api.datasets.importFile("ada", iris).id();

    JsonNode p = ok("/api/v1/datasets/" + id + "/preview?rows=3", "ada");
    JsonNode dflt = ok("/api/v1/datasets/" + id + "/preview", "ada");
    JsonNode all = ok("/api/v1/datasets/" + id + "/preview?rows=1000", "ada");

    assertThat(p.get("columns").toString())
        .isEqualTo("[\"sepal_length_cm\",\"sepal_width_cm\",\"petal_length_cm\",\"petal_width_cm\",\"label\"]");
    assertThat(p.get("rows")).hasSize(3);
    assertThat(p.get("rows").get(0).toString()).isEqualTo("[\"5.1\",\"3.5\",\"1.4\",\"0.2\",\"0\"]");
    assertThat(dflt.get("rows")).hasSize(20);
    assertThat(all.get("rows")).hasSize(150);
  }

  @Test
  void aPreviewRowCountOutsideOneTo1000IsRefusedNamingTheRule() throws Exception {
    String id = api.datasets.importFile("ada", iris).id();

    for (String rows : new String[] {"0", "1001", "many"}) {
      HttpResponse<String> r = api.get("/api/v1/datasets/" + id + "/preview?rows=" + rows, "ada");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(json(r).get("error").asText()).isEqualTo("rows must be an integer between 1 and 1000, was '" + rows + "'");
    }
  }

  @Test
  void theSchemaOfIrisIsNumericWithTheDistinctValuesOfEachColumn() throws Exception {
    String id = api.datasets.importFile("ada", iris).id();

    JsonNode s = ok("/api/v1/datasets/" + id + "/schema", "ada");

    assertThat(s.get("rows_sampled").asInt()).isEqualTo(150);
    assertThat(s.get("complete").asBoolean()).isTrue();
    assertThat(s.get("columns")).hasSize(5);
    assertThat(s.get("columns")).allSatisfy(c -> {
      assertThat(c.get("type").asText()).isEqualTo("numeric");
      assertThat(c.get("missing").asInt()).isZero();
    });
    assertThat(column(s, "sepal_length_cm").get("distinct").asInt()).isEqualTo(35);
    assertThat(column(s, "petal_width_cm").get("distinct").asInt()).isEqualTo(22);
    assertThat(column(s, "label").get("distinct").asInt()).isEqualTo(3);
  }

  @Test
  void theSchemaTellsCategoricalTextAndMissingValuesAndNamesAColumnTheRulesRefuse() throws Exception {
    String id = upload("ada", "mixed.csv", MIXED);

    JsonNode s = ok("/api/v1/datasets/" + id + "/schema", "ada");

    assertThat(column(s, "id").get("type").asText()).isEqualTo("numeric");
    assertThat(column(s, "size").get("type").asText()).isEqualTo("numeric");
    assertThat(column(s, "size").get("missing").asInt()).isEqualTo(1);
    assertThat(column(s, "colour").get("type").asText()).isEqualTo("categorical");
    assertThat(column(s, "colour").get("distinct").asInt()).isEqualTo(3);
    assertThat(column(s, "note").get("type").asText()).isEqualTo("text");
    assertThat(column(s, "note").get("distinct").asInt()).isEqualTo(30);
    assertThat(column(s, "reading").get("problem").asText()).isEqualTo("mixed.csv line 31, column 'reading':"
        + " non-numeric value 'oops' in a numeric column (29 of 30 values are numbers); fix the value, mark it as"
        + " missing (empty, NA or ?), or declare the column categorical");
    assertThat(column(s, "colour").has("problem")).isFalse();
  }

  @Test
  void statsOfIrisAreTheWholeFilesRowAndColumnCountsAndSummaries() throws Exception {
    String id = api.datasets.importFile("ada", iris).id();

    JsonNode s = ok("/api/v1/datasets/" + id + "/stats", "ada");

    assertThat(s.get("dataset").asText()).isEqualTo(id);
    assertThat(s.get("rows").asLong()).isEqualTo(150);
    assertThat(s.get("column_count").asInt()).isEqualTo(5);
    JsonNode sepal = column(s, "sepal_length_cm");
    assertThat(sepal.get("type").asText()).isEqualTo("numeric");
    assertThat(sepal.get("count").asLong()).isEqualTo(150);
    assertThat(sepal.get("min").asDouble()).isCloseTo(4.3, within(1e-5));
    assertThat(sepal.get("max").asDouble()).isCloseTo(7.9, within(1e-5));
    assertThat(sepal.get("mean").asDouble()).isCloseTo(5.843333, within(1e-5));
    assertThat(sepal.get("std").asDouble()).isCloseTo(0.828066, within(1e-5));
    assertThat(column(s, "petal_length_cm").get("std").asDouble()).isCloseTo(1.765298, within(1e-5));
    assertThat(column(s, "label").get("mean").asDouble()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void statsOfCategoricalAndTextColumnsCountTheirTopValues() throws Exception {
    String id = upload("ada", "mixed.csv", MIXED);

    JsonNode s = ok("/api/v1/datasets/" + id + "/stats", "ada");

    assertThat(s.get("rows").asLong()).isEqualTo(30);
    JsonNode colour = column(s, "colour");
    assertThat(colour.get("type").asText()).isEqualTo("categorical");
    assertThat(colour.get("distinct").asInt()).isEqualTo(3);
    assertThat(colour.get("top").toString())
        .isEqualTo("[{\"value\":\"red\",\"count\":15},{\"value\":\"blue\",\"count\":10},{\"value\":\"green\",\"count\":5}]");
    assertThat(column(s, "note").get("type").asText()).isEqualTo("text");
    JsonNode size = column(s, "size");
    assertThat(size.get("missing").asInt()).isEqualTo(1);
    assertThat(size.get("count").asInt()).isEqualTo(29);
    assertThat(size.get("mean").asDouble()).isCloseTo(463.0 / 29, within(1e-9));
    JsonNode reading = column(s, "reading");
    assertThat(reading.get("type").asText()).isEqualTo("categorical");
    assertThat(reading.get("problem").asText()).startsWith("mixed.csv line 31, column 'reading': non-numeric value 'oops'");
  }

  @Test
  void aCsvReadInManySmallChunksHasTheSameStatsAsInOne() throws Exception {
    StringBuilder csv = new StringBuilder("x,code,word\n");
    for (int i = 0; i < 400; i++) {
      // code is numeric for the first chunks and turns to text later: the chunks' types must be merged
      csv.append(i).append(',').append(i < 300 ? Integer.toString(i % 7) : "c" + (i % 7)).append(',')
          .append(i % 3 == 0 ? "" : "w" + (i % 5)).append('\n');
    }
    String id = upload("ada", "chunks.csv", csv.toString());
    DatasetRecord d = api.store.dataset(id).orElseThrow();
    Path file = api.datasets.file(d);

    JsonNode one = DatasetStats.of(d, file, 1L << 20);
    JsonNode many = DatasetStats.of(d, file, 256);

    assertThat(many).isEqualTo(one);
    assertThat(one.get("rows").asInt()).isEqualTo(400);
    assertThat(column(one, "code").get("type").asText()).isEqualTo("categorical");
    assertThat(column(one, "code").get("distinct").asInt()).isEqualTo(14);
    assertThat(column(one, "word").get("missing").asInt()).isEqualTo(134);
    assertThat(column(one, "x").get("mean").asDouble()).isCloseTo(199.5, within(1e-9));
  }

  @Test
  void aTypedDatasetHasExactSchemaAndTheSameStatsAsTheCsvItCameFrom() throws Exception {
    String csvId = api.datasets.importFile("ada", iris).id();
    DatasetRecord typed = api.datasets.storeFrame("ada", "iris.typed", CsvReader.read(iris, CsvOptions.defaults()));

    JsonNode csvStats = ok("/api/v1/datasets/" + csvId + "/stats", "ada");
    JsonNode typedStats = ok("/api/v1/datasets/" + typed.id() + "/stats", "ada");
    JsonNode schema = ok("/api/v1/datasets/" + typed.id() + "/schema", "ada");
    JsonNode preview = ok("/api/v1/datasets/" + typed.id() + "/preview?rows=2", "ada");

    assertThat(typed.format()).isEqualTo("frame");
    assertThat(typedStats.get("columns")).isEqualTo(csvStats.get("columns"));
    assertThat(typedStats.get("rows")).isEqualTo(csvStats.get("rows"));
    assertThat(schema.get("rows_sampled").asInt()).isEqualTo(150);
    assertThat(column(schema, "label").get("distinct").asInt()).isEqualTo(3);
    assertThat(preview.get("rows").get(0).toString()).isEqualTo("[5.1,3.5,1.4,0.2,0.0]");
  }

  @Test
  void aGzippedCsvHasTheSameStatsAndPreviewAsThePlainFile() throws Exception {
    String plain = api.datasets.importFile("ada", iris).id();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(Files.readAllBytes(iris));
    }
    HttpResponse<String> up = api.post("/api/v1/datasets?name=iris.csv.gz", "ada",
        BodyPublishers.ofByteArray(bytes.toByteArray()));
    String gzipped = json(up).get("id").asText();

    JsonNode a = ok("/api/v1/datasets/" + plain + "/stats", "ada");
    JsonNode b = ok("/api/v1/datasets/" + gzipped + "/stats", "ada");

    assertThat(json(up).get("format").asText()).isEqualTo("csv.gz");
    assertThat(b.get("columns")).isEqualTo(a.get("columns"));
    assertThat(ok("/api/v1/datasets/" + gzipped + "/preview?rows=5", "ada").get("rows"))
        .isEqualTo(ok("/api/v1/datasets/" + plain + "/preview?rows=5", "ada").get("rows"));
  }

  @Test
  void aLibSvmFileIsPreviewedTypedAndSummarizedWithAbsentEntriesAsZeros() throws Exception {
    String svm = "1 1:0.5 3:2\n# a comment\n0 2:1.5\n\n1 1:1.5 2:0.5 4:4\n";
    String id = upload("ada", "small.svm", svm);

    JsonNode preview = ok("/api/v1/datasets/" + id + "/preview?rows=2", "ada");
    JsonNode schema = ok("/api/v1/datasets/" + id + "/schema", "ada");
    JsonNode stats = ok("/api/v1/datasets/" + id + "/stats", "ada");

    assertThat(preview.get("columns").toString()).isEqualTo("[\"f1\",\"f2\",\"f3\",\"label\"]");
    assertThat(preview.get("rows").toString()).isEqualTo("[[0.5,0.0,2.0,1.0],[0.0,1.5,0.0,0.0]]");
    assertThat(schema.get("columns")).hasSize(5);
    assertThat(stats.get("rows").asInt()).isEqualTo(3);
    assertThat(column(stats, "f4").get("mean").asDouble()).isCloseTo(4.0 / 3, within(1e-9));
    assertThat(column(stats, "f1").get("max").asDouble()).isEqualTo(1.5);
    assertThat(column(stats, "label").get("mean").asDouble()).isCloseTo(2.0 / 3, within(1e-9));
  }

  @Test
  void statsAreComputedOnceAndKeptWhileASchemaNeedsTheFile() throws Exception {
    String id = api.datasets.importFile("ada", iris).id();
    JsonNode first = ok("/api/v1/datasets/" + id + "/stats", "ada");

    Files.delete(api.datasets.file(api.store.dataset(id).orElseThrow()));

    assertThat(ok("/api/v1/datasets/" + id + "/stats", "ada")).isEqualTo(first);
    HttpResponse<String> schema = api.get("/api/v1/datasets/" + id + "/schema", "ada");
    assertThat(schema.statusCode()).isEqualTo(404);
    assertThat(json(schema).get("error").asText())
        .isEqualTo("the file of dataset '" + id + "' is missing from the data directory");
  }

  @Test
  void anotherUsersDatasetIsNotFoundUnlessItIsSharedWithTheCaller() throws Exception {
    String id = api.datasets.importFile("ada", iris).id();
    api.user("vera", Role.VIEWER);

    for (String what : new String[] {"preview", "schema", "stats"}) {
      HttpResponse<String> r = api.get("/api/v1/datasets/" + id + "/" + what, "bob");
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(json(r).get("error").asText()).isEqualTo("no dataset '" + id + "'");
      assertThat(api.get("/api/v1/datasets/" + id + "/" + what, "vera").statusCode()).isEqualTo(404);
    }
    api.auth.store().insertShare(new Share(Access.DATASET, id, "vera", "ada", ApiFixture.CLOCK.instant()));
    for (String what : new String[] {"preview", "schema", "stats"}) {
      assertThat(api.get("/api/v1/datasets/" + id + "/" + what, "vera").statusCode()).isEqualTo(200);
    }
    assertThat(api.get("/api/v1/datasets/" + id + "/stats", null).statusCode()).isEqualTo(401);
  }

  @Test
  void aMalformedCsvIsReported400NamingTheDatasetNotItsStoredFile() throws Exception {
    String id = upload("ada", "ragged.csv", "a,b\n1,2\n3\n");

    HttpResponse<String> r = api.get("/api/v1/datasets/" + id + "/stats", "ada");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).isEqualTo("ragged.csv line 3: expected 2 fields as in the header, found 1");
  }
}
