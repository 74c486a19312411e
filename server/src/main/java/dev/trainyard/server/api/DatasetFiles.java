package dev.trainyard.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.trainyard.cluster.store.DatasetRecord;
import dev.trainyard.cluster.task.Experiments;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.Column;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.LibSvmReader;
import dev.trainyard.ml.data.NumericColumn;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * Reading the first rows of a stored dataset file without loading it: CSV through FastCSV (the
 * parser the ml module uses), LibSVM line by line through {@link LibSvmReader}, and the typed
 * {@code frame} format (which has no row access, so it is read whole). Messages name the dataset by
 * its display name, never by its stored file name. Stateless.
 */
final class DatasetFiles {
  /** Longest cell text a preview shows; longer values are cut and end in "...". */
  static final int MAX_CELL_CHARS = 1000;

  private DatasetFiles() {}

  /** What kind of file a dataset format is. */
  enum Kind { CSV, LIBSVM, FRAME }

  static Kind kind(DatasetRecord d) {
    if (d.format().equals(Experiments.TYPED_FORMAT)) {
      return Kind.FRAME;
    }
    return d.format().startsWith("libsvm") ? Kind.LIBSVM : Kind.CSV;
  }

  static boolean gzip(DatasetRecord d) {
    return d.format().endsWith(".gz");
  }

  /** The file's bytes, gunzipped for a {@code .gz} format. */
  static InputStream open(Path file, DatasetRecord d) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    return gzip(d) ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
  }

  static Reader reader(Path file, DatasetRecord d) throws IOException {
    return new InputStreamReader(open(file, d), StandardCharsets.UTF_8);
  }

  /** A FastCSV record reader with the ml module's settings (comma, blank lines skipped, ragged rows kept). */
  static de.siegmar.fastcsv.reader.CsvReader<CsvRecord> csv(Reader in) {
    return de.siegmar.fastcsv.reader.CsvReader.builder().fieldSeparator(',').skipEmptyLines(true)
        .allowExtraFields(true).allowMissingFields(true).ofCsvRecord(in);
  }

  /** Header names as the ml module's CSV reader gives them: trimmed, an empty one {@code column_<position>}. */
  static List<String> columnNames(List<String> raw) {
    List<String> names = new ArrayList<>(raw.size());
    for (int j = 0; j < raw.size(); j++) {
      String n = raw.get(j).trim();
      names.add(n.isEmpty() ? "column_" + (j + 1) : n);
    }
    return names;
  }

  /**
   * The first {@code max} data lines of a LibSVM file (blank and comment lines skipped) parsed as a
   * frame of {@code f1..fD} and {@code label}, D being the highest index in those lines.
   */
  static Frame libsvmHead(Path file, DatasetRecord d, int max) {
    StringBuilder text = new StringBuilder();
    try (BufferedReader lines = new BufferedReader(reader(file, d), 1 << 16)) {
      int n = 0;
      for (String line = lines.readLine(); line != null && n < max; line = lines.readLine()) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          text.append(line).append('\n');
          n++;
        }
      }
      return LibSvmReader.read(new StringReader(text.toString()), d.name(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dataset " + d.id() + ": " + e.getMessage(), e);
    }
  }

  /** The header and first {@code max} records of a CSV dataset, as text (null past a short record). */
  static Preview csvHead(Path file, DatasetRecord d, int max) {
    try (de.siegmar.fastcsv.reader.CsvReader<CsvRecord> csv = csv(reader(file, d))) {
      Iterator<CsvRecord> records = csv.iterator();
      if (!records.hasNext()) {
        throw new InvalidInputException(d.name() + " is empty: expected a header row and data rows");
      }
      List<String> columns = columnNames(records.next().getFields());
      List<List<String>> rows = new ArrayList<>();
      while (rows.size() < max && records.hasNext()) {
        List<String> fields = records.next().getFields();
        List<String> row = new ArrayList<>(columns.size());
        for (int j = 0; j < columns.size(); j++) {
          row.add(j < fields.size() ? cut(fields.get(j)) : null);
        }
        rows.add(row);
      }
      return new Preview(columns, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dataset " + d.id() + ": " + e.getMessage(), e);
    } catch (de.siegmar.fastcsv.reader.CsvParseException e) {
      throw new InvalidInputException(d.name() + ": malformed CSV: " + e.getMessage(), e);
    }
  }

  /** Column names and rows of text, for {@code GET .../preview}. */
  record Preview(List<String> columns, List<List<String>> rows) {}

  /** Writes the first {@code max} rows of a frame: numbers as numbers, levels and text as strings, missing as null. */
  static void frameRows(Frame f, int max, ArrayNode out) {
    int n = Math.min(max, f.rowCount());
    for (int i = 0; i < n; i++) {
      ArrayNode row = out.addArray();
      int physical = f.physicalRow(i);
      for (Column c : f.columns()) {
        if (c.isMissing(physical)) {
          row.addNull();
        } else if (c instanceof NumericColumn num) {
          row.add(num.values()[physical]);
        } else {
          row.add(cut(c.format(physical)));
        }
      }
    }
  }

  static String cut(String s) {
    return s == null || s.length() <= MAX_CELL_CHARS ? s : s.substring(0, MAX_CELL_CHARS) + "...";
  }

  /** Runs {@code read}, naming the dataset by its display name where a message names its stored file. */
  static <T> T named(DatasetRecord d, Path file, Supplier<T> read) {
    try {
      return read.get();
    } catch (InvalidInputException e) {
      String stored = file.getFileName().toString();
      if (!e.getMessage().contains(stored)) {
        throw e;
      }
      List<String> details = new ArrayList<>();
      e.details().forEach(x -> details.add(x.replace(stored, d.name())));
      throw new InvalidInputException(e.getMessage().replace(stored, d.name()), details);
    }
  }
}
