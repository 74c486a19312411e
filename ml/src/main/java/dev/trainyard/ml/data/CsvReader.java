package dev.trainyard.ml.data;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.NotFoundException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads an RFC 4180 CSV file ({@code .gz} by file name) into a {@link Frame}, inferring each
 * column's type: numeric if every present value is a number, else categorical (few distinct values)
 * or text. Bad input raises {@link InvalidInputException} naming the file, line and column.
 * Parsing is done by FastCSV; numbers are parsed from its buffers without per-cell strings.
 */
public final class CsvReader {
  private CsvReader() {}

  /** Reads {@code file} with {@code options}. */
  public static Frame read(Path file, CsvOptions options) {
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException("file not found: " + file);
    }
    Map<String, ColumnType> types = new HashMap<>(options.types());
    Frame frame = readOnce(file, options, types);
    if (frame == null) {
      // A column turned out to hold text after numbers were stored without their original text:
      // read again with those columns fixed as categorical so every value keeps its spelling.
      frame = readOnce(file, options, types);
    }
    return frame;
  }

  private static Frame readOnce(Path file, CsvOptions options, Map<String, ColumnType> types) {
    Handler handler = new Handler(file.getFileName().toString(), options, types);
    try (Reader reader = open(file);
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
    return handler.finish(types);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private static Reader open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
      in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
    }
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  /** Receives fields from FastCSV as character ranges and appends them to column builders. */
  private static final class Handler extends AbstractBaseCsvCallbackHandler<Object> {
    private static final Object RECORD = new Object();
    private final String source;
    private final CsvOptions options;
    private final Map<String, ColumnType> types;
    private final NumberParser parser = new NumberParser();
    private final Set<String> missing;
    private final int maxMissingLength;
    private List<String> headerNames;
    private ColumnBuilder[] builders;
    private int fieldsInRecord;
    private long line;
    private int rows;

    Handler(String source, CsvOptions options, Map<String, ColumnType> types) {
      this.source = source;
      this.options = options;
      this.types = types;
      this.missing = options.missingTokens();
      int max = 0;
      for (String t : missing) {
        max = Math.max(max, t.length());
      }
      this.maxMissingLength = max;
    }

    @Override
    protected void handleBegin(long startingLineNumber) {
      line = startingLineNumber;
      fieldsInRecord = 0;
      if (builders == null && headerNames == null) {
        headerNames = new ArrayList<>();
      }
    }

    @Override
    protected void handleField(int fieldIdx, char[] buf, int offset, int len, boolean quoted) {
      fieldsInRecord++;
      if (builders == null) {
        headerNames.add(new String(buf, offset, len).trim());
        return;
      }
      if (fieldIdx >= builders.length) {
        return; // reported in buildRecord with the count
      }
      addValue(builders[fieldIdx], buf, offset, len);
    }

    private void addValue(ColumnBuilder b, char[] buf, int offset, int len) {
      if (!b.isStringMode()) {
        float v = parser.parse(buf, offset, len);
        if (parser.ok()) {
          b.addNumber(v);
          return;
        }
        if (isMissing(buf, offset, len)) {
          b.addMissing();
          return;
        }
        String token = new String(buf, offset, len);
        if (b.forced() == ColumnType.NUMERIC) {
          throw new InvalidInputException(source + " line " + line + ", column '" + b.name()
              + "': expected a number, was '" + token + "'");
        }
        b.addString(token.trim(), false, line);
        return;
      }
      if (isMissing(buf, offset, len)) {
        b.addMissing();
        return;
      }
      parser.parse(buf, offset, len);
      b.addString(new String(buf, offset, len).trim(), parser.ok(), line);
    }

    private boolean isMissing(char[] buf, int offset, int len) {
      int start = offset;
      int end = offset + len;
      while (start < end && buf[start] == ' ') {
        start++;
      }
      while (end > start && buf[end - 1] == ' ') {
        end--;
      }
      int n = end - start;
      if (n > maxMissingLength) {
        return false;
      }
      return missing.contains(new String(buf, start, n));
    }

    @Override
    protected Object buildRecord() {
      if (builders == null) {
        startColumns();
        return RECORD;
      }
      if (fieldsInRecord != builders.length) {
        throw new InvalidInputException(source + " line " + line + ": expected " + builders.length
            + " fields as in the header, found " + fieldsInRecord);
      }
      rows++;
      return RECORD;
    }

    private void startColumns() {
      List<String> names = headerNames;
      if (!options.header()) {
        throw new UnsupportedOperationException("CSV without a header row is not supported yet");
      }
      Set<String> seen = new HashSet<>();
      builders = new ColumnBuilder[names.size()];
      for (int j = 0; j < names.size(); j++) {
        String name = names.get(j).isEmpty() ? "column_" + (j + 1) : names.get(j);
        if (!seen.add(name)) {
          throw new InvalidInputException(source + " line " + line + ": duplicate column name '" + name + "' in the header");
        }
        builders[j] = new ColumnBuilder(name, types.get(name));
      }
    }

    /** The frame, or null when a second pass is needed (types was updated for it). */
    Frame finish(Map<String, ColumnType> typesOut) {
      if (builders == null) {
        throw new InvalidInputException(source + " is empty: expected a header row and data rows");
      }
      if (rows == 0) {
        throw new InvalidInputException(source + " has a header but no data rows");
      }
      boolean again = false;
      for (ColumnBuilder b : builders) {
        if (b.looksLikeBrokenNumeric()) {
          throw new InvalidInputException(source + " line " + b.firstBadLine() + ", column '" + b.name()
              + "': non-numeric value '" + b.firstBadToken() + "' in a numeric column ("
              + b.numericTokens() + " of " + b.nonMissing() + " values are numbers); fix the value,"
              + " mark it as missing (empty, NA or ?), or declare the column categorical");
        }
        if (b.switchedLate()) {
          typesOut.put(b.name(), ColumnType.CATEGORICAL);
          again = true;
        }
      }
      if (again) {
        return null;
      }
      List<Column> columns = new ArrayList<>(builders.length);
      for (ColumnBuilder b : builders) {
        columns.add(b.build(options.maxLevels()));
      }
      return Frame.of(columns);
    }
  }
}
