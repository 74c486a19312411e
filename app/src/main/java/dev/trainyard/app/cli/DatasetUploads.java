package dev.trainyard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainyard.cluster.data.DatasetRepository;
import dev.trainyard.common.NotFoundException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a local data file into a dataset id on the server: by its SHA-256 an identical upload is
 * reused, otherwise the file is streamed up. Says which on {@code log}. Not thread-safe.
 */
final class DatasetUploads {
  private final ApiClient api;
  private final PrintStream log;

  DatasetUploads(ApiClient api, PrintStream log) {
    this.api = api;
    this.log = log;
  }

  String idFor(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException("file not found: " + file);
    }
    String sha = DatasetRepository.sha256(file);
    JsonNode found = api.get("/api/v1/datasets?sha256=" + URLEncoder.encode(sha, StandardCharsets.UTF_8));
    if (found.isArray() && !found.isEmpty()) {
      JsonNode d = found.get(0);
      log.println("using dataset " + d.path("id").asText() + " (" + file.getFileName() + ", already uploaded)");
      return d.path("id").asText();
    }
    JsonNode d = api.upload(file);
    log.println("uploaded " + file.getFileName() + " as dataset " + d.path("id").asText() + " ("
        + d.path("bytes").asLong() + " bytes)");
    return d.path("id").asText();
  }
}
