package dev.trainyard.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import dev.trainyard.cluster.store.DatasetRecord;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.CategoricalColumn;
import dev.trainyard.ml.data.ChunkResult;
import dev.trainyard.ml.data.Column;
import dev.trainyard.ml.data.ColumnStats;
import dev.trainyard.ml.data.ColumnType;
import dev.trainyard.ml.data.CsvChunks;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.FrameFile;
import dev.trainyard.ml.data.NumericColumn;
import dev.trainyard.ml.data.TextColumn;
import dev.trainyard.ml.data.TypeInference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inferred schema of a dataset: per column its type, missing values and distinct values. A CSV
 * file's types come from its first {@value #SAMPLE_ROWS} records (at most {@value #SAMPLE_BYTES}
 * bytes of them), read by the ml module's CSV reader and typed by {@link TypeInference} exactly as a
 * preprocessing job types a file whose records are all in the sample; a column the rules refuse
 * (mostly numbers with a stray word) keeps the type it was read as and names the problem. A typed
 * dataset's schema is exact. Stateless.
 */
final class DatasetSchema {
  static final int SAMPLE_ROWS = 10_000;
  static final long SAMPLE_BYTES = 16L << 20;

  private DatasetSchema() {}

  static ObjectNode of(DatasetRecord d, Path file) {
    return switch (DatasetFiles.kind(d)) {
      case FRAME -> exact(d, FrameFile.read(file));
      case LIBSVM -> sampled(d, DatasetFiles.libsvmHead(file, d, SAMPLE_ROWS), Map.of(), false);
      case CSV -> csv(d, file);
    };
  }

  private static ObjectNode exact(DatasetRecord d, Frame f) {
    return sampled(d, f, Map.of(), true);
  }

  /** Copies the sample into a temporary CSV beside the dataset, so the real reader can read it. */
  private static ObjectNode csv(DatasetRecord d, Path file) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".sample-", ".csv");
      boolean complete = copyHead(d, file, tmp);
      Path sample = tmp;
      return DatasetFiles.named(d, sample, () -> typed(d, sample, complete));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sample dataset " + d.id() + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static ObjectNode typed(DatasetRecord d, Path sample, boolean complete) {
    CsvOptions options = CsvOptions.defaults();
    ChunkResult r = CsvReader.readChunk(sample, CsvChunks.split(sample, 1, options).get(0), options);
    Map<String, String> problems = new java.util.HashMap<>();
    Map<String, ColumnType> types = inferTypes(List.of(r.stats()), d.name(), problems);
    ObjectNode n = sampled(d, r.frame(), problems, complete);
    int j = 0;
    for (Column c : r.frame().columns()) {
      ((ObjectNode) n.get("columns").get(j++)).put("type", types.getOrDefault(c.name(), c.type()).id());
    }
    return n;
  }

  /**
   * The type of every column by {@link TypeInference#merge}, one column at a time so that one refused
   * column does not hide the others: a refused column gets no type here and its message in
   * {@code problems}.
   */
  static Map<String, ColumnType> inferTypes(List<Map<String, ColumnStats>> perChunk, String source,
      Map<String, String> problems) {
    Map<String, ColumnType> types = new java.util.LinkedHashMap<>();
    for (String column : perChunk.get(0).keySet()) {
      List<Map<String, ColumnStats>> one = new java.util.ArrayList<>();
      perChunk.forEach(chunk -> one.add(Map.of(column, chunk.get(column))));
      try {
        types.putAll(TypeInference.merge(one, CsvOptions.defaults(), source));
      } catch (InvalidInputException e) {
        problems.put(column, e.getMessage());
      }
    }
    return types;
  }

  /** Writes the header and the first records; true when that was the whole file. */
  private static boolean copyHead(DatasetRecord d, Path file, Path tmp) throws IOException {
    try (de.siegmar.fastcsv.reader.CsvReader<CsvRecord> csv = DatasetFiles.csv(DatasetFiles.reader(file, d));
        Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      CsvWriter out = CsvWriter.builder().build(w);
      Iterator<CsvRecord> records = csv.iterator();
      long chars = 0;
      for (int i = 0; i <= SAMPLE_ROWS && chars < SAMPLE_BYTES && records.hasNext(); i++) {
        List<String> fields = records.next().getFields();
        out.writeRecord(fields);
        for (String f : fields) {
          chars += f.length() + 1;
        }
      }
      out.flush();
      return !records.hasNext();
    } catch (de.siegmar.fastcsv.reader.CsvParseException e) {
      throw new InvalidInputException(d.name() + ": malformed CSV: " + e.getMessage(), e);
    }
  }

  /** {@code {dataset, format, rows_sampled, complete, columns: [{name, type, missing, distinct}]}}. */
  private static ObjectNode sampled(DatasetRecord d, Frame f, Map<String, String> problems, boolean complete) {
    ObjectNode n = ApiJson.MAPPER.createObjectNode();
    n.put("dataset", d.id());
    n.put("format", d.format());
    n.put("rows_sampled", f.rowCount());
    n.put("complete", complete);
    ArrayNode columns = n.putArray("columns");
    for (Column c : f.columns()) {
      ObjectNode col = columns.addObject();
      col.put("name", c.name());
      col.put("type", c.type().id());
      long missing = 0;
      for (int i = 0; i < f.rowCount(); i++) {
        if (c.isMissing(f.physicalRow(i))) {
          missing++;
        }
      }
      col.put("missing", missing);
      col.put("distinct", distinct(f, c));
      if (problems.containsKey(c.name())) {
        col.put("problem", problems.get(c.name()));
      }
    }
    return n;
  }

  /** Distinct present values of the frame's rows of column {@code c}. */
  private static int distinct(Frame f, Column c) {
    if (c instanceof CategoricalColumn cat) {
      boolean[] seen = new boolean[cat.levels().size()];
      int n = 0;
      for (int i = 0; i < f.rowCount(); i++) {
        int code = cat.codes()[f.physicalRow(i)];
        if (code != CategoricalColumn.MISSING && !seen[code]) {
          seen[code] = true;
          n++;
        }
      }
      return n;
    }
    Set<Object> values = new HashSet<>();
    for (int i = 0; i < f.rowCount(); i++) {
      int p = f.physicalRow(i);
      if (!c.isMissing(p)) {
        values.add(c instanceof NumericColumn num ? (Object) num.values()[p] : ((TextColumn) c).values()[p]);
      }
    }
    return values.size();
  }

  static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a stray temporary file is harmless: it is never read again
      }
    }
  }
}
