package dev.trainyard.ml.data;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.NotFoundException;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.ZipException;

/**
 * The typed dataset file: a {@link Frame} stored column by column so that it loads with bulk reads
 * instead of being parsed again. Values round-trip exactly: float32 bits (missing = NaN), categorical
 * codes and dictionaries (missing = {@link CategoricalColumn#MISSING}), text (missing = null). A frame
 * that is a view is written as its own rows (a shard keeps the full dictionaries).
 *
 * <p>Format, version {@value #VERSION}, every number little-endian:
 * <pre>
 *   magic      8 bytes: 0x89 'T' 'Y' 'F' 'R' 'A' 'M' 'E'
 *   version    int32
 *   headerSize int32, then header: rowCount int32, columnCount int32,
 *              per column: type byte (0 numeric, 1 categorical, 2 text), name (int32 length + UTF-8)
 *   headerCrc  int32, CRC-32C of the header bytes (checked before anything is allocated from them)
 *   body, per column in order:
 *     numeric      rowCount float32
 *     categorical  dictionarySize int32, dictionary: levelCount int32, per level int32 length + UTF-8;
 *                  then rowCount int32 codes (-1 missing)
 *     text         rowCount int32 byte lengths (-1 missing), then the UTF-8 bytes of every value
 *   bodyCrc    int32, CRC-32C of the body
 * </pre>
 * Compression is the caller's choice (wrap the streams in gzip). Any damage — wrong signature,
 * unknown version, truncation, checksum mismatch, impossible values — is an
 * {@link InvalidInputException} naming the source. Stateless and thread-safe.
 */
public final class FrameFile {
  /** The format version this class writes and reads. */
  public static final int VERSION = 1;

  private FrameFile() {}

  /**
   * Writes {@code frame} to {@code file} atomically: into a temporary file beside it, synced, then
   * renamed over {@code file}, so readers see the old file or the whole new one, never a part.
   */
  public static void write(Frame frame, Path file) {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        write(frame, out);
        channel.force(true);
      }
      move(tmp, file);
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write frame file " + file + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path tmp) {
    if (tmp != null) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort: the write already failed with a better error
      }
    }
  }

  /** Writes {@code frame} to {@code out} and flushes it; {@code out} is not closed. */
  public static void write(Frame frame, OutputStream out) throws IOException {
    new FrameEncoder(out).write(frame);
    out.flush();
  }

  /** Reads the frame stored in {@code file}; bytes after the frame are an error. */
  public static Frame read(Path file) {
    String source = file.getFileName().toString();
    try (InputStream in = Files.newInputStream(file)) {
      Frame frame = decode(in, source);
      if (in.read() >= 0) {
        throw new InvalidInputException(source + ": corrupt frame file: unexpected bytes after the end of the frame");
      }
      return frame;
    } catch (NoSuchFileException e) {
      throw new NotFoundException("file not found: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read frame file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads one frame from {@code in}, up to the end of the frame; {@code in} is not closed.
   * {@code sourceName} names the stream in error messages.
   */
  public static Frame read(InputStream in, String sourceName) throws IOException {
    return decode(in, sourceName);
  }

  private static Frame decode(InputStream in, String source) throws IOException {
    try {
      return new FrameDecoder(in, source).read();
    } catch (EOFException e) {
      throw new InvalidInputException(source + ": truncated frame file: it ends inside " + e.getMessage(), e);
    } catch (ZipException e) {
      throw new InvalidInputException(source + ": corrupt frame file: " + e.getMessage(), e);
    }
  }
}
