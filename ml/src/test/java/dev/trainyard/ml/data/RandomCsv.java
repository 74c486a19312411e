package dev.trainyard.ml.data;

import java.util.Random;

/**
 * Seeded random CSV text that stresses record splitting and type inference: LF, CRLF and lone CR
 * line ends, empty lines, quoted fields holding separators, escaped quotes and every kind of line
 * break, padded numbers, missing values, columns that turn from numbers to words (or the reverse),
 * and now and then a broken row (wrong field count, or a word in a mostly numeric column).
 */
final class RandomCsv {
  private static final String[] ENDS = {"\n", "\r\n", "\r"};
  private static final String[] MISSING = {"", "NA", "?", " "};
  private final Random r;
  private final boolean allowErrors;

  RandomCsv(long seed, boolean allowErrors) {
    this.r = new Random(seed);
    this.allowErrors = allowErrors;
  }

  String generate() {
    int rows = 5 + r.nextInt(300);
    int cols = 2 + r.nextInt(5);
    int[] kinds = new int[cols];
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < cols; j++) {
      kinds[j] = r.nextInt(8);
      sb.append(j == 0 ? "" : ",").append(r.nextInt(10) == 0 ? "\"col, " + j + "\"" : "c" + j);
    }
    sb.append(end());
    int breakAt = allowErrors && r.nextInt(4) == 0 ? r.nextInt(rows) : -1;
    for (int i = 0; i < rows; i++) {
      if (r.nextInt(20) == 0) {
        sb.append(end()); // an empty line
      }
      int fields = i == breakAt && r.nextBoolean() ? cols + (r.nextBoolean() ? 1 : -1) : cols;
      for (int j = 0; j < fields; j++) {
        sb.append(j == 0 ? "" : ",").append(value(kinds[j % cols], i, rows, i == breakAt));
      }
      if (i < rows - 1 || r.nextBoolean()) {
        sb.append(end());
      }
    }
    return sb.toString();
  }

  private String end() {
    return ENDS[r.nextInt(ENDS.length)];
  }

  private String value(int kind, int i, int rows, boolean broken) {
    if (r.nextInt(8) == 0) {
      return MISSING[r.nextInt(MISSING.length)];
    }
    return switch (kind) {
      case 0 -> broken ? "oops" : number();
      case 1 -> new String[] {"red", "green", "\"blue, ish\""}[r.nextInt(3)];
      case 2 -> quotedText(i);
      case 3 -> i < rows / 2 ? number() : "w" + r.nextInt(4); // numeric early, words later
      case 4 -> i < rows / 5 ? "word" + i : Integer.toString(r.nextInt(rows)); // words, then many numbers
      case 5 -> i % 4 == 0 ? "\"" + r.nextInt(5) + "\"" : Integer.toString(r.nextInt(5)); // quoted numbers
      case 6 -> i < rows / 5 ? "word" + i : Integer.toString(r.nextInt(5)); // words, then few numbers
      default -> r.nextInt(5) == 0 ? "t" + r.nextInt(3) : "" + (r.nextInt(3) * 10); // mostly numbers
    };
  }

  private String number() {
    return switch (r.nextInt(4)) {
      case 0 -> " " + r.nextInt(100) + " ";
      case 1 -> Float.toString((float) r.nextGaussian());
      case 2 -> "1e" + r.nextInt(5);
      default -> Integer.toString(r.nextInt(1000) - 500);
    };
  }

  private String quotedText(int i) {
    String[] parts = {"a,b", "\"\"q\"\"", "\n", "\r\n", "\r", "x\ry\nz", ",,", "é", " "};
    StringBuilder sb = new StringBuilder("\"t").append(i);
    int n = r.nextInt(4);
    for (int k = 0; k < n; k++) {
      sb.append(parts[r.nextInt(parts.length)]);
    }
    return sb.append('"').toString();
  }
}
