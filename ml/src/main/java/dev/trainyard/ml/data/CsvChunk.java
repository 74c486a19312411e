package dev.trainyard.ml.data;

import java.util.List;

/**
 * A range of whole records of a CSV file, made by {@link CsvChunks#split}, that one task can parse on
 * its own with {@link CsvReader#readChunk}. Offsets count bytes of the decoded stream: the file itself,
 * or for a {@code .gz} file (which cannot be split) the decompressed bytes, in which case the only
 * chunk ends at {@link #TO_END}.
 *
 * @param index position among the file's chunks, from 0
 * @param start offset of the chunk's first byte: the start of a record, never inside the header
 * @param end offset just after the chunk's last byte (exclusive), or {@link #TO_END}
 * @param firstLine line of the whole file (from 1) on which the chunk's first record starts
 * @param header the file's column names, as {@link CsvReader#read} names them
 */
public record CsvChunk(int index, long start, long end, long firstLine, List<String> header) {
  /** {@link #end} of a chunk that runs to the end of the stream. */
  public static final long TO_END = Long.MAX_VALUE;

  public CsvChunk {
    header = List.copyOf(header);
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index);
    }
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("start and end must satisfy 0 <= start <= end, were "
          + start + " and " + end);
    }
    if (firstLine < 1) {
      throw new IllegalArgumentException("firstLine must be >= 1, was " + firstLine);
    }
    if (header.isEmpty()) {
      throw new IllegalArgumentException("header must name at least one column, was empty");
    }
  }

  /** Number of bytes in the chunk, or {@link #TO_END} when it runs to the end of the stream. */
  public long length() {
    return end == TO_END ? TO_END : end - start;
  }
}
