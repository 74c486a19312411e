package dev.trainyard.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.app.node.CoordinatorNode;
import dev.trainyard.app.node.QueueUrl;
import dev.trainyard.app.node.ShardMembership;
import dev.trainyard.cluster.worker.CoordinatorClient;
import dev.trainyard.ps.server.PsServer;
import dev.trainyard.ps.server.PsServerConfig;
import dev.trainyard.app.node.WorkerNode;
import dev.trainyard.ml.TestDatasets;
import dev.trainyard.rpc.auth.ClusterSecret;
import dev.trainyard.server.auth.AuthService;
import dev.trainyard.server.auth.AuthStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real headless Chromium against a coordinator with local worker slots in this JVM:
 * log in, upload iris.csv, configure and submit a random forest, watch it train, read its accuracy,
 * predict a row; another user cannot see the job; markup in names shows as text. Screenshots of the
 * main pages go to {@code target/screenshots/}. Skipped without Chromium outside CI (fails under CI).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final String ADMIN_PASSWORD = "browser-test-admin";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern JOB_URL = Pattern.compile(".*/jobs/([^/?#]+)$");

  private Path dir;
  private CoordinatorNode node;
  private WorkerNode workers;
  private ChromeDriver driver;
  private WebDriverWait wait;
  private String base;
  private SessionClient admin;
  private ClusterSecret secret;

  @BeforeAll
  void start() throws Exception {
    requireChromium();
    dir = Files.createTempDirectory("trainyard-ui-");
    secret = ClusterSecret.generate();
    node = CoordinatorNode.start(new CoordinatorNode.Settings("127.0.0.1", 0, 0, null, QueueUrl.parse("memory"), dir,
        Duration.ofSeconds(1), Duration.ofSeconds(5), 64L << 20, secret));
    workers = WorkerNode.local(node.queue(), node.coordinator(), 2, 1, secret);
    base = "http://127.0.0.1:" + node.httpPort();
    AuthService auth = node.auth();
    AuthStore.User first = auth.store().user(AuthService.ADMIN).orElseThrow();
    auth.updateUser(first, Optional.empty(), Optional.of(ADMIN_PASSWORD), Optional.empty(), "test", "127.0.0.1");
    admin = SessionClient.login(base, AuthService.ADMIN, ADMIN_PASSWORD);
    for (String user : List.of("alice", "bob", "carol", "dave", "erin", "frank")) {
      admin.post("/api/v1/users", JSON.createObjectNode().put("name", user).put("password", user + "-password")
          .put("role", "researcher").toString(), 201);
    }
    Files.createDirectories(SHOTS);
    driver = chrome(Files.createTempDirectory(dir, "chromium-profile-"));
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  @AfterAll
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (workers != null) {
      workers.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @BeforeEach
  void freshSession() {
    driver.manage().deleteAllCookies();
    driver.manage().logs().get(LogType.BROWSER); // drop what earlier tests logged
  }

  @AfterEach
  void noScriptErrors() {
    List<String> bad = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      String m = e.getMessage();
      // failed requests (401 before login, the 404 of a hidden job) are expected; script errors and CSP blocks are not
      if (!m.contains("Failed to load resource")) {
        bad.add(e.getLevel() + " " + m);
      }
    }
    assertThat(bad).as("browser console").noneMatch(m -> m.startsWith("SEVERE"));
  }

  @Test
  void aResearcherUploadsIrisTrainsARandomForestWatchesItLiveAndPredictsARowThatAnotherUserCannotSee()
      throws Exception {
    logIn("alice", "/");
    ready();
    assertThat(driver.findElement(By.id("nav-user")).getText()).isEqualTo("alice");

    // upload iris.csv through the page, with its progress bar
    driver.get(base + "/datasets");
    ready();
    Path iris = TestDatasets.file("iris.csv");
    driver.findElement(By.id("file")).sendKeys(iris.toString());
    driver.findElement(By.id("upload-button")).click();
    WebElement uploaded = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".msg.ok a")));
    assertThat(uploaded.getText()).isEqualTo("iris.csv");
    assertThat(driver.findElement(By.id("upload-progress")).getDomProperty("value")).isEqualTo("100");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list"), "iris.csv"));
    screenshot("datasets");
    String datasetId = uploaded.getDomAttribute("href").replaceFirst(".*/datasets/", "");

    // the dataset page: preview, inferred schema with the label picked, statistics
    uploaded.click();
    ready();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#schema select")));
    assertThat(driver.findElement(By.id("title")).getText()).isEqualTo("iris.csv");
    assertThat(driver.findElements(By.cssSelector("#preview tbody tr"))).hasSize(20);
    assertThat(new Select(driver.findElement(By.id("label"))).getFirstSelectedOption().getText()).isEqualTo("label");
    assertThat(driver.findElement(By.id("preview")).getText()).contains("sepal_length_cm", "petal_width_cm");
    screenshot("dataset-detail");

    // the new-job form: client-side validation in the server's words, then a valid random forest
    driver.findElement(By.id("train-link")).click();
    ready();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("p-trees")));
    assertThat(new Select(driver.findElement(By.id("dataset"))).getFirstSelectedOption().getDomAttribute("value"))
        .isEqualTo(datasetId);
    new Select(driver.findElement(By.id("algorithm"))).selectByValue("random-forest");
    wait.until(d -> new Select(d.findElement(By.id("label"))).getFirstSelectedOption().getText().equals("label"));
    type(By.id("p-trees"), "0");
    wait.until(ExpectedConditions.textToBe(By.id("p-trees-error"), "trees must be between 1 and 10000, was 0"));
    driver.findElement(By.id("submit")).click();
    WebElement problem = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".msg.error")));
    assertThat(problem.getText()).contains("trees must be between 1 and 10000, was 0");
    assertThat(driver.getCurrentUrl()).contains("/jobs/new");
    type(By.id("p-trees"), "400");
    driver.findElement(By.cssSelector("input[name='validation'][value='test_fraction']")).click();
    type(By.id("test_fraction"), "0.3");
    type(By.id("tasks"), "4");
    type(By.id("name"), "iris forest");
    assertThat(driver.findElement(By.id("p-trees-error")).getText()).isEmpty();
    JsonNode shownSpec = JSON.readTree(driver.findElement(By.id("spec-preview")).getText());
    assertThat(shownSpec.path("params").path("trees").asInt()).isEqualTo(400);
    assertThat(shownSpec.path("label").asText()).isEqualTo("label");
    screenshot("new-job");
    driver.findElement(By.id("submit")).click();
    wait.until(ExpectedConditions.urlMatches(JOB_URL.pattern()));
    Matcher m = JOB_URL.matcher(driver.getCurrentUrl());
    assertThat(m.matches()).isTrue();
    String jobId = m.group(1);

    // the job page: the chart gets points from the event stream while the forest grows
    ready();
    WebDriverWait long3 = new WebDriverWait(driver, Duration.ofMinutes(3));
    long3.until(d -> chartPoints() > 0 || "true".equals(bodyData("final")));
    screenshot("job-training");
    long3.until(d -> "true".equals(bodyData("final")));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("metric-accuracy")));
    assertThat(bodyData("status")).isEqualTo("succeeded");
    assertThat(chartPoints()).isPositive();
    assertThat(((Number) js("const c = Chart.getChart(document.getElementById('chart'));"
        + " return c.data.datasets.reduce((n, d) => n + d.data.length, 0);")).intValue()).isEqualTo(chartPoints());
    SessionClient alice = SessionClient.login(base, "alice", "alice-password");
    JsonNode result = alice.get("/api/v1/jobs/" + jobId + "/result");
    double accuracy = result.path("result").path("metrics").path("accuracy").asDouble();
    WebElement shown = driver.findElement(By.cssSelector("#metric-accuracy"));
    assertThat(Double.parseDouble(shown.getDomAttribute("data-value"))).isEqualTo(accuracy);
    assertThat(shown.getText()).isEqualTo(String.format(java.util.Locale.ROOT, "%.4f", accuracy));
    assertThat(accuracy).isGreaterThan(0.85);
    assertThat(driver.findElements(By.cssSelector("#confusion tbody tr"))).hasSize(3);
    assertThat(driver.findElement(By.id("events")).getText()).contains("succeeded");
    assertThat(driver.findElement(By.id("workers")).getText()).contains("local-");
    assertThat(driver.findElement(By.id("progress-text")).getText()).isEqualTo("100%");
    screenshot("job-done");

    driver.get(base + "/jobs");
    ready();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list"), "iris forest"));
    screenshot("jobs");

    // models: the list, then the model page's prediction form
    driver.get(base + "/models");
    ready();
    String modelId = result.path("model_id").asText();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list"), modelId));
    screenshot("models");
    driver.get(base + "/jobs/" + jobId);
    ready();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("model-link"))).click();
    ready();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("input[data-column='petal_width_cm']")));
    Map<String, String> row = Map.of("sepal_length_cm", "6.7", "sepal_width_cm", "3.0", "petal_length_cm", "5.2",
        "petal_width_cm", "2.3");
    row.forEach((col, v) -> type(By.cssSelector("input[data-column='" + col + "']"), v));
    driver.findElement(By.id("predict")).click();
    WebElement predicted = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("prediction-value")));
    JsonNode model = alice.get("/api/v1/models/" + modelId);
    List<String> classes = new ArrayList<>();
    model.path("classes").forEach(c -> classes.add(c.asText()));
    assertThat(classes).hasSize(3);
    assertThat(predicted.getText()).isIn(classes);
    JsonNode api = alice.post("/api/v1/models/" + modelId + "/predict",
        "{\"rows\": [{\"sepal_length_cm\": 6.7, \"sepal_width_cm\": 3.0, \"petal_length_cm\": 5.2,"
            + " \"petal_width_cm\": 2.3}]}", 200);
    assertThat(predicted.getText()).isEqualTo(api.path("predictions").get(0).asText());
    assertThat(driver.findElements(By.cssSelector("#prediction .bar-list li"))).hasSize(3);
    screenshot("model-detail");

    driver.get(base + "/");
    ready();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("jobs"), "iris forest"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("models"), modelId));
    screenshot("dashboard");
    driver.get(base + "/models/" + modelId);
    ready();

    // alice shares the model, read-only, with bob
    type(By.id("share-user"), "bob");
    driver.findElement(By.cssSelector("#share-form button")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "read-only with bob"));

    // bob sees the shared model, but neither alice's job in his list nor its page
    driver.manage().deleteAllCookies();
    logIn("bob", "/jobs");
    ready();
    wait.until(d -> d.findElement(By.id("list")).getText().length() > 0);
    assertThat(driver.findElement(By.id("list")).getText()).doesNotContain(jobId).contains("No jobs yet");
    driver.get(base + "/jobs/" + jobId);
    ready();
    assertThat(driver.findElement(By.id("title")).getText()).isEqualTo("Job not found");
    assertThat(driver.findElement(By.id("messages")).getText()).contains("not found");
    assertThat(driver.findElement(By.id("job-body")).isDisplayed()).isFalse();
    SessionClient bob = SessionClient.login(base, "bob", "bob-password");
    assertThat(bob.get("/api/v1/jobs").toString()).doesNotContain(jobId);
    driver.get(base + "/models");
    ready();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list"), modelId));
    driver.get(base + "/models/" + modelId);
    ready();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("input[data-column='petal_width_cm']")));
    assertThat(driver.findElement(By.id("share-form")).isDisplayed()).isFalse();
  }

  @Test
  void aRunningJobIsCancelledFromItsPage() throws Exception {
    SessionClient erin = SessionClient.login(base, "erin", "erin-password");
    JsonNode digits = erin.upload(TestDatasets.file("digits.csv"));
    JsonNode job = erin.post("/api/v1/jobs", JSON.createObjectNode().put("dataset", digits.path("id").asText())
        .put("algorithm", "random-forest").put("name", "long forest")
        .<com.fasterxml.jackson.databind.node.ObjectNode>set("params", JSON.createObjectNode().put("trees", 3000))
        .<com.fasterxml.jackson.databind.node.ObjectNode>set("resources", JSON.createObjectNode().put("tasks", 2))
        .toString(), 201);
    logIn("erin", "/jobs/" + job.path("id").asText());
    ready();
    wait.until(d -> "running".equals(bodyData("status")));
    wait.until(ExpectedConditions.elementToBeClickable(By.id("cancel"))).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();
    wait.until(d -> "true".equals(bodyData("final")));
    assertThat(bodyData("status")).isEqualTo("cancelled");
    assertThat(driver.findElement(By.id("error")).getText()).startsWith("Cancelled");
    assertThat(driver.findElement(By.id("cancel")).isDisplayed()).isFalse();
    assertThat(erin.get("/api/v1/jobs/" + job.path("id").asText()).path("status").asText()).isEqualTo("cancelled");
  }

  @Test
  void preprocessingAndBatchPredictionRunAsJobsStartedFromTheirPages() throws Exception {
    logIn("dave", "/datasets");
    ready();
    driver.findElement(By.id("file")).sendKeys(TestDatasets.file("iris.csv").toString());
    driver.findElement(By.id("upload-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".msg.ok a"))).click();
    ready();
    WebElement labelType = wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#schema select[data-column='label']")));
    new Select(labelType).selectByValue("categorical");
    driver.findElement(By.id("preprocess")).click();
    wait.until(ExpectedConditions.urlMatches(JOB_URL.pattern()));
    ready();
    new WebDriverWait(driver, Duration.ofMinutes(3)).until(d -> "true".equals(bodyData("final")));
    assertThat(bodyData("status")).isEqualTo("succeeded");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "categorical"));
    screenshot("job-preprocess");
    driver.findElement(By.linkText("Train on it")).click();
    ready();
    wait.until(d -> new Select(d.findElement(By.id("label"))).getFirstSelectedOption().getText().equals("label"));
    type(By.id("p-trees"), "20");
    driver.findElement(By.id("submit")).click();
    wait.until(ExpectedConditions.urlMatches(JOB_URL.pattern()));
    ready();
    new WebDriverWait(driver, Duration.ofMinutes(3)).until(d -> "true".equals(bodyData("final")));
    assertThat(bodyData("status")).isEqualTo("succeeded");

    wait.until(ExpectedConditions.elementToBeClickable(By.id("model-link"))).click();
    ready();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#batch-dataset option")));
    driver.findElement(By.id("batch")).click();
    wait.until(ExpectedConditions.urlMatches(JOB_URL.pattern()));
    Matcher m = JOB_URL.matcher(driver.getCurrentUrl());
    assertThat(m.matches()).isTrue();
    ready();
    new WebDriverWait(driver, Duration.ofMinutes(3)).until(d -> "true".equals(bodyData("final")));
    assertThat(bodyData("status")).isEqualTo("succeeded");
    WebElement csv = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("predictions-link")));
    assertThat(csv.getDomAttribute("href")).isEqualTo("/api/v1/jobs/" + m.group(1) + "/predictions");
    assertThat(driver.findElement(By.id("result")).getText()).contains("150");
    String predictions = SessionClient.login(base, "dave", "dave-password").text(csv.getDomAttribute("href"));
    assertThat(predictions.lines().count()).isEqualTo(151);
    screenshot("job-predict");
  }

  @Test
  void aDatasetNameAndColumnNamesThatLookLikeMarkupAreShownAsText() throws Exception {
    String name = "<img src=x onerror=alert(1)>.csv";
    Path file = dir.resolve(name);
    String evilColumn = "<script>alert(2)</script>";
    Files.writeString(file, evilColumn + ",\"<b onmouseover=alert(3)>bold</b>\",label\n1.5,2,a\n2.5,3,b\n3.5,4,a\n");
    logIn("carol", "/datasets");
    ready();
    driver.findElement(By.id("file")).sendKeys(file.toString());
    driver.findElement(By.id("upload-button")).click();
    WebElement link = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".msg.ok a")));
    assertThat(link.getText()).isEqualTo(name);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list"), name));
    assertThat(driver.findElements(By.cssSelector("#list img, .msg img"))).isEmpty();
    assertNoAlert();
    link.click();
    ready();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#schema select")));
    assertThat(driver.findElement(By.id("title")).getText()).isEqualTo(name);
    List<String> headers = driver.findElements(By.cssSelector("#preview thead th")).stream().map(WebElement::getText)
        .toList();
    assertThat(headers).containsExactly(evilColumn, "<b onmouseover=alert(3)>bold</b>", "label");
    assertThat(driver.findElement(By.id("schema")).getText()).contains(evilColumn);
    assertThat(driver.findElements(By.cssSelector("main script, main img, main b"))).isEmpty();
    assertThat(driver.getTitle()).startsWith(name);
    assertNoAlert();
    screenshot("xss-dataset");
    driver.get(base + "/");
    ready();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("datasets"), name));
    assertThat(driver.findElements(By.cssSelector("main img"))).isEmpty();
    assertNoAlert();
  }

  @Test
  void aPageWithoutASessionLeadsToTheLoginPageWhichReturnsOnlyToALocalPath() throws Exception {
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/jobs?status=running")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).contains("/login?next=%2Fjobs%3Fstatus%3Drunning");
    HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.headers().firstValue("Content-Security-Policy")).contains(
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    assertThat(login.body()).doesNotContain("<style", "style=", "onclick", "<script>");
    assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/static/login.html")).GET().build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).as("pages are not static files").isEqualTo(404);
    HttpResponse<String> js = http.send(HttpRequest.newBuilder(URI.create(base + "/static/app.js")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type").orElse("")).contains("javascript");

    driver.get(base + "/datasets");
    wait.until(ExpectedConditions.urlContains("/login?next=%2Fdatasets"));
    ready();
    screenshot("login");
    type(By.id("user"), "alice");
    type(By.id("password"), "not-the-password");
    driver.findElement(By.id("login")).click();
    WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".msg.error")));
    assertThat(error.getText()).contains("Wrong user name or password");
    type(By.id("password"), "alice-password");
    driver.findElement(By.id("login")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/datasets"));
    ready();
    org.openqa.selenium.Dimension wide = driver.manage().window().getSize();
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(420, 900));
    driver.get(base + "/");
    ready();
    screenshot("dashboard-narrow");
    driver.manage().window().setSize(wide);

    driver.manage().deleteAllCookies();
    driver.get(base + "/login?next=//evil.example/steal");
    ready();
    type(By.id("user"), "alice");
    type(By.id("password"), "alice-password");
    driver.findElement(By.id("login")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/"));
    driver.get(base + "/login?next=%2Flogin"); // logged in already: on to the dashboard, not round in circles
    wait.until(ExpectedConditions.urlToBe(base + "/"));
    ready();
  }

  @Test
  void aLossCurveIsDrawnPerEpochForAGradientTrainedModel() throws Exception {
    SessionClient frank = SessionClient.login(base, "frank", "frank-password");
    JsonNode iris = frank.upload(TestDatasets.file("iris.csv"));
    JsonNode job = frank.post("/api/v1/jobs", JSON.createObjectNode().put("dataset", iris.path("id").asText())
        .put("algorithm", "softmax").put("name", "iris softmax")
        .<com.fasterxml.jackson.databind.node.ObjectNode>set("params", JSON.createObjectNode().put("epochs", 60)
            .put("early_stopping", false))
        .<com.fasterxml.jackson.databind.node.ObjectNode>set("validation", JSON.createObjectNode().put("cv", 3))
        .toString(), 201);
    logIn("frank", "/jobs/" + job.path("id").asText());
    ready();
    new WebDriverWait(driver, Duration.ofMinutes(3)).until(d -> "true".equals(bodyData("final")));
    assertThat(bodyData("status")).isEqualTo("succeeded");
    wait.until(d -> "loss".equals(d.findElement(By.id("chart")).getDomAttribute("data-mode")));
    assertThat(driver.findElement(By.id("chart")).getDomAttribute("data-series")).contains("loss");
    assertThat(chartPoints()).isGreaterThan(60);
    assertThat(driver.findElement(By.id("chart-title")).getText()).isEqualTo("Loss per step");
    assertThat(driver.findElement(By.id("result")).getText()).contains("Folds");
    screenshot("job-loss");
  }

  @Test
  void theAdminPageShowsUsersTokensTheAuditLogAndTheClusterToAnAdminOnly() throws Exception {
    PsServer shard = PsServer.start(PsServerConfig.of("127.0.0.1", 0, secret));
    CoordinatorClient client = new CoordinatorClient("127.0.0.1:" + node.grpcPort(), secret);
    ShardMembership member = ShardMembership.join(client, shard.address());
    try {
      adminPage(shard.address());
    } finally {
      member.close();
      client.close();
      shard.shutdownNow().awaitTermination(Duration.ofSeconds(10));
    }
  }

  private void adminPage(String shardAddress) {
    logIn("alice", "/admin");
    ready();
    assertThat(driver.findElement(By.tagName("h1")).getText()).contains("403");
    assertThat(driver.findElements(By.cssSelector(".nav-links a[href='/admin']"))).isEmpty();

    driver.manage().deleteAllCookies();
    logIn(AuthService.ADMIN, "/admin");
    ready();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("users"), "alice"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("members"), shardAddress));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), "user.create"));
    assertThat(driver.findElement(By.id("cluster-figures")).getText()).containsIgnoringCase("members alive");
    screenshot("admin");

    driver.get(base + "/account");
    ready();
    type(By.id("token-name"), "browser test");
    driver.findElement(By.cssSelector("#token-form button")).click();
    WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token-value")));
    assertThat(token.getText()).startsWith("ty_");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tokens"), "browser test"));
    screenshot("account");
  }

  // ---- helpers

  private void logIn(String user, String path) {
    driver.get(base + path);
    wait.until(ExpectedConditions.urlContains("/login"));
    ready();
    type(By.id("user"), user);
    type(By.id("password"), user.equals(AuthService.ADMIN) ? ADMIN_PASSWORD : user + "-password");
    driver.findElement(By.id("login")).click();
    wait.until(ExpectedConditions.urlToBe(base + path));
  }

  private void type(By by, String text) {
    WebElement e = wait.until(ExpectedConditions.elementToBeClickable(by));
    e.clear();
    e.sendKeys(text);
  }

  /** Waits until the page's script has loaded its data (it marks the body). */
  private void ready() {
    wait.until(d -> "true".equals(bodyData("ready")));
  }

  private String bodyData(String key) {
    return driver.findElement(By.tagName("body")).getDomAttribute("data-" + key);
  }

  private int chartPoints() {
    String v = driver.findElement(By.id("chart")).getDomAttribute("data-points");
    return v == null ? 0 : Integer.parseInt(v);
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private void assertNoAlert() {
    try {
      String text = driver.switchTo().alert().getText();
      throw new AssertionError("a script ran and opened an alert: " + text);
    } catch (NoAlertPresentException expected) {
      // no injected script ran
    }
  }

  /** The whole page (not only the window) as target/screenshots/NAME.png. */
  private void screenshot(String name) {
    byte[] png;
    try {
      Number width = (Number) js("return Math.max(document.documentElement.scrollWidth, window.innerWidth);");
      Number height = (Number) js("return Math.max(document.documentElement.scrollHeight, window.innerHeight);");
      Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
          "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
      png = Base64.getDecoder().decode((String) shot.get("data"));
    } catch (RuntimeException e) {
      png = driver.getScreenshotAs(OutputType.BYTES);
    }
    try {
      Files.write(SHOTS.resolve(name + ".png"), png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ChromeDriver chrome(Path profile) {
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toString());
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=1360,900", "--lang=en-US");
    o.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
    o.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    return new ChromeDriver(service, o);
  }

  private static void requireChromium() {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
      return;
    }
    String msg = "browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
        + "): apt-get install -y chromium chromium-driver (./trainyard test installs them when run as root)";
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(msg);
    }
    Assumptions.abort(msg);
  }
}
