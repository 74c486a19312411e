package dev.trainyard.ml.data;

/**
 * Finds where CSV records start in raw bytes, splitting records exactly as FastCSV's strict parser
 * does, so that parsing from any reported position gives the same records as parsing from the top.
 * A quote opens a quoted field only at the start of a field (or right after a closing quote, where
 * {@code ""} is an escaped quote); inside a quoted field separators and line breaks are data. Outside
 * quotes CR, LF and CRLF end a record. Lines are counted as FastCSV counts them for error messages,
 * including line breaks inside quoted fields. Two FastCSV 4.1 quirks are followed on purpose, since
 * the point is to agree with the parser: inside quotes a CR followed by other bytes and then an LF
 * counts as one line, and a closing quote right after a CR makes a following LF the end of a CRLF
 * (the record goes on). Works on UTF-8 bytes because the quote, the separator (which must be ASCII)
 * and line breaks never occur inside a multi-byte character. Not thread-safe.
 */
final class RecordScanner {
  /** Told of the first byte of every non-empty record. */
  interface Listener {
    /** Returns false to stop scanning. */
    boolean recordStart(long position, long line);
  }

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte QUOTE = '"';
  private static final int FIELD_START = 0;
  private static final int DATA = 1;
  private static final int QUOTED = 2;
  private static final int AFTER_QUOTE = 3;

  private final byte separator;
  private final Listener listener;
  private int state = FIELD_START;
  /** The last byte was a CR, so an LF right after it belongs to the same line break. */
  private boolean lastWasCr;
  /** No byte of the current record has been seen yet (only line breaks since the last record). */
  private boolean atRecordStart = true;
  private long line = 1;
  private long position;
  private boolean stopped;

  RecordScanner(char separator, Listener listener) {
    if (separator > 127 || separator == '"' || separator == '\r' || separator == '\n') {
      throw new IllegalArgumentException("separator must be an ASCII character other than a quote or a"
          + " line break to split a CSV file, was '" + separator + "'");
    }
    this.separator = (byte) separator;
    this.listener = listener;
  }

  /** Line of the current position (from 1). */
  long line() {
    return line;
  }

  /** Bytes consumed so far. */
  long position() {
    return position;
  }

  boolean stopped() {
    return stopped;
  }

  /** Scans {@code len} bytes of {@code buf}; returns false once the listener asked to stop. */
  boolean scan(byte[] buf, int len) {
    int i = 0;
    while (i < len && !stopped) {
      byte c = buf[i];
      if (state == QUOTED) {
        i = inQuotes(buf, i, len);
      } else if (c == CR || c == LF) {
        lineBreak(c);
        i++;
      } else {
        if (atRecordStart) {
          atRecordStart = false;
          if (!listener.recordStart(position + i, line)) {
            stopped = true;
            break;
          }
        }
        lastWasCr = false;
        i = unquoted(buf, i, len);
      }
    }
    position += i;
    return !stopped;
  }

  /** Consumes bytes inside a quoted field up to and including the closing quote. */
  private int inQuotes(byte[] buf, int i, int len) {
    while (i < len) {
      byte c = buf[i++];
      if (c == QUOTE) {
        // FastCSV 4.1 keeps the CR flag past a closing quote, so in "x\r"\n the LF is taken as the
        // second half of a CRLF and the record goes on; we follow the parser, not the RFC.
        state = AFTER_QUOTE;
        return i;
      } else if (c == CR) {
        lastWasCr = true;
        line++;
      } else if (c == LF) {
        if (lastWasCr) {
          lastWasCr = false;
        } else {
          line++;
        }
      }
      // FastCSV leaves the CR flag set across other bytes inside quotes; so do we.
    }
    return i;
  }

  /** Consumes one byte outside quotes that is not a line break, and the plain data after it. */
  private int unquoted(byte[] buf, int i, int len) {
    byte c = buf[i++];
    if (c == separator) {
      state = FIELD_START;
    } else if (c == QUOTE && state != DATA) {
      state = QUOTED; // opening quote, or the second quote of an escaped "" after a closing one
    } else {
      // Data; after a closing quote FastCSV rejects it, and the chunk holding it will report that.
      state = DATA;
      while (i < len) {
        byte d = buf[i];
        if (d == separator || d == CR || d == LF) {
          break;
        }
        i++;
      }
    }
    return i;
  }

  private void lineBreak(byte c) {
    if (c == LF && lastWasCr) {
      lastWasCr = false; // second half of CRLF
      state = FIELD_START;
      return;
    }
    lastWasCr = c == CR;
    line++;
    state = FIELD_START;
    atRecordStart = true;
  }
}
