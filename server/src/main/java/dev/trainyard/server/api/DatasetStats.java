package dev.trainyard.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainyard.cluster.store.DatasetRecord;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.ChunkResult;
import dev.trainyard.ml.data.ColumnStats;
import dev.trainyard.ml.data.ColumnType;
import dev.trainyard.ml.data.CsvChunk;
import dev.trainyard.ml.data.CsvChunks;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.FrameFile;
import dev.trainyard.ml.data.LibSvmReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Row count, column count and per-column summaries ({@link ColumnSummary}) of a whole dataset. A
 * typed dataset is summarized from its frame. A CSV file is read in chunks of about
 * {@value #CHUNK_BYTES} bytes, twice, one chunk in memory at a time: the first pass gives every
 * chunk's column facts, {@link dev.trainyard.ml.data.TypeInference} turns them into the whole file's types (as a
 * preprocessing job does), the second pass reads each chunk with those types and adds it to the
 * summaries. A gzipped CSV file is first unpacked to a temporary file (a deflate stream cannot be
 * split). A LibSVM file is read in batches of {@value #LIBSVM_BATCH} lines. Stateless.
 */
final class DatasetStats {
  static final long CHUNK_BYTES = 16L << 20;
  static final int LIBSVM_BATCH = 1000;
  private static final Pattern LINE = Pattern.compile(" line (\\d+)");

  private DatasetStats() {}

  static ObjectNode of(DatasetRecord d, Path file) {
    return of(d, file, CHUNK_BYTES);
  }

  /** As {@link #of(DatasetRecord, Path)} with CSV chunks of about {@code chunkBytes} (tests use small ones). */
  static ObjectNode of(DatasetRecord d, Path file, long chunkBytes) {
    return switch (DatasetFiles.kind(d)) {
      case FRAME -> frame(d, FrameFile.read(file));
      case LIBSVM -> libsvm(d, file);
      case CSV -> csv(d, file, chunkBytes);
    };
  }

  private static ObjectNode frame(DatasetRecord d, Frame f) {
    List<ColumnSummary> columns = new ArrayList<>();
    for (int j = 0; j < f.columnCount(); j++) {
      ColumnSummary s = new ColumnSummary(f.column(j).name(), f.column(j).type());
      s.add(f, j);
      columns.add(s);
    }
    return json(d, f.rowCount(), columns);
  }

  private static ObjectNode csv(DatasetRecord d, Path stored, long chunkBytes) {
    Path unpacked = null;
    try {
      Path file = stored;
      if (DatasetFiles.gzip(d)) {
        unpacked = Files.createTempFile(stored.toAbsolutePath().getParent(), ".stats-", ".csv");
        try (InputStream in = DatasetFiles.open(stored, d)) {
          Files.copy(in, unpacked, StandardCopyOption.REPLACE_EXISTING);
        }
        file = unpacked;
      }
      Path read = file;
      return DatasetFiles.named(d, read, () -> csvPasses(d, read, chunkBytes));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dataset " + d.id() + ": " + e.getMessage(), e);
    } finally {
      DatasetSchema.deleteQuietly(unpacked);
    }
  }

  private static ObjectNode csvPasses(DatasetRecord d, Path file, long chunkBytes) {
    CsvOptions options = CsvOptions.defaults();
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int k = (int) Math.max(1, Math.min(CsvChunks.MAX_CHUNKS, (size + chunkBytes - 1) / chunkBytes));
    List<CsvChunk> chunks = CsvChunks.split(file, k, options);
    List<Map<String, ColumnStats>> first = new ArrayList<>();
    for (CsvChunk c : chunks) {
      first.add(CsvReader.readChunk(file, c, options).stats());
    }
    Map<String, String> problems = new HashMap<>();
    Map<String, ColumnType> types = DatasetSchema.inferTypes(first, d.name(), problems);
    // a refused column is summarized by its text
    problems.keySet().forEach(c -> types.put(c, ColumnType.CATEGORICAL));
    List<String> header = chunks.get(0).header();
    List<ColumnSummary> columns = new ArrayList<>();
    header.forEach(name -> columns.add(new ColumnSummary(name, types.get(name))));
    List<Map<String, ColumnStats>> second = new ArrayList<>();
    long rows = 0;
    for (CsvChunk c : chunks) {
      ChunkResult r = CsvReader.readChunk(file, c, options.withTypes(types));
      rows += r.frame().rowCount();
      for (int j = 0; j < columns.size(); j++) {
        columns.get(j).add(r.frame(), j);
      }
      second.add(r.stats());
    }
    // now that every chunk kept the text of its values, levels-or-text is decided exactly
    Map<String, ColumnType> exact = DatasetSchema.inferTypes(second, d.name(), new HashMap<>());
    for (ColumnSummary s : columns) {
      s.type(problems.containsKey(s.name()) ? ColumnType.CATEGORICAL : exact.getOrDefault(s.name(), types.get(s.name())));
      s.problem(problems.get(s.name()));
    }
    return json(d, rows, columns);
  }

  /** Batches of lines, each parsed on its own; a feature absent from a batch is 0 there, as in the file. */
  private static ObjectNode libsvm(DatasetRecord d, Path file) {
    List<ColumnSummary> features = new ArrayList<>();
    ColumnSummary label = new ColumnSummary(LibSvmReader.LABEL, ColumnType.NUMERIC);
    long rows = 0;
    try (BufferedReader lines = new BufferedReader(DatasetFiles.reader(file, d), 1 << 16)) {
      long lineOffset = 0;
      for (List<String> batch = next(lines); !batch.isEmpty(); batch = next(lines)) {
        Frame f = libsvmBatch(d, batch, lineOffset);
        lineOffset += batch.size();
        if (f == null) {
          continue;
        }
        int width = f.columnCount() - 1;
        while (features.size() < width) {
          ColumnSummary s = new ColumnSummary("f" + (features.size() + 1), ColumnType.NUMERIC);
          s.addConstant(rows, 0);
          features.add(s);
        }
        for (int j = 0; j < features.size(); j++) {
          if (j < width) {
            features.get(j).add(f, j);
          } else {
            features.get(j).addConstant(f.rowCount(), 0);
          }
        }
        label.add(f, width);
        rows += f.rowCount();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dataset " + d.id() + ": " + e.getMessage(), e);
    }
    if (rows == 0) {
      throw new InvalidInputException(d.name() + " has no data rows");
    }
    features.add(label);
    return json(d, rows, features);
  }

  private static List<String> next(BufferedReader lines) throws IOException {
    List<String> batch = new ArrayList<>(LIBSVM_BATCH);
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      batch.add(line);
      if (batch.size() == LIBSVM_BATCH) {
        break;
      }
    }
    return batch;
  }

  /** The batch's rows, or null when it holds only blank and comment lines; errors name lines of the file. */
  private static Frame libsvmBatch(DatasetRecord d, List<String> batch, long lineOffset) throws IOException {
    boolean any = batch.stream().anyMatch(l -> !l.strip().isEmpty() && !l.strip().startsWith("#"));
    if (!any) {
      return null;
    }
    try {
      return LibSvmReader.read(new StringReader(String.join("\n", batch)), d.name(), 0);
    } catch (InvalidInputException e) {
      Matcher m = LINE.matcher(e.getMessage());
      if (!m.find()) {
        throw e;
      }
      long line = Long.parseLong(m.group(1)) + lineOffset;
      throw new InvalidInputException(e.getMessage().substring(0, m.start()) + " line " + line
          + e.getMessage().substring(m.end()), e);
    }
  }

  /** {@code {dataset, format, rows, column_count, columns: [...]}}. */
  private static ObjectNode json(DatasetRecord d, long rows, List<ColumnSummary> columns) {
    ObjectNode n = ApiJson.MAPPER.createObjectNode();
    n.put("dataset", d.id());
    n.put("format", d.format());
    n.put("rows", rows);
    n.put("column_count", columns.size());
    ArrayNode arr = n.putArray("columns");
    columns.forEach(c -> arr.add(c.toJson()));
    return n;
  }
}
