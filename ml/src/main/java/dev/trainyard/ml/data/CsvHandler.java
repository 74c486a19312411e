package dev.trainyard.ml.data;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.RecordType;
import dev.trainyard.common.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Receives fields from FastCSV as character ranges and appends them to column builders. Either reads
 * the header from the first record (a whole file) or starts with known column names (a chunk, whose
 * line numbers are shifted so that they are lines of the whole file). Not thread-safe; one per pass.
 */
final class CsvHandler extends AbstractBaseCsvCallbackHandler<Object> {
  private static final Object RECORD = new Object();
  private final String source;
  private final CsvOptions options;
  private final Map<String, ColumnType> types;
  private final long lineOffset;
  private final NumberParser parser = new NumberParser();
  private final Set<String> missing;
  private final int maxMissingLength;
  private List<String> headerNames;
  private ColumnBuilder[] builders;
  private int fieldsInRecord;
  /** A record has begun and not been built yet (its values are already in the builders). */
  private boolean pending;
  private long line;
  private int rows;

  /** A handler for a whole file: the first record is the header. */
  CsvHandler(String source, CsvOptions options, Map<String, ColumnType> types) {
    this(source, options, types, null, 0);
  }

  /**
   * A handler for records whose header is {@code header} (null: the first record) and whose first
   * record is on line {@code lineOffset + 1} of the file.
   */
  CsvHandler(String source, CsvOptions options, Map<String, ColumnType> types, List<String> header,
      long lineOffset) {
    this.source = source;
    this.options = options;
    this.types = types;
    this.lineOffset = lineOffset;
    this.missing = options.missingTokens();
    int max = 0;
    for (String t : missing) {
      max = Math.max(max, t.length());
    }
    this.maxMissingLength = max;
    if (header != null) {
      startColumns(header);
    }
  }

  /**
   * Column names from the raw header fields: blanks trimmed, an empty name becomes
   * {@code column_<position>}; a repeated name is an error naming the header's line.
   */
  static List<String> columnNames(List<String> rawFields, String source, long line) {
    Set<String> seen = new HashSet<>();
    List<String> names = new ArrayList<>(rawFields.size());
    for (int j = 0; j < rawFields.size(); j++) {
      String raw = rawFields.get(j).trim();
      String name = raw.isEmpty() ? "column_" + (j + 1) : raw;
      if (!seen.add(name)) {
        throw new InvalidInputException(
            source + " line " + line + ": duplicate column name '" + name + "' in the header");
      }
      names.add(name);
    }
    return names;
  }

  @Override
  protected void handleBegin(long startingLineNumber) {
    line = startingLineNumber + lineOffset;
    fieldsInRecord = 0;
    pending = true;
    if (builders == null && headerNames == null) {
      headerNames = new ArrayList<>();
    }
  }

  @Override
  protected void handleField(int fieldIdx, char[] buf, int offset, int len, boolean quoted) {
    fieldsInRecord++;
    if (builders == null) {
      headerNames.add(new String(buf, offset, len));
      return;
    }
    if (fieldIdx >= builders.length) {
      return; // reported in buildRecord with the count
    }
    addValue(builders[fieldIdx], buf, offset, len);
  }

  private void addValue(ColumnBuilder b, char[] buf, int offset, int len) {
    if (!b.isStringMode()) {
      float v = parser.parse(buf, offset, len);
      if (parser.ok()) {
        b.addNumber(v);
        return;
      }
      if (isMissing(buf, offset, len)) {
        b.addMissing();
        return;
      }
      String token = new String(buf, offset, len);
      if (b.forced() == ColumnType.NUMERIC) {
        throw new InvalidInputException(source + " line " + line + ", column '" + b.name()
            + "': expected a number, was '" + token + "'");
      }
      b.addString(token.trim(), false, line);
      return;
    }
    if (isMissing(buf, offset, len)) {
      b.addMissing();
      return;
    }
    parser.parse(buf, offset, len);
    b.addString(new String(buf, offset, len).trim(), parser.ok(), line);
  }

  private boolean isMissing(char[] buf, int offset, int len) {
    int start = offset;
    int end = offset + len;
    while (start < end && buf[start] == ' ') {
      start++;
    }
    while (end > start && buf[end - 1] == ' ') {
      end--;
    }
    int n = end - start;
    if (n > maxMissingLength) {
      return false;
    }
    return missing.contains(new String(buf, start, n));
  }

  @Override
  protected Object buildRecord() {
    pending = false;
    if (getRecordType() == RecordType.EMPTY) {
      return RECORD; // FastCSV drops it (skipEmptyLines) once it is built
    }
    if (builders == null) {
      if (!options.header()) {
        throw new UnsupportedOperationException("CSV without a header row is not supported yet");
      }
      startColumns(columnNames(headerNames, source, line));
      return RECORD;
    }
    if (fieldsInRecord != builders.length) {
      throw new InvalidInputException(source + " line " + line + ": expected " + builders.length
          + " fields as in the header, found " + fieldsInRecord);
    }
    rows++;
    return RECORD;
  }

  private void startColumns(List<String> names) {
    builders = new ColumnBuilder[names.size()];
    for (int j = 0; j < names.size(); j++) {
      builders[j] = new ColumnBuilder(names.get(j), types.get(names.get(j)));
    }
  }

  /**
   * The frame, or null when a second pass is needed ({@code typesOut} was updated for it: a column
   * turned to text after numbers were stored without their spelling). With {@code checkBroken} false
   * the mostly-numeric rule is left to {@link TypeInference#merge}, which sees every chunk.
   */
  Frame finish(Map<String, ColumnType> typesOut, boolean checkBroken) {
    if (pending && fieldsInRecord > 0 && builders != null) {
      // FastCSV 4.1 drops a last record whose final quoted field ends in CR and is followed by LF
      // ("x\r"\n) without building it; its first values are stored already, so judge it as a record.
      buildRecord();
    }
    if (builders == null) {
      throw new InvalidInputException(source + " is empty: expected a header row and data rows");
    }
    if (rows == 0) {
      throw new InvalidInputException(source + " has a header but no data rows");
    }
    boolean again = false;
    for (ColumnBuilder b : builders) {
      if (checkBroken && b.looksLikeBrokenNumeric()) {
        throw TypeInference.brokenNumeric(source, b.firstBadLine(), b.name(), b.firstBadToken(),
            b.numericTokens(), b.nonMissing());
      }
      if (b.switchedLate()) {
        typesOut.put(b.name(), ColumnType.CATEGORICAL);
        again = true;
      }
    }
    if (again) {
      return null;
    }
    List<Column> columns = new ArrayList<>(builders.length);
    for (ColumnBuilder b : builders) {
      columns.add(b.build(options.maxLevels()));
    }
    return Frame.of(columns);
  }

  /** Per-column facts of the pass that {@link #finish} turned into {@code frame}. */
  Map<String, ColumnStats> stats(Frame frame) {
    Map<String, ColumnStats> stats = new LinkedHashMap<>();
    for (int j = 0; j < builders.length; j++) {
      stats.put(builders[j].name(), builders[j].stats(frame.column(j).type(), options.maxLevels()));
    }
    return stats;
  }
}
