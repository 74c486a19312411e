package dev.trainyard.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.NotFoundException;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The CLI's client of the coordinator's HTTP API (JSON, and SSE for job events), with connect and
 * request timeouts. Answers are translated once: 400/409/413 become {@link InvalidInputException}
 * with the server's message and details, 404 {@link NotFoundException}, 5xx {@link ServerFailure};
 * an unreachable server is a one-line {@link InvalidInputException} naming the URL. Thread-safe.
 */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final String base;
  private final HttpClient http;

  ApiClient(String url) {
    String u = url == null ? "" : url.strip();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    if (!u.matches("https?://[^/\\s]+(/\\S*)?")) {
      throw new InvalidInputException("--server must be a URL such as " + ServerOptions.DEFAULT_URL + ", was '" + url + "'");
    }
    this.base = u;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  String url() {
    return base;
  }

  JsonNode get(String path) {
    return call(request(path).GET().build());
  }

  JsonNode post(String path) {
    return call(request(path).POST(BodyPublishers.noBody()).build());
  }

  JsonNode postJson(String path, JsonNode body) {
    return call(request(path).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(body.toString())).build());
  }

  /** Uploads a file as a dataset, streamed from disk; no request timeout (it may be large). */
  JsonNode upload(Path file) {
    BodyPublisher body;
    try {
      body = BodyPublishers.ofFile(file);
    } catch (FileNotFoundException e) {
      throw new NotFoundException("file not found: " + file);
    }
    String name = URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8);
    return call(HttpRequest.newBuilder(uri("/api/v1/datasets?name=" + name))
        .header("Content-Type", "application/octet-stream").POST(body).build());
  }

  /**
   * Reads a job's event stream after event {@code after} until the server closes it, handing each
   * event to {@code onEvent}; returns the last event id seen. {@code follow} false stops after the
   * events stored so far.
   */
  long events(String jobId, long after, boolean follow, Consumer<SseEvent> onEvent) {
    HttpRequest r = request("/api/v1/jobs/" + jobId + "/events" + (follow ? "" : "?follow=false"))
        .header("Accept", "text/event-stream").header("Last-Event-ID", Long.toString(after)).GET().build();
    HttpResponse<InputStream> res = send(r, BodyHandlers.ofInputStream());
    if (res.statusCode() != 200) {
      try (InputStream in = res.body()) {
        throw failure(res.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw unreachable(e);
      }
    }
    try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
      return readEvents(in, after, onEvent);
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /** Parses SSE lines ({@code id}, {@code event}, {@code at}, {@code data}; comments skipped). */
  static long readEvents(BufferedReader in, long after, Consumer<SseEvent> onEvent) throws IOException {
    long last = after;
    String id = null;
    String type = "message";
    String at = "";
    List<String> data = new ArrayList<>();
    for (String line; (line = in.readLine()) != null; ) {
      if (line.isEmpty()) {
        if (id != null || !data.isEmpty()) {
          long seq = id == null ? last : Long.parseLong(id);
          onEvent.accept(new SseEvent(seq, type, at, String.join("\n", data)));
          last = Math.max(last, seq);
        }
        id = null;
        type = "message";
        at = "";
        data.clear();
      } else if (!line.startsWith(":")) {
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
        switch (field) {
          case "id" -> id = value;
          case "event" -> type = value;
          case "at" -> at = value;
          case "data" -> data.add(value);
          default -> { }
        }
      }
    }
    return last;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT);
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private JsonNode call(HttpRequest r) {
    HttpResponse<String> res = send(r, BodyHandlers.ofString());
    if (res.statusCode() / 100 == 2) {
      try {
        return JSON.readTree(res.body());
      } catch (JsonProcessingException e) {
        throw new ServerFailure("the server at " + base + " answered " + r.uri().getPath() + " with something other than JSON");
      }
    }
    throw failure(res.statusCode(), res.body());
  }

  private <T> HttpResponse<T> send(HttpRequest r, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(r, handler);
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServerFailure("interrupted while waiting for " + base);
    }
  }

  private RuntimeException unreachable(IOException e) {
    if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
      return new InvalidInputException("cannot connect to the Trainyard server at " + base + " (connection refused);"
          + " start one with 'trainyard standalone' or 'trainyard coordinator', or point --server or"
          + " TRAINYARD_SERVER at a running one");
    }
    if (e instanceof HttpConnectTimeoutException) {
      return new InvalidInputException("cannot connect to the Trainyard server at " + base + " (timed out after "
          + CONNECT_TIMEOUT.toSeconds() + " s); is the URL right?");
    }
    if (e instanceof HttpTimeoutException) {
      return new ServerFailure("the server at " + base + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
    }
    return new ServerFailure("lost the connection to the server at " + base + ": " + e.getMessage());
  }

  /** The exception for an error answer, carrying the server's {"error", "details"}. */
  private RuntimeException failure(int status, String body) {
    String message = "the server answered " + status;
    List<String> details = new ArrayList<>();
    try {
      JsonNode n = JSON.readTree(body);
      if (n != null && n.hasNonNull("error")) {
        message = n.get("error").asText();
        n.path("details").forEach(d -> details.add(d.asText()));
      }
    } catch (JsonProcessingException e) {
      // not our server's JSON error; the status says enough
    }
    if (status == 404) {
      return new NotFoundException(message);
    }
    if (status >= 400 && status < 500) {
      return new InvalidInputException(message, details);
    }
    return new ServerFailure("the server at " + base + " failed (" + status + "): " + message);
  }
}
