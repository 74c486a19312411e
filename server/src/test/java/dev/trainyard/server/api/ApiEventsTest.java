package dev.trainyard.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ApiEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  ApiFixture api;

  @BeforeEach
  void start() throws Exception {
    api = ApiFixture.start(dir);
    HttpResponse<String> d = api.post("/api/v1/datasets?name=iris.csv", "ada",
        BodyPublishers.ofString("a,label\n1,0\n2,1\n"));
    String id = JSON.readTree(d.body()).get("id").asText();
    HttpResponse<String> j = api.post("/api/v1/jobs", "ada",
        "{\"dataset\": \"" + id + "\", \"algorithm\": \"random-forest\"}");
    assertThat(j.statusCode()).as(j.body()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /** One SSE message: its id, event and data lines; heartbeat comments are skipped. */
  record Message(String id, String event, String data) {}

  /** Reads the next message, or null when the stream ended. */
  static Message next(BufferedReader in) throws IOException {
    String id = null;
    String event = null;
    StringBuilder data = new StringBuilder();
    for (String line; (line = in.readLine()) != null; ) {
      if (line.isEmpty()) {
        if (id != null || event != null || data.length() > 0) {
          return new Message(id, event, data.toString());
        }
      } else if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("event: ")) {
        event = line.substring(7);
      } else if (line.startsWith("data: ")) {
        data.append(line.substring(6));
      }
    }
    return null;
  }

  static BufferedReader reader(HttpResponse<InputStream> r) {
    return new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
  }

  static List<Message> readAll(BufferedReader in) throws IOException {
    List<Message> all = new ArrayList<>();
    for (Message m; (m = next(in)) != null; ) {
      all.add(m);
    }
    return all;
  }

  @Test
  void storedEventsAfterLastEventIdAreReplayedAndTheStreamClosesOnceTheJobIsFinal() throws Exception {
    api.jobs.start("job-1");
    api.jobs.progress("job-1", "trees", 5, 10);
    api.jobs.succeed("job-1", Map.of("algorithm", "random-forest"), null);

    HttpResponse<InputStream> r = api.events("job-1", "ada", "2");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    try (BufferedReader in = reader(r)) {
      List<Message> all = readAll(in);
      assertThat(all).extracting(Message::id).containsExactly("3", "4");
      assertThat(all).extracting(Message::event).containsExactly("progress", "status");
      assertThat(JSON.readTree(all.get(0).data())).isEqualTo(JSON.readTree(
          "{\"stage\": \"trees\", \"done\": 5, \"total\": 10}"));
      assertThat(JSON.readTree(all.get(1).data()).get("status").asText()).isEqualTo("succeeded");
    }
  }

  @Test
  void newEventsAreDeliveredLiveUntilTheJobEnds() throws Exception {
    HttpResponse<InputStream> r = api.events("job-1", "ada", null);
    try (BufferedReader in = reader(r)) {
      assertThat(next(in)).isEqualTo(new Message("1", "status", "{\"status\":\"queued\"}"));

      api.jobs.start("job-1");
      assertThat(next(in).event()).isEqualTo("status");
      api.jobs.progress("job-1", "trees", 1, 2);
      assertThat(next(in)).isEqualTo(new Message("3", "progress", "{\"stage\":\"trees\",\"done\":1,\"total\":2}"));
      api.jobs.fail("job-1", "boom");

      assertThat(next(in).data()).contains("\"failed\"");
      assertThat(next(in)).isNull();
    }
  }

  @Test
  void theAfterQueryParameterWorksLikeLastEventId() throws Exception {
    api.jobs.cancel("job-1");
    HttpResponse<InputStream> r = api.http.send(api.request("/api/v1/jobs/job-1/events?after=1", "ada").build(),
        HttpResponse.BodyHandlers.ofInputStream());

    try (BufferedReader in = reader(r)) {
      assertThat(readAll(in)).extracting(Message::id).containsExactly("2");
    }
  }

  @Test
  void withFollowFalseTheStreamEndsAfterTheStoredEventsWhichCarryTheirTime() throws Exception {
    HttpResponse<InputStream> r = api.http.send(api.request("/api/v1/jobs/job-1/events?follow=false", "ada").build(),
        HttpResponse.BodyHandlers.ofInputStream());

    try (BufferedReader in = reader(r)) {
      assertThat(in.lines().toList()).containsExactly("id: 1", "event: status", "at: 2026-03-01T12:00:00Z",
          "data: {\"status\":\"queued\"}", "");
    }
  }

  @Test
  void twentyFiveClientsFollowTheSameJobAtOnce() throws Exception {
    int clients = 25;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<CompletableFuture<List<Message>>> all = new ArrayList<>();
      List<BufferedReader> readers = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        BufferedReader in = reader(api.events("job-1", "ada", null));
        readers.add(in);
        assertThat(next(in).id()).isEqualTo("1");
      }
      for (BufferedReader in : readers) {
        all.add(CompletableFuture.supplyAsync(() -> {
          try {
            return readAll(in);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }, pool));
      }
      api.jobs.start("job-1");
      api.jobs.succeed("job-1", Map.of(), null);

      for (CompletableFuture<List<Message>> f : all) {
        assertThat(f.get(30, TimeUnit.SECONDS)).extracting(Message::id).containsExactly("2", "3");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anIdleStreamGetsHeartbeatComments() throws Exception {
    HttpResponse<InputStream> r = api.events("job-1", "ada", "1");
    try (BufferedReader in = reader(r)) {
      assertThat(in.readLine()).isEqualTo(": heartbeat");
    }
  }

  @Test
  void anotherOwnersEventsAreNotFoundAndABadLastEventIdIs400() throws Exception {
    HttpResponse<String> bob = api.get("/api/v1/jobs/job-1/events", "bob");
    HttpResponse<String> bad = api.send(api.request("/api/v1/jobs/job-1/events", "ada")
        .header("Last-Event-ID", "x").build());

    assertThat(bob.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(bob.body()).get("error").asText()).isEqualTo("no job 'job-1'");
    assertThat(bad.statusCode()).isEqualTo(400);
  }
}
