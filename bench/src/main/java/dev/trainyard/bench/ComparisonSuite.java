package dev.trainyard.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison suites (forest, linear, als, fashion-mnist) and {@code all}: prepares the data,
 * runs every workload on Trainyard and the peers ({@link Comparison}), adds the distributed parts
 * (jobs forest scaling, PS throughput) and writes {@code results.json} (after every run, so an
 * interrupted run keeps what it measured), the charts and {@code results.md}.
 */
final class ComparisonSuite {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final BenchMain o;
  private final Path datasets;
  private final List<String> systems = new ArrayList<>();
  private final Map<String, String> unavailable = new LinkedHashMap<>();
  private final Map<String, Object> distributed = new LinkedHashMap<>();
  private final List<String> sections = new ArrayList<>();
  private List<Workload> workloads = List.of();
  private Comparison comparison;

  ComparisonSuite(BenchMain options, Path datasets) {
    this.o = options;
    this.datasets = datasets;
  }

  int run() throws Exception {
    boolean all = o.suites.contains("all");
    List<String> comp = new ArrayList<>();
    for (String s : all ? Workloads.SUITES.subList(0, 3) : o.suites) {
      if (Workloads.SUITES.contains(s)) {
        comp.add(s);
      }
    }
    for (String s : o.suites) {
      if (Workloads.SUITES.contains(s) && !comp.contains(s)) {
        comp.add(s);
      }
    }
    List<String> ids = new ArrayList<>(Workloads.idsOf(comp));
    if (o.workloads != null) {
      ids.retainAll(o.workloads);
    }
    Files.createDirectories(o.out);
    systems.add(Systems.TRAINYARD);
    for (String p : o.peers) {
      String name = p.equals("scikit-learn") ? Systems.SKLEARN : p;
      if (!name.equals("none") && !systems.contains(name)) {
        systems.add(name);
      }
    }
    try (Systems runner = new Systems(o.threads, o.seed, o.childHeap, Duration.ofSeconds(o.runTimeout),
        o.out.resolve("logs"))) {
      for (String s : systems) {
        String why = runner.unavailable(s);
        if (why != null) {
          unavailable.put(s, why);
          System.out.println("peer " + s + ": not available — " + why);
        }
      }
      Workloads catalogue = new Workloads(new DataCache(datasets, o.cache, o.seed), o.quick);
      List<Workload> ws = new ArrayList<>();
      for (String id : ids) {
        ws.add(catalogue.get(id)); // prepares the data before anything is timed
      }
      workloads = List.copyOf(ws);
      if (o.prepareOnly) {
        workloads.forEach(w -> System.out.printf(Locale.ROOT, "%-15s %s, %s%n", w.id(), w.data().train(),
            w.data().test()));
        return 0;
      }
      comparison = new Comparison(runner, systems, unavailable, o.repeat,
          o.noProfile ? null : o.out.resolve("profiles"), this::saveJson);
      for (Workload w : workloads) {
        comparison.run(w);
      }
    }
    if (all || o.suites.contains("jobs")) {
      jobs(all && !o.suites.contains("jobs") ? List.of("forest") : o.parts);
    }
    if (all || o.suites.contains("ps")) {
      ps();
    }
    saveJson();
    String md = ReportWriter.write(o.out, List.of(o.out.resolve("results.json")));
    System.out.println();
    System.out.println(md);
    System.out.println("wrote " + o.out.resolve("results.json") + ", " + o.out.resolve("results.md") + " and "
        + o.out.resolve("charts"));
    return 0;
  }

  private void jobs(List<String> parts) {
    String why = jobsPrecondition();
    if (why != null) {
      distributed.put("jobs", Map.of("status", "not run: " + why));
      return;
    }
    Path dir = o.out.resolve("jobs");
    try {
      o.jobs(datasets, dir, parts, o.trees(), o.repeat);
      Map<String, Object> doc = JSON.readValue(dir.resolve("results.json").toFile(),
          new TypeReference<Map<String, Object>>() {});
      distributed.put("jobs", doc);
      sections.add("## Distributed: job system (`--suite jobs`, parts " + parts + ")\n\nPlatform jar: "
          + o.platformJar() + " (built " + Files.getLastModifiedTime(o.platformJar()) + "); full output in `jobs/`."
          + "\n\n" + Files.readString(dir.resolve("results.md")).replaceFirst("(?m)^## jobs\\s*", ""));
    } catch (Exception e) {
      distributed.put("jobs", Map.of("status", "failed: " + e));
      sections.add("## Distributed: job system\n\n**failed**: " + e);
    }
  }

