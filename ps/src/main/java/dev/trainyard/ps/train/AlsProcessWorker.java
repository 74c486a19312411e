package dev.trainyard.ps.train;

import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.PsException;

/**
 * One worker of a distributed ALS run, on the calling thread, with its peers in other processes
 * that run the same trainer on the same data: it joins the run's vectors {@code <prefix>/users} and
 * {@code <prefix>/items} (BSP jobs of their own, created unless a peer did; see {@link FactorVector}
 * for the layout) and the {@link AlsLossBoard}, runs one {@link AlsWorker} over its own blocks (the
 * blocks worker {@code d.worker()} of W owns in the in-process run too) and returns both fitted
 * sides, pulled after the last barrier. The BSP clocks of the two vectors are the half-step
 * barriers: a user pull waits for every worker's user assignment of the iteration, an item pull for
 * every worker's item assignment. On success it leaves both jobs; a failed worker does not leave,
 * so its peers time out ({@link PeerTimeoutException}) instead of finishing without its rows. The
 * tables stay until {@link PsTrainerSource#dropTables}. Immutable; each {@link #fit} uses its own
 * client.
 */
record AlsProcessWorker(DistributedPs d) {
  /** Fits {@code job} ({@code job.workers() == d.workers()}) as worker {@code d.worker()}. */
  AlsWorker.Sides fit(AlsWorker.Job job, ProgressListener progress) {
    try (PsClient client = d.connect()) {
      try {
        return fitOn(client, job, progress);
      } catch (PsException e) {
        throw PeerTimeoutException.explain(e, client, d);
      }
    }
  }

  private AlsWorker.Sides fitOn(PsClient client, AlsWorker.Job job, ProgressListener progress) {
    int userRows = job.ratings().userIds().length;
    int itemRows = job.ratings().itemIds().length;
    PsVector users = PsVector.forMember(client, d.retry(), d.jobId("users"),
        FactorVector.segments(userRows, job.rank(), job.biases()), PsAlsTrainer.assignRule(job.iterations()),
        d.worker(), d.workers(), d.model(), d.staleness());
    PsVector items = PsVector.forMember(client, d.retry(), d.jobId("items"),
        FactorVector.segments(itemRows, job.rank(), job.biases()), PsAlsTrainer.assignRule(job.iterations() + 1L),
        d.worker(), d.workers(), d.model(), d.staleness());
    AlsLossBoard losses = AlsLossBoard.join(client, d.retry(), d.jobId("items"), d.worker(), job.iterations(),
        job.ratings().itemBlocks().size(), job.ratings().count(), progress);
    AlsWorker.Sides sides = new AlsWorker(job, d.worker(), new FactorVector(users, d.worker(), userRows, job.rank(),
        job.biases()), new FactorVector(items, d.worker(), itemRows, job.rank(), job.biases()), losses, true).call();
    users.close();
    items.close();
    return sides;
  }
}
