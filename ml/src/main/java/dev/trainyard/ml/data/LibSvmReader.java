package dev.trainyard.ml.data;

import dev.trainyard.common.Check;
import dev.trainyard.common.InvalidInputException;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads LibSVM / SVMLight sparse text ({@code label index:value index:value ... # comment}, 1-based
 * strictly ascending indices) into a dense {@link Frame}: numeric columns {@code f1..fD} then a
 * numeric {@code label} column. An absent entry is 0, not missing. An optional {@code qid:N} right
 * after the label is checked and dropped (ranking is not supported). Blank and {@code #} comment
 * lines are skipped. A file whose name ends in {@code .gz} is gunzipped. Any problem with the
 * content is an {@link InvalidInputException} naming the file, the line and the offending token.
 * Stateless and thread-safe.
 */
public final class LibSvmReader {
  /** Name of the target column. */
  public static final String LABEL = "label";
  /** The largest feature count (highest index) accepted. */
  public static final int MAX_FEATURES = 1_000_000;
  /** The largest rows x features a dense frame may hold (1 GiB of float32). */
  public static final long MAX_DENSE_VALUES = 1L << 28;

  private LibSvmReader() {}

  /** Reads {@code file}; the feature count D is the highest index in the file. */
  public static Frame read(Path file) throws IOException {
    return read(file, 0);
  }

  /**
   * Reads {@code file} with exactly {@code features} feature columns (a test file must match its
   * training file's width even when its highest index is lower); 0 means the highest index used.
   */
  public static Frame read(Path file, int features) throws IOException {
    String name = file.getFileName().toString();
    boolean gzip = name.toLowerCase(Locale.ROOT).endsWith(".gz");
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return read(reader, name, features);
    } catch (ZipException | EOFException e) {
      if (!gzip) {
        throw e;
      }
      throw new InvalidInputException(name + " is not a valid gzip file: " + e.getMessage(), e);
    }
  }

  /**
   * Reads LibSVM text from {@code in} (not closed); {@code sourceName} names it in error messages.
   * {@code features} as in {@link #read(Path, int)}.
   */
  public static Frame read(Reader in, String sourceName, int features) throws IOException {
    Check.between("features", features, 0, MAX_FEATURES);
    BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
    Parser parser = new Parser(sourceName, features);
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      parser.line(line);
    }
    return parser.toFrame();
  }

  /** Accumulates rows as a sparse (CSR-like) list of entries, then scatters them into columns. */
  private static final class Parser {
    private final String source;
    private final int declared;
    private int lineNo;
    private int rows;
    private float[] labels = new float[1024];
    /** Entries of row r are rowEnd[r-1] .. rowEnd[r]-1 (rowEnd[-1] = 0). */
    private int[] rowEnd = new int[1024];
    private int[] index = new int[4096];
    private float[] value = new float[4096];
    private int entries;
    private int maxIndex;

    Parser(String source, int declared) {
      this.source = source;
      this.declared = declared;
    }

    void line(String text) {
      lineNo++;
      int hash = text.indexOf('#');
      String line = hash >= 0 ? text.substring(0, hash) : text;
      int pos = skipSpace(line, 0);
      if (pos == line.length()) {
        return;
      }
      int end = tokenEnd(line, pos);
      addRow(parseLabel(line.substring(pos, end)));
      int previous = 0;
      boolean first = true;
      for (pos = skipSpace(line, end); pos < line.length(); pos = skipSpace(line, end)) {
        end = tokenEnd(line, pos);
        String token = line.substring(pos, end);
        if (token.startsWith("qid:")) {
          checkQid(token, first);
        } else {
          previous = addEntry(token, previous);
        }
        first = false;
      }
      rowEnd[rows - 1] = entries;
    }

    private float parseLabel(String token) {
      float label = parseFloat(token);
      if (!Float.isFinite(label)) {
        throw error("label must be a finite number, was '" + token + "'");
      }
      return label;
    }

    private void checkQid(String token, boolean first) {
      if (!first) {
        throw error("qid must come right after the label, was '" + token + "'");
      }
      String id = token.substring(4);
      try {
        if (Long.parseLong(id) >= 0) {
          return;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw error("qid must be a non-negative integer, was '" + id + "'");
    }

    /** Parses {@code index:value}, checks it, stores it and returns the index. */
    private int addEntry(String token, int previous) {
      int colon = token.indexOf(':');
      if (colon < 0) {
        throw error("expected index:value, was '" + token + "'");
      }
      String indexText = token.substring(0, colon);
      String valueText = token.substring(colon + 1);
      int i = parseIndex(indexText);
      if (i <= previous) {
        throw error("feature indices must be ascending, was " + i + " after " + previous);
      }
      float v = parseFloat(valueText);
      if (!Float.isFinite(v)) {
        throw error("feature value must be a finite number, was '" + valueText + "'");
      }
      if (entries == index.length) {
        index = Arrays.copyOf(index, entries * 2);
        value = Arrays.copyOf(value, entries * 2);
      }
      index[entries] = i;
      value[entries] = v;
      entries++;
      maxIndex = Math.max(maxIndex, i);
      return i;
    }

    private int parseIndex(String text) {
      int i;
      try {
        i = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        i = 0;
      }
      if (i <= 0) {
        throw error("feature index must be a positive integer, was '" + text + "'");
      }
      int limit = declared > 0 ? declared : MAX_FEATURES;
      if (i > limit) {
        throw error("feature index must be at most " + limit
            + (declared > 0 ? " (the declared feature count)" : "") + ", was '" + text + "'");
      }
      return i;
    }

    private void addRow(float label) {
      if (rows == labels.length) {
        labels = Arrays.copyOf(labels, rows * 2);
        rowEnd = Arrays.copyOf(rowEnd, rows * 2);
      }
      labels[rows] = label;
      rowEnd[rows] = entries;
      rows++;
    }

    Frame toFrame() {
      if (rows == 0) {
        throw new InvalidInputException(source + " has no data rows");
      }
      int d = declared > 0 ? declared : maxIndex;
      if ((long) rows * d > MAX_DENSE_VALUES) {
        throw new InvalidInputException(source + ": " + rows + " rows x " + d
            + " features is too large for a dense frame (at most " + MAX_DENSE_VALUES + " values)");
      }
      float[][] columns = new float[d][rows];
      int e = 0;
      for (int r = 0; r < rows; r++) {
        for (; e < rowEnd[r]; e++) {
          columns[index[e] - 1][r] = value[e];
        }
      }
      List<Column> out = new ArrayList<>(d + 1);
      for (int j = 0; j < d; j++) {
        out.add(new NumericColumn("f" + (j + 1), columns[j]));
      }
      out.add(new NumericColumn(LABEL, Arrays.copyOf(labels, rows)));
      return Frame.of(out);
    }

    private InvalidInputException error(String rule) {
      return new InvalidInputException(source + " line " + lineNo + ": " + rule);
    }

    private static float parseFloat(String text) {
      try {
        return Float.parseFloat(text);
      } catch (NumberFormatException e) {
        return Float.NaN;
      }
    }

    private static int skipSpace(String s, int pos) {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
      return pos;
    }

    private static int tokenEnd(String s, int pos) {
      while (pos < s.length() && !Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
      return pos;
    }
  }
}
