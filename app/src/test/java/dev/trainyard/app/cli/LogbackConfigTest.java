package dev.trainyard.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.cluster.telemetry.LogContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * The product's {@code logback.xml} (not the tests' logback-test.xml), loaded into a logger context
 * of its own: text lines carry the job, task and worker ids of the MDC only when they are set;
 * {@code TRAINYARD_LOG_FORMAT=json} gives one JSON object per line with the MDC in it.
 */
class LogbackConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void textLinesNameTheJobTaskAndWorkerOnlyWhenTheyAreKnown() throws Exception {
    List<String> lines = logWith(null);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[main\\] d\\.t\\.a\\.c\\.LogbackConfigTest - no ids");
    assertThat(lines.get(1)).endsWith("LogbackConfigTest job=j-1 task=j-1.t0 worker=worker-1 - running");
    assertThat(lines.get(2)).endsWith("WARN  [main] d.t.a.c.LogbackConfigTest job=j-1 - assembling");
  }

  @Test
  void jsonLogsAreOneObjectPerLineWithTheMdc() throws Exception {
    List<String> lines = logWith("json");
    assertThat(lines).hasSize(3);
    JsonNode running = JSON.readTree(lines.get(1));
    assertThat(running.path("level").asText()).isEqualTo("INFO");
    assertThat(running.path("loggerName").asText()).isEqualTo(LogbackConfigTest.class.getName());
    assertThat(running.path("formattedMessage").asText()).isEqualTo("running");
    assertThat(running.path("mdc").path("job").asText()).isEqualTo("j-1");
    assertThat(running.path("mdc").path("task").asText()).isEqualTo("j-1.t0");
    assertThat(running.path("mdc").path("worker").asText()).isEqualTo("worker-1");
    assertThat(running.path("timestamp").asLong()).isPositive();
    JsonNode assembling = JSON.readTree(lines.get(2));
    assertThat(assembling.path("mdc").has("task")).isFalse();
    assertThat(assembling.path("mdc").path("job").asText()).isEqualTo("j-1");
    assertThat(JSON.readTree(lines.get(0)).path("mdc").size()).isZero();
  }

  /** Configures a fresh context from logback.xml ({@code format} as TRAINYARD_LOG_FORMAT), logs three lines. */
  @SuppressWarnings("try") // the resources are MDC entries
  private static List<String> logWith(String format) throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter()); // the one LogContext writes to
    if (format != null) {
      context.putProperty("TRAINYARD_LOG_FORMAT", format);
    }
    JoranConfigurator config = new JoranConfigurator();
    config.setContext(context);
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      config.doConfigure(LogbackConfigTest.class.getResource("/logback.xml"));
      Logger log = context.getLogger(LogbackConfigTest.class);
      log.info("no ids");
      try (LogContext task = LogContext.task("j-1", "j-1.t0", "worker-1")) {
        log.info("running");
      }
      try (LogContext job = LogContext.job("j-1")) {
        log.warn("assembling");
      }
    } finally {
      System.setErr(err);
      context.stop();
    }
    assertThat(context.getStatusManager().getCopyOfStatusList()).as("logback's complaints about logback.xml")
        .noneMatch(s -> s.getLevel() >= Status.WARN);
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
