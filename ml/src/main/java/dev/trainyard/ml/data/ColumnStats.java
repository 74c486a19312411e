package dev.trainyard.ml.data;

import java.util.List;
import java.util.Objects;

/**
 * What reading one chunk of a CSV file showed about one column: the facts
 * {@link TypeInference#merge} needs to decide the column's type exactly as a read of the whole file
 * would. Small (at most {@code maxLevels} strings) so a worker can send it to the coordinator.
 *
 * @param type the type this chunk's column was read as
 * @param nonMissing values that were not a missing token
 * @param numericTokens of those, values that read as numbers
 * @param startsWithNumber whether the chunk's first non-missing value was a number
 * @param firstBadLine line (in the whole file) of the first non-missing value that is not a number,
 *     or -1 when there is none
 * @param firstBadToken that value (trimmed), or {@code null} when there is none
 * @param distinct number of distinct values when the chunk was read as categorical or text, or
 *     {@link #NOT_TEXT} when it was read as numbers (the spelling of numbers is not kept)
 * @param levels the distinct values in order of first appearance when there are at most
 *     {@code maxLevels} of them; empty otherwise
 */
public record ColumnStats(
    ColumnType type,
    int nonMissing,
    int numericTokens,
    boolean startsWithNumber,
    long firstBadLine,
    String firstBadToken,
    int distinct,
    List<String> levels) {

  /** {@link #distinct} of a chunk that read the column as numbers. */
  public static final int NOT_TEXT = -1;

  public ColumnStats {
    Objects.requireNonNull(type, "type");
    levels = List.copyOf(levels);
    if (numericTokens < 0 || numericTokens > nonMissing) {
      throw new IllegalArgumentException("numericTokens must be between 0 and nonMissing ("
          + nonMissing + "), was " + numericTokens);
    }
    if (distinct < NOT_TEXT) {
      throw new IllegalArgumentException("distinct must be >= -1, was " + distinct);
    }
    if ((firstBadLine >= 0) != (firstBadToken != null)) {
      throw new IllegalArgumentException("firstBadLine and firstBadToken must be given together, were "
          + firstBadLine + " and " + firstBadToken);
    }
  }

  /** Whether the chunk kept the text of its values (read as categorical or text). */
  public boolean readAsText() {
    return distinct != NOT_TEXT;
  }
}
