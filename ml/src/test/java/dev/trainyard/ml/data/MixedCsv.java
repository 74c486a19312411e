package dev.trainyard.ml.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A seeded CSV with every kind of column CsvReader infers, and missing values in each: numbers,
 * categories, free text with quoted commas, quotes and line breaks (LF and CRLF), a column that is
 * numeric in early rows and has words later (so it turns categorical), a column whose first value is
 * a word and which also holds numbers, and an all-missing column.
 */
final class MixedCsv {
  private MixedCsv() {}

  static Path write(Path file, int rows, long seed) throws IOException {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder("x,color,note,late,early_word,empty,y\n");
    String[] colors = {"red", "green", "blue", "Ünïcode"};
    for (int i = 0; i < rows; i++) {
      sb.append(r.nextInt(10) == 0 ? "" : Float.toString((float) r.nextGaussian())).append(',');
      sb.append(r.nextInt(8) == 0 ? "NA" : colors[r.nextInt(colors.length)]).append(',');
      sb.append(note(r, i)).append(',');
      sb.append(i < rows * 2 / 3 ? Integer.toString(r.nextInt(5)) : (r.nextInt(4) == 0 ? "?" : "w" + r.nextInt(3)))
          .append(',');
      sb.append(i == 0 ? "first" : r.nextInt(3) == 0 ? "n/a-ish" : Integer.toString(r.nextInt(4))).append(',');
      sb.append(r.nextBoolean() ? "" : "NA").append(',');
      sb.append(i % 3).append(i % 11 == 0 ? "\r\n" : "\n");
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    return file;
  }

  private static String note(Random r, int i) {
    return switch (r.nextInt(6)) {
      case 0 -> "";
      case 1 -> "\"line one\nline two " + i + "\"";
      case 2 -> "\"a, b and \"\"c\"\" " + i + "\"";
      case 3 -> "\"crlf\r\ninside " + i + "\"";
      default -> "note " + i;
    };
  }
}
