package dev.trainyard.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.trainyard.cluster.data.DatasetRepository;
import dev.trainyard.cluster.store.DatasetRecord;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.NotFoundException;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.FrameFile;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What the dataset page shows: {@code GET /api/v1/datasets/{id}/preview?rows=N} (the first rows as
 * stored), {@code .../schema} (inferred column types from a sample, see {@link DatasetSchema}) and
 * {@code .../stats} (whole-file summaries, see {@link DatasetStats}). Stats take a pass over the
 * file, so they are kept in memory per content hash for the {@value #CACHED_STATS} most recent
 * datasets, and concurrent requests for the same file share one computation. Readable by whoever may
 * see the dataset. Thread-safe.
 */
final class DatasetInfoRoutes {
  static final int DEFAULT_ROWS = 20;
  static final int MAX_ROWS = 1000;
  static final int CACHED_STATS = 64;

  private final DatasetRepository repository;
  private final CallerResolver callers;
  private final Access access;
  private final Object lock = new Object();
  /** Keyed by sha256 and format: identical bytes have identical stats. */
  @GuardedBy("lock")
  private final LinkedHashMap<String, CompletableFuture<ObjectNode>> stats =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<ObjectNode>> eldest) {
          return size() > CACHED_STATS;
        }
      };

  DatasetInfoRoutes(ApiConfig c) {
    this.repository = c.datasets();
    this.callers = c.callers();
    this.access = c.access();
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/datasets/{id}/preview", this::preview);
    routes.get("/api/v1/datasets/{id}/schema", ctx -> {
      DatasetRecord d = dataset(ctx);
      Path file = file(d);
      JobRoutes.json(ctx, 200, DatasetFiles.named(d, file, () -> DatasetSchema.of(d, file)));
    });
    routes.get("/api/v1/datasets/{id}/stats", ctx -> {
      DatasetRecord d = dataset(ctx);
      ObjectNode n = stats(d).deepCopy();
      n.put("dataset", d.id());
      JobRoutes.json(ctx, 200, n);
    });
  }

  private DatasetRecord dataset(Context ctx) {
    return access.readDataset(callers.resolve(ctx), ctx.pathParam("id"));
  }

  private Path file(DatasetRecord d) {
    Path file = repository.file(d);
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException("the file of dataset '" + d.id() + "' is missing from the data directory");
    }
    return file;
  }

  /** {@code {dataset, format, columns: [names], rows: [[values]]}}. */
  private void preview(Context ctx) {
    int rows = rows(ctx.queryParam("rows"));
    DatasetRecord d = dataset(ctx);
    Path file = file(d);
    ObjectNode n = ApiJson.MAPPER.createObjectNode();
    n.put("dataset", d.id());
    n.put("format", d.format());
    ArrayNode columns = n.putArray("columns");
    ArrayNode out = n.putArray("rows");
    DatasetFiles.named(d, file, () -> {
      if (DatasetFiles.kind(d) == DatasetFiles.Kind.CSV) {
        DatasetFiles.Preview p = DatasetFiles.csvHead(file, d, rows);
        p.columns().forEach(columns::add);
        for (java.util.List<String> row : p.rows()) {
          ArrayNode r = out.addArray();
          row.forEach(r::add);
        }
      } else {
        Frame f = DatasetFiles.kind(d) == DatasetFiles.Kind.FRAME ? FrameFile.read(file)
            : DatasetFiles.libsvmHead(file, d, rows);
        f.names().forEach(columns::add);
        DatasetFiles.frameRows(f, rows, out);
      }
      return n;
    });
    JobRoutes.json(ctx, 200, n);
  }

  static int rows(String raw) {
    if (raw == null) {
      return DEFAULT_ROWS;
    }
    try {
      int n = Integer.parseInt(raw.strip());
      if (n >= 1 && n <= MAX_ROWS) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the rule
    }
    throw new InvalidInputException("rows must be an integer between 1 and " + MAX_ROWS + ", was '" + raw + "'");
  }

  /** The cached or newly computed stats; a failed computation is not kept, so a retry runs it again. */
  private ObjectNode stats(DatasetRecord d) {
    String key = d.sha256() + "." + d.format();
    CompletableFuture<ObjectNode> mine = new CompletableFuture<>();
    CompletableFuture<ObjectNode> f;
    synchronized (lock) {
      f = stats.putIfAbsent(key, mine);
    }
    if (f == null) {
      f = mine;
      try {
        Path file = file(d);
        mine.complete(DatasetFiles.named(d, file, () -> DatasetStats.of(d, file)));
      } catch (RuntimeException e) {
        synchronized (lock) {
          stats.remove(key, mine);
        }
        mine.completeExceptionally(e);
      }
    }
    try {
      return f.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }
}
