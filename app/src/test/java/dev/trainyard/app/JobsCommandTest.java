package dev.trainyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.cluster.job.JobSpecParser;
import dev.trainyard.server.api.ApiFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobs}, {@code logs} and {@code cancel} against a real API server. */
@Timeout(60)
class JobsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  ApiFixture api;
  String dataset;

  @BeforeEach
  void start() throws Exception {
    api = ApiFixture.start(dir.resolve("server"));
    Path csv = dir.resolve("flowers.csv");
    Files.writeString(csv, "a,label\n1,x\n2,y\n");
    dataset = api.datasets.importFile("local", csv).id();
    for (int i = 0; i < 2; i++) {
      api.jobs.submit("local", JobSpecParser.parse(JSON.readTree(
          "{\"dataset\": \"" + dataset + "\", \"algorithm\": \"random-forest\"}")));
    }
    api.jobs.start("job-2");
    api.jobs.progress("job-2", "trees", 5, 10);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void jobsListsTheCallersJobsNewestFirstAsATable() {
    CliRun r = CliRun.of("jobs", "--server", api.url(), "--token", api.token("local"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).matches("ID +STATUS +ALGORITHM +DATASET +PROGRESS +CREATED");
    assertThat(lines[1]).matches("job-\\d +\\w+ +random-forest +" + dataset + " +\\d+% +2026-03-01T12:00:00Z");
    assertThat(r.out()).contains("running").contains("50%").contains("queued");
  }

  @Test
  void jobsFiltersByStatusAndPrintsJson() throws Exception {
    CliRun r = CliRun.of("jobs", "--server", api.url(), "--token", api.token("local"), "--status", "running", "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode list = JSON.readTree(r.out());
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("id").asText()).isEqualTo("job-2");
  }

  @Test
  void aBadStatusIsTheServersOneLineMessageWithExitCode2() {
    CliRun r = CliRun.of("jobs", "--server", api.url(), "--token", api.token("local"), "--status", "asleep");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: status must be one of queued, running, succeeded, failed, cancelled,"
        + " was 'asleep'\n");
  }

  @Test
  void cancelPrintsTheNewStatus() {
    CliRun r = CliRun.of("cancel", "job-1", "--server", api.url(), "--token", api.token("local"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("job job-1: cancelled\n");
    assertThat(api.store.job("job-1").orElseThrow().status().id()).isEqualTo("cancelled");
  }

  @Test
  void cancellingAnUnknownJobExitsWith2() {
    CliRun r = CliRun.of("cancel", "job-99", "--server", api.url(), "--token", api.token("local"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: no job 'job-99'\n");
  }

  @Test
  void logsPrintsEachEventOnOneLine() {
    CliRun r = CliRun.of("logs", "job-2", "--server", api.url(), "--token", api.token("local"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(
        "2026-03-01T12:00:00Z     status    queued\n"
            + "2026-03-01T12:00:00Z     status    running\n"
            + "2026-03-01T12:00:00Z     progress  trees 5/10\n");
  }

  @Test
  void logsFollowKeepsStreamingUntilTheJobEnds() throws Exception {
    CompletableFuture<CliRun> run = ClientTestSupport.inBackground("logs", "job-2", "--follow", "--server", api.url(), "--token", api.token("local"));
    ClientTestSupport.awaitFollower(api);
    api.jobs.event("job-2", "metric", Map.of("series", "loss"));
    api.jobs.succeed("job-2", Map.of(), null);

    CliRun r = run.get(30, TimeUnit.SECONDS);

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).endsWith("progress  trees 5/10\n"
        + "2026-03-01T12:00:00Z     metric    series=loss\n"
        + "2026-03-01T12:00:00Z     status    succeeded\n");
  }
}
