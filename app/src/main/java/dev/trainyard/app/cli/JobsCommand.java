package dev.trainyard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trainyard jobs}: the caller's jobs on a coordinator, newest first, as a table or JSON. */
@Command(name = "jobs", mixinStandardHelpOptions = true, sortOptions = false,
    description = "List your jobs on a Trainyard coordinator, newest first.")
public final class JobsCommand extends ClientCommand {
  private static final String[] HEADER = {"ID", "STATUS", "ALGORITHM", "DATASET", "PROGRESS", "CREATED"};

  @Option(names = "--status", paramLabel = "STATUS", description = "Only jobs in this status: queued, running, succeeded, failed or cancelled.")
  String status;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N jobs (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print the JSON list as the API returns it.")
  boolean json;

  @Override
  protected int run(ApiClient api) {
    StringBuilder path = new StringBuilder("/api/v1/jobs?limit=").append(limit);
    if (status != null) {
      path.append("&status=").append(URLEncoder.encode(status, StandardCharsets.UTF_8));
    }
    JsonNode jobs = api.get(path.toString());
    if (json) {
      System.out.println(jobs.toString());
      return 0;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (JsonNode j : jobs) {
      rows.add(new String[] {j.path("id").asText(), j.path("status").asText(), j.path("algorithm").asText(),
          j.path("dataset").asText(), Math.round(j.path("progress").asDouble() * 100) + "%",
          j.path("created_at").asText()});
    }
    printTable(rows);
    return 0;
  }

  private static void printTable(List<String[]> rows) {
    int[] width = new int[HEADER.length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(i == r.length - 1 ? r[i] : String.format(Locale.ROOT, "%-" + (width[i] + 2) + "s", r[i]));
      }
      System.out.println(line.toString().stripTrailing());
    }
  }
}
