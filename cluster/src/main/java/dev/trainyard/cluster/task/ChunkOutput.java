package dev.trainyard.cluster.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainyard.ml.data.ChunkResult;
import dev.trainyard.ml.data.ColumnStats;
import dev.trainyard.ml.data.ColumnType;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.FrameFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The output of a preprocessing task as text: the chunk's per-column stats (what type inference
 * needs) and the chunk's typed frame ({@link FrameFile}, gzip, Base64), which is decoded only when
 * {@link #frame()} is called (merging types needs the stats alone). Immutable.
 */
public record ChunkOutput(Map<String, ColumnStats> stats, String encodedFrame, String source) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static String encode(ChunkResult r) {
    ObjectNode n = JSON.createObjectNode();
    ObjectNode stats = n.putObject("stats");
    r.stats().forEach((col, s) -> {
      ObjectNode c = stats.putObject(col);
      c.put("type", s.type().name());
      c.put("non_missing", s.nonMissing());
      c.put("numeric_tokens", s.numericTokens());
      c.put("starts_with_number", s.startsWithNumber());
      c.put("first_bad_line", s.firstBadLine());
      if (s.firstBadToken() != null) {
        c.put("first_bad_token", s.firstBadToken());
      }
      c.put("distinct", s.distinct());
      s.levels().forEach(c.putArray("levels")::add);
    });
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 1 << 16)) {
      FrameFile.write(r.frame(), gz);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    n.put("frame", Base64.getEncoder().encodeToString(bytes.toByteArray()));
    return n.toString();
  }

  public static ChunkOutput decode(String text, String source) {
    try {
      JsonNode n = JSON.readTree(text);
      Map<String, ColumnStats> stats = new LinkedHashMap<>();
      n.path("stats").fields().forEachRemaining(e -> {
        JsonNode c = e.getValue();
        List<String> levels = new ArrayList<>();
        c.path("levels").forEach(l -> levels.add(l.asText()));
        stats.put(e.getKey(), new ColumnStats(ColumnType.valueOf(c.path("type").asText()), c.path("non_missing").asInt(),
            c.path("numeric_tokens").asInt(), c.path("starts_with_number").asBoolean(), c.path("first_bad_line").asLong(),
            c.has("first_bad_token") ? c.path("first_bad_token").asText() : null, c.path("distinct").asInt(), levels));
      });
      return new ChunkOutput(stats, n.path("frame").asText(), source);
    } catch (IOException e) {
      throw new UncheckedIOException("the output of " + source + " is corrupt: " + e.getMessage(), e);
    }
  }

  /** The chunk's typed frame, decoded now. */
  public Frame frame() {
    byte[] raw = Base64.getDecoder().decode(encodedFrame);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
      return FrameFile.read(in, source);
    } catch (IOException e) {
      throw new UncheckedIOException("the frame of " + source + " is corrupt: " + e.getMessage(), e);
    }
  }

  /** The types this chunk was read as. */
  public Map<String, ColumnType> types() {
    Map<String, ColumnType> t = new LinkedHashMap<>();
    stats.forEach((c, s) -> t.put(c, s.type()));
    return t;
  }
}
