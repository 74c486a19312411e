package dev.trainyard.ml.data;

import de.siegmar.fastcsv.reader.CsvRecord;
import dev.trainyard.common.Check;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Splits a CSV file into chunks of whole records that separate tasks can parse on their own
 * ({@link CsvReader#readChunk}), and runs the protocol that turns the chunks into exactly the frame
 * {@link CsvReader#read} gives ({@link #read}). Stateless and thread-safe.
 *
 * <p>How a boundary is known to be a real record start: a newline may sit inside a quoted field, so
 * no position can be judged by looking around it. {@link #split} scans the file's bytes once from the
 * top with the same state machine as FastCSV's parser (quoted field, escaped quote, CR/LF/CRLF, and
 * FastCSV's own quirks: see {@code RecordScanner}) and
 * puts each boundary at the first record that starts at or after an equal share of the bytes; the
 * scan also counts lines, so each chunk knows the line its first record starts on. It is a plain
 * sequential byte loop (hundreds of MB/s) and stops at the last boundary.
 */
public final class CsvChunks {
  /** Most chunks one file may be split into. */
  public static final int MAX_CHUNKS = 100_000;
  private static final int MAX_HEADER_BYTES = 16 << 20;

  private CsvChunks() {}

  /**
   * At most {@code chunks} byte ranges of {@code file}, in file order, covering every data record once;
   * fewer when the file has fewer records or a record is longer than a share. Every chunk carries the
   * header's column names; the header itself is in none. A gzip file ({@code .gz}) cannot be split —
   * a deflate stream has no points to start decoding from — so it gives one chunk of the whole file.
   *
   * @throws InvalidInputException when the file is empty or its header repeats a name
   */
  public static List<CsvChunk> split(Path file, int chunks, CsvOptions options) {
    Check.between("chunks", chunks, 1, MAX_CHUNKS);
    if (!options.header()) {
      throw new UnsupportedOperationException("CSV without a header row is not supported yet");
    }
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException("file not found: " + file);
    }
    try {
      return CsvReader.isGzip(file) ? splitGzip(file, options) : splitPlain(file, chunks, options);
    } catch (IOException e) {
      throw new InvalidInputException(file.getFileName() + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static List<CsvChunk> splitPlain(Path file, int chunks, CsvOptions options) throws IOException {
    long size = Files.size(file);
    Boundaries b = new Boundaries(chunks, size);
    scan(file, new RecordScanner(options.separator(), b::recordStart), b);
    List<String> header = header(file, b, options);
    List<CsvChunk> out = new ArrayList<>();
    for (int k = 0; k < b.starts.size(); k++) {
      long end = k + 1 < b.starts.size() ? b.starts.get(k + 1) : size;
      out.add(new CsvChunk(k, b.starts.get(k), end, b.lines.get(k), header));
    }
    return out;
  }

  private static List<CsvChunk> splitGzip(Path file, CsvOptions options) throws IOException {
    Boundaries b = new Boundaries(1, Long.MAX_VALUE);
    scan(file, new RecordScanner(options.separator(), b::recordStart), b);
    List<String> header = header(file, b, options);
    return List.of(new CsvChunk(0, b.starts.get(0), CsvChunk.TO_END, b.lines.get(0), header));
  }

  private static void scan(Path file, RecordScanner scanner, Boundaries b) throws IOException {
    byte[] buf = new byte[1 << 16];
    try (InputStream in = CsvReader.decoded(file)) {
      for (int n = in.read(buf); n >= 0 && scanner.scan(buf, n); n = in.read(buf)) {
        // the scanner reports record starts to the boundaries as it goes
      }
    }
    b.finish(scanner);
  }

  /** The header's column names, parsed by FastCSV from the bytes before the first data record. */
  private static List<String> header(Path file, Boundaries b, CsvOptions options) throws IOException {
    String source = file.getFileName().toString();
    if (b.headerStart < 0) {
      throw new InvalidInputException(source + " is empty: expected a header row and data rows");
    }
    long headerEnd = b.starts.get(0);
    if (headerEnd > MAX_HEADER_BYTES) {
      throw new InvalidInputException(source + ": the header must be at most " + MAX_HEADER_BYTES
          + " bytes, was " + headerEnd);
    }
    byte[] bytes;
    try (InputStream in = CsvReader.decoded(file)) {
      bytes = in.readNBytes((int) headerEnd);
    }
    try (de.siegmar.fastcsv.reader.CsvReader<CsvRecord> csv = de.siegmar.fastcsv.reader.CsvReader.builder()
        .fieldSeparator(options.separator())
        .skipEmptyLines(true)
        .allowExtraFields(true)
        .allowMissingFields(true)
        .ofCsvRecord(new String(bytes, StandardCharsets.UTF_8))) {
      Iterator<CsvRecord> records = csv.iterator();
      CsvRecord first = records.next();
      return CsvHandler.columnNames(first.getFields(), source, first.getStartingLineNumber());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (de.siegmar.fastcsv.reader.CsvParseException e) {
      throw new InvalidInputException(source + ": malformed CSV header: " + e.getMessage(), e);
    }
  }

  /**
   * Reads {@code file} in {@code chunks} chunks, one after another in this thread, exactly as a
   * distributed preprocessing job does it on several machines: read every chunk; merge their stats;
   * re-read with the merged types each chunk read as other types, and merge again, until none differ;
   * concatenate. The result equals {@link CsvReader#read}.
   */
  public static Frame read(Path file, int chunks, CsvOptions options) {
    List<ChunkResult> results = new ArrayList<>();
    for (CsvChunk chunk : split(file, chunks, options)) {
      results.add(CsvReader.readChunk(file, chunk, options));
    }
    String source = file.getFileName().toString();
    Map<String, ColumnType> merged = TypeInference.merge(stats(results), options, source);
    for (int round = 0; anyDiffers(results, merged); round++) {
      if (round == 2) {
        // TypeInference.merge settles every column after at most two rounds of re-reading.
        throw new IllegalStateException(source + ": chunk types still differ after two re-reads: " + merged);
      }
      for (int k = 0; k < results.size(); k++) {
        if (results.get(k).differsFrom(merged)) {
          results.set(k, CsvReader.readChunk(file, results.get(k).chunk(), options.withTypes(merged)));
        }
      }
      merged = TypeInference.merge(stats(results), options, source);
    }
    List<Frame> frames = new ArrayList<>(results.size());
    for (ChunkResult r : results) {
      frames.add(r.frame());
    }
    return Frames.concat(frames);
  }

  /** The stats of each result, in order: the input of {@link TypeInference#merge}. */
  public static List<Map<String, ColumnStats>> stats(List<ChunkResult> results) {
    List<Map<String, ColumnStats>> stats = new ArrayList<>(results.size());
    for (ChunkResult r : results) {
      stats.add(r.stats());
    }
    return stats;
  }

  private static boolean anyDiffers(List<ChunkResult> results, Map<String, ColumnType> merged) {
    for (ChunkResult r : results) {
      if (r.differsFrom(merged)) {
        return true;
      }
    }
    return false;
  }

  /** Collects the header's start and the chunk starts while the scanner runs. */
  private static final class Boundaries {
    private final int chunks;
    private final long size;
    private final List<Long> starts = new ArrayList<>();
    private final List<Long> lines = new ArrayList<>();
    private long headerStart = -1;
    private long nextTarget;

    Boundaries(int chunks, long size) {
      this.chunks = chunks;
      this.size = size;
    }

    boolean recordStart(long position, long line) {
      if (headerStart < 0) {
        headerStart = position;
        return true;
      }
      if (starts.isEmpty() || position >= nextTarget) {
        starts.add(position);
        lines.add(line);
        nextTarget = target(starts.size());
      }
      return starts.size() < chunks;
    }

    /** Where chunk {@code k} should start at the earliest: k equal shares of the data bytes. */
    private long target(int k) {
      long first = starts.get(0);
      return first + (long) ((double) (size - first) * k / chunks);
    }

    /** When no data record follows the header, one empty chunk where the data would start. */
    void finish(RecordScanner scanner) {
      if (headerStart >= 0 && starts.isEmpty()) {
        starts.add(scanner.position());
        lines.add(scanner.line());
      }
    }
  }
}
