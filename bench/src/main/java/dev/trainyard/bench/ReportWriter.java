package dev.trainyard.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes {@code results.md} and the charts from one or more {@code results.json} files: the one a
 * run just wrote, or several (e.g. suites or repeats run in separate sessions, or an interrupted
 * run) merged with {@code --report-from DIR,DIR}. Runs of the same workload from several files are
 * pooled; the first file's calibration of a workload is the one shown.
 */
final class ReportWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportWriter() {}

  /** Reads {@code files}, writes {@code out/results.md} and {@code out/charts/}; returns the Markdown. */
  static String write(Path out, List<Path> files) throws IOException {
    List<String> systems = new ArrayList<>();
    Map<String, String> unavailable = new LinkedHashMap<>();
    Map<String, Workload> workloads = new LinkedHashMap<>();
    List<RunResult> runs = new ArrayList<>();
    Map<String, Comparison.Calibration> calibrations = new LinkedHashMap<>();
    Map<String, JfrSummary> profiles = new LinkedHashMap<>();
    Map<String, Double> wall = new LinkedHashMap<>();
    List<String> sections = new ArrayList<>();
    List<String> options = new ArrayList<>();
    Set<String> suites = new LinkedHashSet<>();
    String machine = null;
    boolean quick = false;
    JsonNode jobs = null;
    JsonNode ps = null;
    boolean jobsAsked = false;
    boolean psAsked = false;
    for (Path f : files) {
      JsonNode d = JSON.readTree(f.toFile());
      d.path("suites").forEach(s -> suites.add(s.asText()));
      boolean all = d.path("suites").toString().contains("\"all\"");
      jobsAsked |= all || d.path("suites").toString().contains("\"jobs\"");
      psAsked |= all || d.path("suites").toString().contains("\"ps\"");
      quick |= d.path("quick").asBoolean();
      machine = machine != null ? machine : d.path("machine").asText() + ", date " + d.path("date").asText();
      options.add(d.path("options").asText() + (files.size() > 1 ? " (" + f + ")" : ""));
      d.path("systems").forEach(s -> {
        if (!systems.contains(s.asText())) {
          systems.add(s.asText());
        }
      });
      d.path("unavailable").properties().forEach(e -> unavailable.putIfAbsent(e.getKey(), e.getValue().asText()));
      for (JsonNode w : d.path("workloads")) {
        workloads.putIfAbsent(w.path("id").asText(), JSON.treeToValue(w, Workload.class));
      }
      runs.addAll(JSON.convertValue(d.path("runs"), new TypeReference<List<RunResult>>() {}));
      Map<String, Comparison.Calibration> c = JSON.convertValue(d.path("calibrations"),
          new TypeReference<Map<String, Comparison.Calibration>>() {});
      if (c != null) {
        c.forEach(calibrations::putIfAbsent);
      }
      Map<String, JfrSummary> p = JSON.convertValue(d.path("profiles"), new TypeReference<Map<String, JfrSummary>>() {});
      if (p != null) {
        p.forEach(profiles::putIfAbsent);
      }
      d.path("wall_seconds").properties().forEach(e -> wall.merge(e.getKey(), e.getValue().asDouble(), Double::sum));
      d.path("sections").forEach(s -> sections.add(s.asText()));
      jobs = d.path("distributed").has("jobs") ? d.path("distributed").path("jobs") : jobs;
      ps = d.path("distributed").has("ps") ? d.path("distributed").path("ps") : ps;
    }
    // a system that ran somewhere is not "unavailable" in the merged report
    runs.stream().filter(RunResult::ok).forEach(r -> unavailable.remove(r.system()));
    List<Workload> ws = List.copyOf(workloads.values());
    List<String> goals = new ArrayList<>(Goals.lines(ws, runs, systems, calibrations));
    if (jobsAsked) {
      Map<String, Object> summary = jobs != null && jobs.has("forest_summary")
          ? JSON.convertValue(jobs.path("forest_summary"), new TypeReference<Map<String, Object>>() {}) : null;
      goals.add(Goals.forestEfficiency(summary, jobs == null ? "not run" : jobs.path("status").asText("no forest part")));
    }
    if (suites.contains("all")) {
      goals.add(Goals.psSgdEfficiency());
    }
    if (psAsked) {
      List<PsThroughput.Result> r = ps != null && ps.isArray()
          ? JSON.convertValue(ps, new TypeReference<List<PsThroughput.Result>>() {}) : null;
      goals.add(Goals.psThroughput(r, ps == null ? "not run" : ps.path("status").asText("not run")));
    }
    Map<String, List<String>> charts = Charts.write(out.resolve("charts"), out, ws, runs, systems);
    List<String> before = new ArrayList<>();
    if (charts.containsKey("")) {
      before.add("## Overview\n\n![speedup](" + charts.get("").get(0) + ")");
    }
    String md = Report.markdown(new Report.Input("Trainyard benchmarks: " + String.join(", ", suites)
        + (quick ? " (--quick smoke test: the numbers test the plumbing, not the systems)" : ""), machine,
        String.join("; ", options), systems, unavailable, ws, runs, calibrations, profiles, wall, charts, goals,
        before, sections));
    Files.createDirectories(out);
    Files.writeString(out.resolve("results.md"), md);
    return md;
  }
}
