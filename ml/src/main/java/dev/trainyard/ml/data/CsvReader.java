package dev.trainyard.ml.data;

import de.siegmar.fastcsv.reader.CsvParseException;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.NotFoundException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads an RFC 4180 CSV file ({@code .gz} by file name) into a {@link Frame}, inferring each
 * column's type by the rules of {@link TypeInference}: numeric if every present value is a number,
 * else categorical (few distinct values) or text. Bad input raises {@link InvalidInputException}
 * naming the file, line and column. Parsing is done by FastCSV; numbers are parsed from its buffers
 * without per-cell strings. A file can also be read in chunks ({@link #readChunk}) on different
 * machines and the chunks merged into the same frame ({@link CsvChunks}). Stateless and thread-safe.
 */
public final class CsvReader {
  private CsvReader() {}

  /** Reads {@code file} with {@code options}. */
  public static Frame read(Path file, CsvOptions options) {
    requireFile(file);
    Map<String, ColumnType> types = new HashMap<>(options.types());
    CsvHandler handler = new CsvHandler(file.getFileName().toString(), options, types);
    Frame frame = parse(file, options, handler, () -> open(file)).finish(types, true);
    if (frame == null) {
      // A column turned out to hold text after numbers were stored without their original text:
      // read again with those columns fixed as categorical so every value keeps its spelling.
      handler = new CsvHandler(file.getFileName().toString(), options, types);
      frame = parse(file, options, handler, () -> open(file)).finish(types, true);
    }
    return frame;
  }

  /**
   * Reads the records of one chunk (from {@link CsvChunks#split} on this file) with the rules of
   * {@link #read}, except that the mostly-numeric error is left to {@link TypeInference#merge}, which
   * sees the whole column. Error messages name lines of the whole file. To get exactly the frame
   * {@link #read} gives, merge the chunks' stats, re-read the chunks whose types differ with
   * {@code options.withTypes(merged)}, and {@link Frames#concat} the frames: see {@link CsvChunks#read}.
   */
  public static ChunkResult readChunk(Path file, CsvChunk chunk, CsvOptions options) {
    requireFile(file);
    Map<String, ColumnType> types = new HashMap<>(options.types());
    ChunkResult result = readChunkOnce(file, chunk, options, types);
    if (result == null) {
      result = readChunkOnce(file, chunk, options, types); // as in read: keep the numbers' spelling
    }
    return result;
  }

  private static ChunkResult readChunkOnce(
      Path file, CsvChunk chunk, CsvOptions options, Map<String, ColumnType> types) {
    CsvHandler handler = new CsvHandler(
        file.getFileName().toString(), options, types, chunk.header(), chunk.firstLine() - 1);
    Frame frame = parse(file, options, handler, () -> openChunk(file, chunk)).finish(types, false);
    return frame == null ? null : new ChunkResult(chunk, frame, handler.stats(frame));
  }

  private static void requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException("file not found: " + file);
    }
  }

  /** Opens the character stream to parse. */
  private interface Opener {
    Reader open() throws IOException;
  }

  private static CsvHandler parse(Path file, CsvOptions options, CsvHandler handler, Opener opener) {
    try (Reader reader = opener.open();
        de.siegmar.fastcsv.reader.CsvReader<Object> csv = de.siegmar.fastcsv.reader.CsvReader.builder()
            .fieldSeparator(options.separator())
            .allowExtraFields(true)
            .allowMissingFields(true)
            .skipEmptyLines(true)
            .build(handler, reader)) {
      for (Object ignored : csv) {
        // the handler accumulates columns as records are parsed
      }
    } catch (NoSuchFileException e) {
      throw new NotFoundException("file not found: " + file);
    } catch (IOException e) {
      throw new InvalidInputException(file.getFileName() + ": cannot read: " + e.getMessage(), e);
    } catch (CsvParseException e) {
      if (e.getCause() instanceof InvalidInputException invalid) {
        throw invalid;
      }
      throw new InvalidInputException(file.getFileName() + ": malformed CSV: " + rootMessage(e), e);
    } catch (UncheckedIOException e) {
      throw new InvalidInputException(file.getFileName() + ": cannot read: " + rootMessage(e), e);
    }
    return handler;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  static boolean isGzip(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
  }

  private static Reader open(Path file) throws IOException {
    return new InputStreamReader(decoded(file), StandardCharsets.UTF_8);
  }

  /** The file's bytes, gunzipped when its name ends in {@code .gz}. */
  static InputStream decoded(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    if (isGzip(file)) {
      in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
    }
    return in;
  }

  private static Reader openChunk(Path file, CsvChunk chunk) throws IOException {
    InputStream in;
    if (isGzip(file)) {
      in = decoded(file);
      in.skipNBytes(chunk.start());
    } else {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      channel.position(chunk.start());
      in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
    }
    return new InputStreamReader(new BoundedInputStream(in, chunk.length()), StandardCharsets.UTF_8);
  }
}
