package dev.trainyard.cluster.coordinator;

import de.siegmar.fastcsv.reader.CsvRecord;
import dev.trainyard.cluster.job.JobSpec;
import dev.trainyard.cluster.task.DataRef;
import dev.trainyard.common.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Checks a job against its dataset's header row before any task is queued: the label and every
 * typed column must exist. Reads only the first record, so it is cheap on any file size.
 */
final class DatasetHeader {
  private DatasetHeader() {}

  static void check(Path file, DataRef ref, JobSpec spec) {
    if (spec.kind() == JobSpec.Kind.PREPROCESS && !ref.format().startsWith("csv")) {
      throw new InvalidInputException("preprocessing parses CSV files; " + ref.name() + " is " + ref.format());
    }
    if (ref.format().startsWith("libsvm")) {
      if (spec.kind() == JobSpec.Kind.TRAIN && !spec.label().equals("label")) {
        throw new InvalidInputException("a LibSVM dataset's label column is 'label', was '" + spec.label() + "'");
      }
      return;
    }
    List<String> columns = ref.format().equals(dev.trainyard.cluster.task.Experiments.TYPED_FORMAT)
        ? dev.trainyard.ml.data.FrameFile.read(file).names()
        : columns(file, spec.separator(), ref.name());
    List<String> problems = new ArrayList<>();
    if (spec.kind() == JobSpec.Kind.TRAIN && !columns.contains(spec.label())) {
      problems.add(ref.name() + " has no label column '" + spec.label() + "'; columns are: " + preview(columns));
    }
    for (String c : spec.types().keySet()) {
      if (!columns.contains(c)) {
        problems.add("types." + c + ": " + ref.name() + " has no column '" + c + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException("invalid job spec: " + (problems.size() == 1 ? problems.get(0)
          : problems.size() + " problems"), problems);
    }
  }

  private static String preview(List<String> columns) {
    return columns.size() <= 20 ? columns.toString()
        : columns.subList(0, 20) + " and " + (columns.size() - 20) + " more";
  }

  static List<String> columns(Path file, char separator, String name) {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = isGzip(file) ? new GZIPInputStream(raw, 1 << 16) : raw;
        Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        de.siegmar.fastcsv.reader.CsvReader<CsvRecord> csv = de.siegmar.fastcsv.reader.CsvReader.builder()
            .fieldSeparator(separator).skipEmptyLines(true).ofCsvRecord(reader)) {
      for (CsvRecord r : csv) {
        return List.copyOf(r.getFields());
      }
      throw new InvalidInputException(name + " is empty");
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidInputException i) {
        throw i;
      }
      throw new InvalidInputException(name + ": cannot read its header row: " + e.getMessage(), e);
    }
  }

  private static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }
}
