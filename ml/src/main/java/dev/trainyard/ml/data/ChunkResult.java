package dev.trainyard.ml.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One chunk of a CSV file as {@link CsvReader#readChunk} read it: its rows, and per column (in header
 * order) what the reading showed, for {@link TypeInference#merge}. Immutable.
 *
 * @param chunk the chunk that was read
 * @param frame its rows, typed as inferred on this chunk alone (or as forced by the options)
 * @param stats per column, keyed by name in header order
 */
public record ChunkResult(CsvChunk chunk, Frame frame, Map<String, ColumnStats> stats) {
  public ChunkResult {
    Objects.requireNonNull(chunk, "chunk");
    Objects.requireNonNull(frame, "frame");
    stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats));
  }

  /** The type each column was read as, in header order. */
  public Map<String, ColumnType> types() {
    Map<String, ColumnType> types = new LinkedHashMap<>();
    for (Column c : frame.columns()) {
      types.put(c.name(), c.type());
    }
    return types;
  }

  /** Whether some column was read as a type other than {@code merged} says: read the chunk again. */
  public boolean differsFrom(Map<String, ColumnType> merged) {
    for (Column c : frame.columns()) {
      if (merged.get(c.name()) != c.type()) {
        return true;
      }
    }
    return false;
  }
}
