package dev.trainyard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.app.node.EmbeddedPlatform;
import dev.trainyard.cluster.job.JobSpec;
import dev.trainyard.cluster.store.EventRecord;
import dev.trainyard.cluster.store.JobRecord;
import dev.trainyard.cluster.store.JobStatus;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.model.ProgressListener.Progress;
import dev.trainyard.ml.pipeline.ExperimentResult;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one {@code train} job through an {@link EmbeddedPlatform}: imports the files as datasets,
 * submits the job, shows its progress events on the printer, and returns the in-memory result.
 * A failure whose cause is the input becomes an {@link InvalidInputException} (exit 2).
 */
final class EmbeddedRun {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EmbeddedRun() {}

  /** What the job produced. */
  record Outcome(ExperimentResult result, int rows, int columns, double loadSeconds) {}

  static Outcome run(EmbeddedPlatform platform, Path data, Optional<Path> test, java.util.function.Function<String,
      com.fasterxml.jackson.databind.node.ObjectNode> specWithDatasets, ProgressPrinter printer)
      throws InterruptedException {
    var c = platform.coordinator();
    String trainId = c.datasets().importFile("local", data).id();
    Optional<String> testId = test.map(t -> c.datasets().importFile("local", t).id());
    var json = specWithDatasets.apply(trainId);
    testId.ifPresent(id -> json.putObject("validation").put("test_dataset", id));
    JobSpec spec = dev.trainyard.cluster.job.JobSpecParser.parse(json);
    AtomicReference<Outcome> outcome = new AtomicReference<>();
    c.onFinished((id, r, rows, cols, load) -> outcome.set(new Outcome(r, rows, cols, load)));
    JobRecord job = c.submit("local", spec);
    JobRecord done = follow(platform, job.id(), printer);
    if (done.status() != JobStatus.SUCCEEDED) {
      String reason = done.error().orElse("job " + done.status().id());
      if (failedOnInput(platform, done.id())) {
        throw new InvalidInputException(reason);
      }
      throw new JobFailedException(reason);
    }
    return outcome.get();
  }

  private static JobRecord follow(EmbeddedPlatform platform, String id, ProgressPrinter printer)
      throws InterruptedException {
    var store = platform.coordinator().store();
    Map<String, ProgressPrinter> stages = new HashMap<>();
    long seq = 0;
    while (true) {
      JobRecord j = store.job(id).orElseThrow();
      for (EventRecord e : store.events(id, seq, 1000)) {
        seq = e.seq();
        if (e.type().equals("progress")) {
          show(e, stages, printer);
        }
      }
      if (j.status().isFinal() && store.events(id, seq, 1).isEmpty()) {
        return j;
      }
      Thread.sleep(20);
    }
  }

  private static void show(EventRecord e, Map<String, ProgressPrinter> stages, ProgressPrinter printer) {
    try {
      JsonNode n = JSON.readTree(e.json());
      String stage = n.path("stage").asText("training");
      ProgressPrinter p = stages.computeIfAbsent(stage, printer::stage);
      p.onProgress(new Progress(n.path("unit").asText(), n.path("done").asInt(), n.path("total").asInt(),
          n.has("loss") ? n.path("loss").asDouble() : Double.NaN,
          n.has("val_loss") ? n.path("val_loss").asDouble() : Double.NaN));
    } catch (com.fasterxml.jackson.core.JsonProcessingException ignored) {
      // a malformed progress event only costs a progress line
    }
  }

  /** Whether the job's final status event says the input was at fault ({@code "cause": "input"}). */
  private static boolean failedOnInput(EmbeddedPlatform platform, String id) {
    boolean input = false;
    for (EventRecord e : platform.coordinator().store().events(id, 0, 100_000)) {
      if (e.type().equals("status")) {
        try {
          input = JSON.readTree(e.json()).path("cause").asText().equals("input");
        } catch (com.fasterxml.jackson.core.JsonProcessingException bad) {
          input = false;
        }
      }
    }
    return input;
  }
}
