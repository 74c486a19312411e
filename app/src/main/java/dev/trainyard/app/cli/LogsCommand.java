package dev.trainyard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trainyard logs JOB}: a job's events, one line each; {@code --follow} streams until the job ends. */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Print a job's events (status, progress, tasks, metrics), one line each.")
public final class LogsCommand extends ClientCommand {
  @Parameters(paramLabel = "JOB", description = "The job id (see 'trainyard jobs').")
  String jobId;

  @Option(names = {"--follow", "-f"}, description = "Keep printing new events until the job ends.")
  boolean follow;

  @Override
  protected int run(ApiClient api) {
    String id = URLEncoder.encode(jobId, StandardCharsets.UTF_8);
    if (follow) {
      new JobFollower(api, System.err).stream(id, 0, LogsCommand::print);
    } else {
      api.events(id, 0, false, LogsCommand::print);
    }
    System.out.flush();
    return 0;
  }

  private static void print(SseEvent e) {
    System.out.printf(Locale.ROOT, "%-24s %-9s %s%n", e.at().isEmpty() ? "-" : e.at(), e.type(), render(e));
  }

  /** A readable line for an event's JSON: "running", "trees 5/10", or key=value pairs. */
  static String render(SseEvent e) {
    JsonNode d;
    try {
      d = ApiClient.JSON.readTree(e.data());
    } catch (IOException ex) {
      return e.data();
    }
    if (d == null || !d.isObject()) {
      return e.data();
    }
    if (e.type().equals("progress") && d.has("done")) {
      return d.path("stage").asText("progress") + " " + d.path("done").asText() + "/" + d.path("total").asText()
          + rest(d, "stage", "done", "total");
    }
    if (e.type().equals("status") && d.has("status")) {
      return d.path("status").asText() + rest(d, "status");
    }
    return rest(d).strip();
  }

  private static String rest(JsonNode d, String... skip) {
    StringBuilder sb = new StringBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (java.util.Arrays.asList(skip).contains(f.getKey())) {
        continue;
      }
      JsonNode v = f.getValue();
      sb.append(' ').append(f.getKey()).append('=').append(v.isTextual() ? v.asText() : v.toString());
    }
    return sb.toString();
  }
}
