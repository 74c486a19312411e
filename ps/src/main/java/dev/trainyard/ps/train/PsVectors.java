package dev.trainyard.ps.train;

import dev.trainyard.ps.client.PsClient;
import dev.trainyard.rpc.v1.Consistency;
import java.util.UUID;

/** Creates {@link SharedVector}s on the shards behind a {@link PsClient}, one job id per training run. */
public final class PsVectors implements VectorFactory {
  private final PsClient client;
  private final Consistency consistency;
  private final int staleness;
  private final RetryPolicy retry;

  public PsVectors(PsClient client, Consistency consistency, int staleness) {
    this(client, consistency, staleness, RetryPolicy.NONE);
  }

  /** Vectors whose calls retry unreachable shards as {@code retry} says. */
  public PsVectors(PsClient client, Consistency consistency, int staleness, RetryPolicy retry) {
    this.client = client;
    this.consistency = consistency;
    this.staleness = staleness;
    this.retry = retry;
  }

  @Override
  public java.util.Optional<Consistency> consistency() {
    return java.util.Optional.of(consistency);
  }

  @Override
  public SharedVector create(String name, java.util.List<Segment> segments, UpdateRule rule, int workers) {
    String jobId = "train-" + UUID.randomUUID();
    return PsVector.forAll(client, retry, jobId, name, segments, rule, workers, consistency, staleness);
  }
}