  private String jobsPrecondition() {
    Path jar = o.platformJar();
    if (!Files.isRegularFile(jar) || !Files.isDirectory(jar.resolveSibling("lib"))) {
      return "no runnable platform jar at " + jar + "; build it with: mvn -B -o -pl app -am package -DskipTests";
    }
    try (Socket s = new Socket()) {
      URI u = URI.create(o.redis);
      s.connect(new InetSocketAddress(u.getHost(), u.getPort() > 0 ? u.getPort() : 6379), 2000);
      return null;
    } catch (IOException | IllegalArgumentException e) {
      return "no Redis at " + o.redis + " (" + e.getMessage() + "); install and start it: apt-get install -y"
          + " redis-server && redis-server --daemonize yes --bind 127.0.0.1 --save '' --appendonly no";
    }
  }

  private void ps() {
    List<PsThroughput.Result> rs = new ArrayList<>();
    try {
      for (int shards : new int[] {1, 2}) {
        rs.add(PsThroughput.measure(shards, o.quick ? 5 : 30, false,
            dev.trainyard.ps.client.PsClientOptions.DEFAULT_CHUNK_FLOATS));
      }
      distributed.put("ps", rs);
    } catch (Exception e) {
      distributed.put("ps", Map.of("status", "failed: " + e));
      distributed.put("ps_partial", rs);
    }
    StringBuilder sb = new StringBuilder("## Distributed: parameter-server throughput (`--suite ps`)\n\n"
        + "Shard JVMs on loopback, the client in the benchmark JVM, a raw TCP echo of the same bytes in the same run"
        + (o.quick ? " (--quick: 5 rounds)" : " (30 rounds)") + ".\n\n"
        + "| shards | dense push+pull 1M float32 rounds/s | GB/s | raw TCP GB/s | ratio (goal >= 50%) | sparse keys/s |\n"
        + "|---|---|---|---|---|---|\n");
    for (PsThroughput.Result r : rs) {
      sb.append(String.format(Locale.ROOT, "| %d | %.1f | %.3f | %.3f | %.0f%% | %,.0f |%n", r.shards(),
          r.denseRoundsPerSecond(), r.denseGbps(), r.rawGbps(), 100 * r.ratioToRaw(), r.sparseKeysPerSecond()));
    }
    if (distributed.get("ps") instanceof Map<?, ?> m) {
      sb.append("\n**failed**: ").append(m.get("status")).append('\n');
    }
    sections.add(sb.toString());
  }

  private String options() {
    return String.format(Locale.ROOT, "`--suite %s --repeat %d --threads %d --seed %d%s%s --child-heap %s`; each run"
            + " is a separate process (Trainyard: child JVM, peak RSS from its VmHWM); train time excludes process"
            + " start-up and data loading", String.join(",", o.suites), o.repeat, o.threads, o.seed,
        o.quick ? " --quick" : "", o.workloads != null ? " --workloads " + String.join(",", o.workloads) : "",
        o.childHeap);
  }

  private void saveJson() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("suites", o.suites);
    doc.put("quick", o.quick);
    doc.put("repeat", o.repeat);
    doc.put("threads", o.threads);
    doc.put("seed", o.seed);
    doc.put("child_heap", o.childHeap);
    doc.put("machine", Machine.describe());
    doc.put("date", LocalDate.now().toString());
    doc.put("systems", systems);
    doc.put("unavailable", unavailable);
    doc.put("options", options());
    doc.put("workloads", workloads);
    if (comparison != null) {
      doc.put("calibrations", comparison.calibrations());
      doc.put("profiles", comparison.profiles());
      doc.put("wall_seconds", comparison.wallSeconds());
      doc.put("runs", comparison.runs());
    }
    doc.put("distributed", distributed);
    doc.put("sections", sections);
    try {
      JSON.writeValue(o.out.resolve("results.json").toFile(), doc);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
