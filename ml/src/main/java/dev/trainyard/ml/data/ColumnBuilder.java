package dev.trainyard.ml.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates one CSV column while reading. It starts numeric (unless the user fixed the type) and
 * switches to string mode at the first token that is neither a number nor a missing marker; the
 * final type is decided in {@link #build}. Not thread-safe.
 */
final class ColumnBuilder {
  private final String name;
  private final ColumnType forced;
  private float[] numbers = new float[1024];
  private int size;
  private boolean stringMode;
  private int[] codes;
  private Map<String, Integer> dictionary;
  private List<String> levels;
  private int nonMissing;
  private int numericTokens;
  private long firstBadLine = -1;
  private String firstBadToken;
  /** True when string mode began after numeric values were already stored (their text is lost). */
  private boolean switchedLate;
  /** Kind of the first non-missing token seen in string mode: 0 none yet, 1 a number, 2 text. */
  private int firstStringKind;

  ColumnBuilder(String name, ColumnType forced) {
    this.name = name;
    this.forced = forced;
    if (forced == ColumnType.CATEGORICAL || forced == ColumnType.TEXT) {
      enterStringMode();
    }
  }

  String name() {
    return name;
  }

  boolean switchedLate() {
    return switchedLate;
  }

  /** Adds a numeric value (already parsed) or NaN for missing. */
  void addNumber(float v) {
    if (stringMode) {
      throw new IllegalStateException("string mode");
    }
    ensure();
    numbers[size++] = v;
    if (!Float.isNaN(v)) {
      nonMissing++;
      numericTokens++;
    }
  }

  boolean isStringMode() {
    return stringMode;
  }

  ColumnType forced() {
    return forced;
  }

  /** Adds a token in string mode; {@code numeric} says whether it also reads as a number. */
  void addString(String token, boolean numeric, long line) {
    if (token != null && nonMissing == 0 && firstStringKind == 0) {
      firstStringKind = numeric ? 1 : 2;
    }
    if (!stringMode) {
      if (nonMissing > 0) {
        switchedLate = true;
      }
      firstBadLine = line;
      firstBadToken = token;
      enterStringMode();
    } else if (!numeric && firstBadLine < 0 && token != null) {
      firstBadLine = line;
      firstBadToken = token;
    }
    ensure();
    if (token == null) {
      codes[size++] = CategoricalColumn.MISSING;
      return;
    }
    nonMissing++;
    if (numeric) {
      numericTokens++;
    }
    Integer code = dictionary.get(token);
    if (code == null) {
      code = levels.size();
      dictionary.put(token, code);
      levels.add(token);
    }
    codes[size++] = code;
  }

  /** Adds a missing value in either mode. */
  void addMissing() {
    if (stringMode) {
      ensure();
      codes[size++] = CategoricalColumn.MISSING;
    } else {
      addNumber(Float.NaN);
    }
  }

  private void enterStringMode() {
    stringMode = true;
    codes = new int[Math.max(numbers.length, 16)];
    Arrays.fill(codes, 0, size, CategoricalColumn.MISSING);
    dictionary = new HashMap<>();
    levels = new ArrayList<>();
    numbers = null;
  }

  private void ensure() {
    if (stringMode) {
      if (size == codes.length) {
        codes = Arrays.copyOf(codes, codes.length * 2);
      }
    } else if (size == numbers.length) {
      numbers = Arrays.copyOf(numbers, numbers.length * 2);
    }
  }

  /** True when most values are numbers but some are not: almost certainly a data error. */
  boolean looksLikeBrokenNumeric() {
    return stringMode && forced == null && TypeInference.looksLikeBrokenNumeric(numericTokens, nonMissing);
  }

  /**
   * What this column showed while being read, for merging with other chunks of the same file.
   * {@code maxLevels} caps how many distinct values are reported.
   */
  ColumnStats stats(ColumnType type, int maxLevels) {
    // A first non-missing value stored by addNumber leaves firstStringKind at 0.
    boolean startsWithNumber = firstStringKind == 0 ? nonMissing > 0 : firstStringKind == 1;
    int distinct = stringMode ? levels.size() : ColumnStats.NOT_TEXT;
    List<String> known = stringMode && distinct <= maxLevels ? levels : List.of();
    return new ColumnStats(type, nonMissing, numericTokens, startsWithNumber, firstBadLine,
        firstBadToken, distinct, known);
  }

  long firstBadLine() {
    return firstBadLine;
  }

  String firstBadToken() {
    return firstBadToken;
  }

  int nonMissing() {
    return nonMissing;
  }

  int numericTokens() {
    return numericTokens;
  }

  Column build(int maxLevels) {
    if (!stringMode) {
      return new NumericColumn(name, Arrays.copyOf(numbers, size));
    }
    int[] exact = Arrays.copyOf(codes, size);
    int distinct = levels.size();
    boolean categorical = forced == ColumnType.CATEGORICAL
        || (forced == null && TypeInference.fewEnoughLevels(distinct, nonMissing, maxLevels));
    if (categorical) {
      return new CategoricalColumn(name, exact, levels);
    }
    String[] values = new String[size];
    for (int i = 0; i < size; i++) {
      values[i] = exact[i] == CategoricalColumn.MISSING ? null : levels.get(exact[i]);
    }
    return new TextColumn(name, values);
  }
}
