package dev.trainyard.ps.train;

import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.PsClientOptions;
import dev.trainyard.ps.client.PsException;
import dev.trainyard.rpc.auth.ClusterSecret;
import dev.trainyard.rpc.v1.TableStats;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;

/**
 * One worker of a distributed run, on the calling thread, with its peers in other processes that
 * run the same trainer on the same data: it joins the run's vector and {@link EpochBoard} (creating
 * them unless a peer did), runs the {@link WorkerLoop} over its own shard of the rows (the shard
 * {@link DataParallelLoop} would give it) with a {@link BoardSync}, and on success leaves both jobs.
 * A failed worker does not leave, so its peers time out ({@link PeerTimeoutException}) instead of
 * finishing without its rows. The tables stay until {@link #dropTables}. Immutable; each
 * {@link #train} uses its own client.
 */
record ProcessWorker(DistributedPs d) implements PsWorkers {
  private static final System.Logger LOG = System.getLogger(ProcessWorker.class.getName());
  private static final Duration CLEANUP_DEADLINE = Duration.ofSeconds(10);

  @Override
  public int workers() {
    return d.workers();
  }

  @Override
  public String description() {
    return d.description();
  }

  @Override
  public float[] train(String name, List<VectorFactory.Segment> segments, TrainingPlan plan, BatchObjective objective,
      ProgressListener progress) {
    try (PsClient client = d.connect()) {
      try {
        return trainOn(client, name, segments, plan, objective, progress);
      } catch (PsException e) {
        throw PeerTimeoutException.explain(e, client, d);
      }
    }
  }

  private float[] trainOn(PsClient client, String name, List<VectorFactory.Segment> segments, TrainingPlan plan,
      BatchObjective objective, ProgressListener progress) {
    LoopConfig cfg = plan.loop();
    PsVector vector = PsVector.forMember(client, d.retry(), d.jobId(name), segments, plan.rule(), d.worker(),
        d.workers(), d.model(), d.staleness());
    EpochBoard board = EpochBoard.join(client, d.retry(), d.tablePrefix(), d.worker(), d.workers(), cfg.epochs());
    RowShards shards = RowShards.of(plan.split().train(), cfg);
    BoardSync sync = new BoardSync(cfg, objective, vector, board, progress, plan.split().test(),
        plan.split().train().length);
    try {
      new WorkerLoop(cfg, objective, vector).run(d.worker(), shards.shards()[d.worker()], shards.stepsPerEpoch(), sync);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while training", e);
    }
    vector.close();
    board.leave();
    return sync.result();
  }

  /**
   * Drops every table named {@code tablePrefix/...} from each of {@code shards}, shard by shard,
   * skipping (and logging) a shard that cannot be reached or refuses. {@code secret} empty sends
   * none, which every shard refuses.
   */
  static void dropTables(List<String> shards, String tablePrefix, java.util.Optional<ClusterSecret> secret) {
    DistributedPs.requirePrefix(tablePrefix);
    for (String shard : shards) {
      PsClientOptions options = PsClientOptions.defaults().withDeadline(CLEANUP_DEADLINE);
      options = secret.map(options::withSecret).orElse(options);
      try (PsClient client = PsClient.connect(List.of(shard), options)) {
        for (TableStats t : client.stats().get(0).getTablesList()) {
          if (t.getName().startsWith(tablePrefix + "/")) {
            client.dropTable(t.getName());
          }
        }
      } catch (PsException e) {
        LOG.log(Level.WARNING, "could not drop the tables of " + tablePrefix + " on shard " + shard + ": "
            + e.getMessage());
      }
    }
  }
}
