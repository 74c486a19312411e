package dev.trainyard.cluster.task;

import dev.trainyard.ml.pipeline.ModelFile;
import dev.trainyard.ml.pipeline.PipelineModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** A fitted pipeline as text for a task result: the model file format, gzip, then Base64. */
public final class ModelCodec {
  private ModelCodec() {}

  public static String encode(PipelineModel model) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes, 1 << 16))) {
      ModelFile.write(model, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  public static PipelineModel decode(String text, String source) {
    byte[] raw = Base64.getDecoder().decode(text);
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16))) {
      return ModelFile.read(in, source);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode the model of " + source + ": " + e.getMessage(), e);
    }
  }
}
