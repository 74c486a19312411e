package dev.trainyard.ml.data;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How to read a CSV file: field separator, whether the first row is a header, which tokens mean
 * "missing", per-column type overrides (column name to type; others are inferred; overrides for
 * columns the file lacks are ignored), and the most
 * distinct values a column may have to be inferred categorical rather than text.
 */
public record CsvOptions(
    char separator, boolean header, Set<String> missingTokens, Map<String, ColumnType> types, int maxLevels) {

  /** Tokens read as a missing value unless configured otherwise (compared after trimming blanks). */
  public static final Set<String> DEFAULT_MISSING = Set.of("", "NA", "N/A", "NaN", "nan", "null", "?");

  public CsvOptions {
    missingTokens = Set.copyOf(missingTokens);
    types = Map.copyOf(types);
    if (maxLevels < 2) {
      throw new IllegalArgumentException("maxLevels must be >= 2, was " + maxLevels);
    }
  }

  public static CsvOptions defaults() {
    return new CsvOptions(',', true, DEFAULT_MISSING, Map.of(), 1000);
  }

  public CsvOptions withTypes(Map<String, ColumnType> newTypes) {
    return new CsvOptions(separator, header, missingTokens, Objects.requireNonNull(newTypes), maxLevels);
  }

  public CsvOptions withSeparator(char newSeparator) {
    return new CsvOptions(newSeparator, header, missingTokens, types, maxLevels);
  }

  public CsvOptions withHeader(boolean newHeader) {
    return new CsvOptions(separator, newHeader, missingTokens, types, maxLevels);
  }

  public CsvOptions withMissingTokens(Set<String> tokens) {
    return new CsvOptions(separator, header, tokens, types, maxLevels);
  }
}
