package dev.trainyard.cluster.task;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Text payloads in task results: UTF-8, gzip, Base64 (results are JSON strings on the queue). */
public final class Texts {
  private Texts() {}

  public static String gzipBase64(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(64, text.length() / 4));
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 1 << 16)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /** Decodes what {@link #gzipBase64} wrote straight into {@code out}. */
  public static void ungzipBase64(String encoded, Writer out) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(encoded)))) {
      out.write(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("a task's output is corrupt: " + e.getMessage(), e);
    }
  }
}
