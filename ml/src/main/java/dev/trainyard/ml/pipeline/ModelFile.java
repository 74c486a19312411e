package dev.trainyard.ml.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.NotFoundException;
import dev.trainyard.ml.data.ColumnType;
import dev.trainyard.ml.model.Model;
import dev.trainyard.ml.model.Provenance;
import dev.trainyard.ml.transform.Preprocessor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The versioned model file. Layout, gzip-compressed: the magic bytes {@code TRAINYARD-MODEL}, a
 * format version (int), a JSON header (int length + UTF-8: schema, classes, provenance, the model's
 * format id), the fitted {@link Preprocessor}, then the model body in the model's own binary format.
 * Files are written to a temporary sibling and renamed, so a reader never sees half a file.
 */
public final class ModelFile {
  /** Format version written by this Trainyard; readers accept this and older. */
  public static final int FORMAT_VERSION = 1;
  private static final byte[] MAGIC = "TRAINYARD-MODEL".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelFile() {}

  public static void save(PipelineModel model, Path file) {
    Path parent = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".model-", ".tmp");
      try {
        try (OutputStream raw = Files.newOutputStream(tmp);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(raw, 1 << 16)))) {
          write(model, out);
        }
        readableByAll(tmp);
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new InvalidInputException("cannot write model file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Temporary files are created owner-only; a saved model gets the usual rw-r--r--. */
  private static void readableByAll(Path p) throws IOException {
    if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  /** Writes the model to a stream (no compression, no atomic rename): for embedding or transfer. */
  public static void write(PipelineModel model, DataOutputStream out) throws IOException {
    out.write(MAGIC);
    out.writeInt(FORMAT_VERSION);
    byte[] header = JSON.writeValueAsBytes(header(model));
    out.writeInt(header.length);
    out.write(header);
    model.preprocessor().writeTo(out);
    model.model().writeBody(out);
  }

  public static PipelineModel load(Path file) {
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16)))) {
      return read(in, file.getFileName().toString());
    } catch (NoSuchFileException e) {
      throw new NotFoundException("model file not found: " + file);
    } catch (ZipException | EOFException e) {
      throw new InvalidInputException(file.getFileName() + " is not a Trainyard model file (or it is truncated)");
    } catch (IOException e) {
      throw new InvalidInputException("cannot read model file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads what {@link #write} wrote; {@code source} names the input in error messages. */
  public static PipelineModel read(DataInputStream in, String source) throws IOException {
    byte[] magic = new byte[MAGIC.length];
    in.readFully(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new InvalidInputException(source + " is not a Trainyard model file");
    }
    int version = in.readInt();
    if (version < 1 || version > FORMAT_VERSION) {
      throw new InvalidInputException(source + " has model format version " + version
          + "; this Trainyard reads versions 1 to " + FORMAT_VERSION + " (upgrade Trainyard to read it)");
    }
    int length = in.readInt();
    if (length < 2 || length > (64 << 20)) {
      throw new InvalidInputException(source + " has a corrupt header");
    }
    byte[] header = new byte[length];
    in.readFully(header);
    JsonNode h = JSON.readTree(header);
    InputSchema schema = schema(h);
    List<String> classes = new ArrayList<>();
    h.path("classes").forEach(c -> classes.add(c.asText()));
    Provenance provenance = provenance(h.path("provenance"));
    Preprocessor preprocessor = Preprocessor.readFrom(in);
    Model model = Algorithms.readModel(h.path("model_format").asText(), in, provenance, source);
    return new PipelineModel(schema, preprocessor, model, classes, provenance);
  }

  private static ObjectNode header(PipelineModel m) {
    ObjectNode h = JSON.createObjectNode();
    h.put("format_version", FORMAT_VERSION);
    h.put("model_format", m.model().formatId());
    h.put("task", m.task().id());
    h.put("label", m.schema().label());
    ArrayNode classes = h.putArray("classes");
    m.classes().forEach(classes::add);
    ArrayNode fields = h.putArray("schema");
    for (InputSchema.Field f : m.schema().fields()) {
      fields.addObject().put("name", f.name()).put("type", f.type().id());
    }
    h.set("provenance", JSON.valueToTree(provenanceMap(m.provenance())));
    return h;
  }

  /** Provenance as a JSON-friendly map with snake_case keys (also used by the CLI and API). */
  public static Map<String, Object> provenanceMap(Provenance p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("algorithm", p.algorithm());
    m.put("params", new java.util.TreeMap<>(p.params()));
    m.put("seed", p.seed());
    m.put("version", p.version());
    m.put("created_at", p.createdAt().toString());
    m.put("dataset_id", p.datasetId());
    m.put("dataset_hash", p.datasetHash());
    m.put("train_rows", p.trainRows());
    m.put("metrics", p.metrics());
    return m;
  }

  private static InputSchema schema(JsonNode h) {
    List<InputSchema.Field> fields = new ArrayList<>();
    for (JsonNode f : h.path("schema")) {
      fields.add(new InputSchema.Field(f.path("name").asText(),
          ColumnType.valueOf(f.path("type").asText().toUpperCase(java.util.Locale.ROOT))));
    }
    return new InputSchema(fields, h.path("label").asText());
  }

  private static Provenance provenance(JsonNode p) {
    Map<String, String> params = new LinkedHashMap<>();
    p.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
    Map<String, Double> metrics = new LinkedHashMap<>();
    p.path("metrics").properties().forEach(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
    return new Provenance(p.path("algorithm").asText(), params, p.path("seed").asLong(),
        p.path("version").asText(), Instant.parse(p.path("created_at").asText()),
        p.path("dataset_id").asText(), p.path("dataset_hash").asText(), p.path("train_rows").asInt(), metrics);
  }
}
