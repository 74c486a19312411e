package dev.trainyard.ml.data;

import dev.trainyard.common.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CSV type-inference rules, in one place for {@link CsvReader#read} and for merging the results of
 * reading a file in chunks ({@link CsvReader#readChunk}). For a column the caller did not declare:
 * <ol>
 *   <li>every non-missing value is a number (or there are none) → numeric;
 *   <li>else at least 90% of the non-missing values are numbers → an error naming the first value that
 *       is not (almost certainly a typo in a numeric column);
 *   <li>else the first non-missing value is a number → categorical (the numbers keep their spelling
 *       as levels; this does not depend on the number of levels);
 *   <li>else categorical when there are at most {@code maxLevels} distinct values and at most 20 or at
 *       most half as many as non-missing values; otherwise text.
 * </ol>
 * Stateless and thread-safe.
 */
public final class TypeInference {
  private static final int FEW_LEVELS = 20;

  private TypeInference() {}

  /** Rule 2: most values are numbers but some are not. */
  static boolean looksLikeBrokenNumeric(long numericTokens, long nonMissing) {
    return nonMissing > 0 && numericTokens < nonMissing && numericTokens >= 0.9 * nonMissing;
  }

  /** Rule 4: few enough distinct values for a categorical column. */
  static boolean fewEnoughLevels(long distinct, long nonMissing, int maxLevels) {
    return distinct <= maxLevels && (distinct <= FEW_LEVELS || distinct * 2 <= nonMissing);
  }

  /** The error of rule 2; {@code line} is a line of the whole file. */
  static InvalidInputException brokenNumeric(
      String source, long line, String column, String token, long numericTokens, long nonMissing) {
    return new InvalidInputException(source + " line " + line + ", column '" + column
        + "': non-numeric value '" + token + "' in a numeric column (" + numericTokens + " of "
        + nonMissing + " values are numbers); fix the value, mark it as missing (empty, NA or ?), or"
        + " declare the column categorical");
  }

  /**
   * The type of every column as {@link CsvReader#read} would infer it on the whole file, from what each
   * chunk showed. {@code perChunk} is in file order (the rules depend on which value comes first), one
   * map per chunk keyed by column name, all with the same columns; chunks with only missing values in a
   * column decide nothing about it. Columns declared in {@code options.types()} keep their declared
   * type. The result is in column order.
   *
   * <p>One case cannot be decided from the chunks' first reading: a column whose first value is text
   * and whose categorical-or-text choice depends on how many distinct spellings the numbers in chunks
   * read as numeric have. It is returned as categorical, which makes those chunks differ from the
   * merged type; once they are re-read with {@code options.withTypes(merged)} their spellings are known
   * and merging again gives the final type. So: re-read every chunk whose {@link ChunkResult#types()}
   * differ from the merged types and merge again until none differ (at most two re-reads;
   * {@link CsvChunks#read} does exactly that).
   *
   * @throws InvalidInputException when rule 2 applies to a column, naming the file's first value in it
   *     that is not a number; {@code source} names the file
   */
  public static Map<String, ColumnType> merge(
      List<Map<String, ColumnStats>> perChunk, CsvOptions options, String source) {
    if (perChunk.isEmpty()) {
      throw new IllegalArgumentException("perChunk must hold at least one chunk, was empty");
    }
    List<String> columns = new ArrayList<>(perChunk.get(0).keySet());
    for (int k = 1; k < perChunk.size(); k++) {
      if (!new ArrayList<>(perChunk.get(k).keySet()).equals(columns)) {
        throw new IllegalArgumentException("every chunk must have the columns of chunk 0 " + columns
            + ", chunk " + k + " has " + perChunk.get(k).keySet());
      }
    }
    Map<String, ColumnType> merged = new LinkedHashMap<>();
    for (String column : columns) {
      ColumnType declared = options.types().get(column);
      merged.put(column, declared != null ? declared : infer(column, perChunk, options, source));
    }
    return merged;
  }

  private static ColumnType infer(
      String column, List<Map<String, ColumnStats>> perChunk, CsvOptions options, String source) {
    long nonMissing = 0;
    long numericTokens = 0;
    ColumnStats firstPresent = null;
    ColumnStats firstBad = null;
    for (Map<String, ColumnStats> chunk : perChunk) {
      ColumnStats s = chunk.get(column);
      nonMissing += s.nonMissing();
      numericTokens += s.numericTokens();
      if (firstPresent == null && s.nonMissing() > 0) {
        firstPresent = s;
      }
      if (firstBad == null && s.firstBadToken() != null) {
        firstBad = s;
      }
    }
    if (numericTokens == nonMissing) {
      return ColumnType.NUMERIC;
    }
    if (looksLikeBrokenNumeric(numericTokens, nonMissing)) {
      throw brokenNumeric(source, firstBad.firstBadLine(), column, firstBad.firstBadToken(),
          numericTokens, nonMissing);
    }
    if (firstPresent.startsWithNumber()) {
      return ColumnType.CATEGORICAL;
    }
    return categoricalOrText(column, perChunk, nonMissing, options.maxLevels());
  }

  /**
   * Rule 4 from bounds on the number of distinct values: chunks read as text contribute their levels
   * exactly; a chunk read as numbers contributes between 0 and its count of new spellings.
   */
  private static ColumnType categoricalOrText(
      String column, List<Map<String, ColumnStats>> perChunk, long nonMissing, int maxLevels) {
    Set<String> union = new HashSet<>();
    long unknown = 0;
    for (Map<String, ColumnStats> chunk : perChunk) {
      ColumnStats s = chunk.get(column);
      if (!s.readAsText()) {
        unknown += s.nonMissing();
      } else if (s.distinct() > maxLevels) {
        return ColumnType.TEXT;
      } else {
        union.addAll(s.levels());
      }
    }
    if (fewEnoughLevels(union.size() + unknown, nonMissing, maxLevels)) {
      return ColumnType.CATEGORICAL;
    }
    if (!fewEnoughLevels(union.size(), nonMissing, maxLevels)) {
      return ColumnType.TEXT;
    }
    return ColumnType.CATEGORICAL; // undecided until the numeric chunks are re-read as text
  }
}
