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
  private final Credentials credentials;
  /** The session from logging in with a user name and password: cookie value and CSRF token. */
  private volatile String[] session;

  /** How the CLI proves who it is: a token, or a user name and password exchanged for a session. */
  record Credentials(String token, String user, String password) {
    static final Credentials NONE = new Credentials(null, null, null);

    static Credentials of(String token, String user, String password) {
      return new Credentials(blankToNull(token), blankToNull(user), password);
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.strip();
    }
  }

  ApiClient(String url) {
    this(url, Credentials.NONE);
  }

  ApiClient(String url, Credentials credentials) {
    this.credentials = credentials;
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
    return call(unsafe(path).POST(BodyPublishers.noBody()).build());
  }

  JsonNode postJson(String path, JsonNode body) {
    return call(unsafe(path).header("Content-Type", "application/json")
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
    return call(authorized(HttpRequest.newBuilder(uri("/api/v1/datasets?name=" + name)), true)
        .header("Content-Type", "application/octet-stream").POST(body).build());
  }

  /**
   * Streams a GET answer to {@code target} (through a temporary file beside it, then renamed, so a
   * failed download leaves no partial file); returns the bytes written.
   */
  long download(String path, Path target) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp;
    try {
      tmp = java.nio.file.Files.createTempFile(dir, ".trainyard-", ".part");
    } catch (IOException e) {
      throw new InvalidInputException("cannot write to " + dir + ": " + e.getMessage());
    }
    try {
      HttpResponse<Path> res = send(authorized(HttpRequest.newBuilder(uri(path)), false).GET().build(),
          BodyHandlers.ofFile(tmp));
      if (res.statusCode() != 200) {
        throw failure(res.statusCode(), java.nio.file.Files.readString(tmp));
      }
      java.nio.file.Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return java.nio.file.Files.size(target);
    } catch (IOException e) {
      throw new InvalidInputException("cannot write " + target + ": " + e.getMessage());
    } finally {
      try {
        java.nio.file.Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort: the temporary file sits beside the target
      }
    }
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
    return authorized(HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT), false);
  }

  private HttpRequest.Builder unsafe(String path) {
    return authorized(HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT), true);
  }

  /** Adds the token, or the session cookie (and for a change, its CSRF token) after logging in once. */
  private HttpRequest.Builder authorized(HttpRequest.Builder b, boolean changes) {
    if (credentials.token() != null) {
      return b.header("Authorization", "Bearer " + credentials.token());
    }
    if (credentials.user() == null) {
      return b;
    }
    String[] s = session();
    b.header("Cookie", "trainyard_session=" + s[0]);
    return changes ? b.header("X-CSRF-Token", s[1]) : b;
  }

  private synchronized String[] session() {
    if (session == null) {
      com.fasterxml.jackson.databind.node.ObjectNode body = JSON.createObjectNode();
      body.put("user", credentials.user());
      body.put("password", credentials.password() == null ? "" : credentials.password());
      HttpResponse<String> res = send(HttpRequest.newBuilder(uri("/api/v1/auth/login")).timeout(REQUEST_TIMEOUT)
          .header("Content-Type", "application/json").POST(BodyPublishers.ofString(body.toString())).build(),
          BodyHandlers.ofString());
      if (res.statusCode() != 200) {
        throw failure(res.statusCode(), res.body());
      }
      String cookie = res.headers().allValues("Set-Cookie").stream()
          .filter(c -> c.startsWith("trainyard_session=")).findFirst()
          .map(c -> c.substring("trainyard_session=".length()).split(";", 2)[0])
          .orElseThrow(() -> new ServerFailure("the server at " + base + " did not open a session on login"));
      try {
        session = new String[] {cookie, JSON.readTree(res.body()).path("csrf_token").asText()};
      } catch (JsonProcessingException e) {
        throw new ServerFailure("the server at " + base + " answered the login with something other than JSON");
      }
    }
    return session;
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
    if (status == 401) {
      return new InvalidInputException(message + " (give --token or TRAINYARD_TOKEN, or TRAINYARD_USER and"
          + " TRAINYARD_PASSWORD)", details);
    }
    if (status >= 400 && status < 500) {
      return new InvalidInputException(message, details);
    }
    return new ServerFailure("the server at " + base + " failed (" + status + "): " + message);
  }
}
