package dev.trainyard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainyard.ml.model.ProgressListener.Progress;
import java.io.PrintStream;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Follows a job's event stream until the job is final, reconnecting after the last event seen when
 * the stream drops early (e.g. the coordinator restarted). {@link #follow} shows progress bars and
 * status changes on {@code log}. Not thread-safe.
 */
final class JobFollower {
  private static final Set<String> FINAL = Set.of("succeeded", "failed", "cancelled");
  private static final int MAX_RECONNECTS = 10;
  private static final long RECONNECT_PAUSE_MILLIS = 1000;

  private final ApiClient api;
  private final PrintStream log;
  private final ProgressPrinter printer;
  private String stage;

  JobFollower(ApiClient api, PrintStream log) {
    this.api = api;
    this.log = log;
    this.printer = new ProgressPrinter(log, ProgressPrinter.stderrIsTerminal(), "");
  }

  static boolean isFinal(String status) {
    return FINAL.contains(status);
  }

  /** Shows the job's progress until it ends; returns the final job JSON. */
  JsonNode follow(String jobId) {
    try {
      return stream(jobId, 0, this::show);
    } finally {
      printer.finish();
    }
  }

  /** Hands every event after {@code after} to {@code onEvent} until the job is final; returns the job. */
  JsonNode stream(String jobId, long after, Consumer<SseEvent> onEvent) {
    long last = after;
    int drops = 0;
    while (true) {
      long before = last;
      last = api.events(jobId, last, true, onEvent);
      JsonNode job = api.get("/api/v1/jobs/" + jobId);
      if (isFinal(job.path("status").asText())) {
        return job;
      }
      drops = last > before ? 0 : drops + 1;
      if (drops > MAX_RECONNECTS) {
        throw new ServerFailure("the event stream of job " + jobId + " keeps ending before the job does");
      }
      pause();
    }
  }

  private void show(SseEvent e) {
    JsonNode d = ApiClient.JSON.createObjectNode();
    try {
      d = ApiClient.JSON.readTree(e.data());
    } catch (java.io.IOException ignored) {
      // shown as it is below
    }
    switch (e.type()) {
      case "progress" -> {
        String s = d.path("stage").asText("progress");
        if (!Objects.equals(s, stage)) {
          printer.finish();
          stage = s;
        }
        printer.onProgress(new Progress(s, d.path("done").asInt(), d.path("total").asInt(),
            d.path("loss").asDouble(Double.NaN), d.path("val_loss").asDouble(Double.NaN)));
      }
      case "status" -> {
        printer.finish();
        stage = null;
        String error = d.path("error").asText("");
        log.println("status: " + d.path("status").asText() + (error.isEmpty() ? "" : " (" + error + ")"));
      }
      default -> { }
    }
  }

  private static void pause() {
    try {
      // a short pause before reconnecting, so a restarting coordinator is not hammered
      Thread.sleep(RECONNECT_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServerFailure("interrupted while following the job");
    }
  }
}
