package dev.trainyard.ml.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a model came from: algorithm, hyper-parameters as given, seed, Trainyard version, dataset
 * id and content hash, training rows, creation time and the metrics measured on it. Immutable.
 */
public record Provenance(
    String algorithm,
    Map<String, String> params,
    long seed,
    String version,
    Instant createdAt,
    String datasetId,
    String datasetHash,
    int trainRows,
    Map<String, Double> metrics) {

  public Provenance {
    Objects.requireNonNull(algorithm, "algorithm");
    params = Map.copyOf(params);
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(createdAt, "createdAt");
    datasetId = datasetId == null ? "" : datasetId;
    datasetHash = datasetHash == null ? "" : datasetHash;
    metrics = Map.copyOf(metrics);
  }

  /** Provenance of a fresh model before the dataset and metrics are known. */
  public static Provenance of(String algorithm, Map<String, String> params, long seed, int trainRows) {
    return new Provenance(
        algorithm, params, seed, TrainyardVersion.get(), Instant.now(), "", "", trainRows, Map.of());
  }

  public Provenance withDataset(String id, String hash) {
    return new Provenance(algorithm, params, seed, version, createdAt, id, hash, trainRows, metrics);
  }

  public Provenance withMetrics(Map<String, Double> newMetrics) {
    Map<String, Double> merged = new LinkedHashMap<>(metrics);
    merged.putAll(newMetrics);
    return new Provenance(algorithm, params, seed, version, createdAt, datasetId, datasetHash, trainRows, merged);
  }
}
