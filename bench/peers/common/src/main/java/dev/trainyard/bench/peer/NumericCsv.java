package dev.trainyard.bench.peer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * A numeric CSV of the benchmark contract, read into a row-major {@code float[]}: one header row,
 * every cell a number, the label the last column, named {@code label}. Files ending in {@code .gz}
 * are gunzipped. Immutable after reading.
 */
final class NumericCsv {
  final String[] header;
  final int rows;
  /** Features per row (every column but the label). */
  final int cols;
  /** {@code x[r * cols + j]}. */
  final float[] x;
  final float[] label;

  private NumericCsv(String[] header, int rows, float[] x, float[] label) {
    this.header = header;
    this.rows = rows;
    this.cols = header.length - 1;
    this.x = x;
    this.label = label;
  }

  static BufferedReader open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  /** The header row of {@code file}, checked to end with {@code label}. */
  static String[] header(Path file) throws IOException {
    try (BufferedReader r = open(file)) {
      return checkHeader(file, r.readLine());
    }
  }

  private static String[] checkHeader(Path file, String line) {
    if (line == null) {
      throw new IllegalArgumentException(file + " is empty; expected a header row");
    }
    String[] h = line.split(",", -1);
    for (int j = 0; j < h.length; j++) {
      h[j] = h[j].trim();
    }
    if (h.length < 2 || !h[h.length - 1].equals("label")) {
      throw new IllegalArgumentException(file + ": the last column must be named 'label', header was " + line);
    }
    return h;
  }

  static NumericCsv read(Path file) throws IOException {
    try (BufferedReader r = open(file)) {
      String[] h = checkHeader(file, r.readLine());
      int d = h.length - 1;
      float[] x = new float[1 << 16];
      float[] y = new float[1 << 12];
      int n = 0;
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isEmpty()) {
          continue;
        }
        if ((long) (n + 1) * d > x.length) {
          long cap = Math.max((long) x.length * 2, (long) (n + 1) * d);
          x = Arrays.copyOf(x, (int) Math.min(Integer.MAX_VALUE - 16, cap));
        }
        if (n == y.length) {
          y = Arrays.copyOf(y, n * 2);
        }
        parseRow(file, n + 2, line, x, n * d, d, y, n);
        n++;
      }
      return new NumericCsv(h, n, Arrays.copyOf(x, n * d), Arrays.copyOf(y, n));
    }
  }

  private static void parseRow(Path file, int lineNo, String line, float[] x, int off, int d, float[] y, int row) {
    int start = 0;
    for (int j = 0; j <= d; j++) {
      int comma = line.indexOf(',', start);
      int end = comma < 0 ? line.length() : comma;
      if ((comma < 0) != (j == d)) {
        throw new IllegalArgumentException(file + " line " + lineNo + ": expected " + (d + 1) + " cells");
      }
      float v;
      try {
        v = Float.parseFloat(line.substring(start, end));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + " line " + lineNo + " column " + (j + 1) + ": not a number: '"
            + line.substring(start, end) + "'");
      }
      if (j < d) {
        x[off + j] = v;
      } else {
        y[row] = v;
      }
      start = end + 1;
    }
  }

  /** The labels as class codes {@code 0..k-1}; rejects a label that is not such an integer. */
  int[] classes() {
    int[] c = new int[rows];
    for (int r = 0; r < rows; r++) {
      float v = label[r];
      if (v < 0 || v != Math.rint(v)) {
        throw new IllegalArgumentException("class labels must be integers 0..k-1, row " + (r + 1) + " has " + v);
      }
      c[r] = (int) v;
    }
    return c;
  }

  static int numClasses(int[] classes) {
    int k = 0;
    for (int c : classes) {
      k = Math.max(k, c + 1);
    }
    return k;
  }
}
