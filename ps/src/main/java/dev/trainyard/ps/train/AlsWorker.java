package dev.trainyard.ps.train;

import dev.trainyard.ml.als.AlsHalfStep;
import dev.trainyard.ml.als.Factors;
import dev.trainyard.ml.als.RatingBlock;
import dev.trainyard.ml.als.RatingMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * One worker of a parameter-server ALS run. It owns the user and item blocks {@code b} with
 * {@code b mod workers == worker} (round-robin, so heavy and light blocks spread) and, per iteration:
 * <ol>
 *   <li>pulls the item vector, solves its user blocks against it and assigns them (push, clock);
 *   <li>pulls the user vector (under BSP this waits until every worker has assigned its users),
 *       solves its item blocks and assigns them (push, clock); the next iteration's item pull waits
 *       for every worker's items likewise.
 * </ol>
 * Before the first iteration it assigns its rows of the initial item factors (item clock 1), so the
 * item vector ends at clock {@code iterations + 1} and the user vector at {@code iterations}. The
 * pulls also keep the half-steps from overwriting what another worker still has to read: a worker
 * cannot push items of iteration t before every worker has pulled the items for iteration t's
 * users (its user pull waited for their user clocks, which follow those pulls), nor users of
 * iteration t + 1 before every worker has pulled the users for iteration t's items.
 * A worker built to return the model pulls both sides at the end (after the last barrier they are
 * final) and returns them; the others return {@code null}. In one process only worker 0 does; in a
 * distributed run (one worker per process) every worker does, so each holds the same model.
 * Confined to its thread.
 *
 * <p>Partitioning: every worker indexes all training ratings the same way ({@link RatingMatrix}:
 * ids to dense indices in ascending id order, then fixed blocks of consecutive rows), grouped twice,
 * by user and by item. A user block holds every rating of its users, so the user half-step of a
 * block needs only those ratings and the item factors (pulled); an item block likewise. So each
 * worker owns a row shard of the ratings per half-step and its solves are local.
 */
final class AlsWorker implements Callable<AlsWorker.Sides> {
  /** Fitted factors of both sides in dense index order. */
  record Sides(Factors users, Factors items) {}

  /** What every worker of one run shares (read-only). */
  record Job(RatingMatrix ratings, int rank, boolean biases, double lambda, int iterations, long seed, int workers) {}

  /** Where a worker reports the squared residuals of its item blocks (for the training RMSE). */
  interface Losses {
    /**
     * This worker's item blocks of {@code iteration} (1-based), before it assigns them:
     * {@code blockSse[j]} is block {@code blocks[j]}'s.
     */
    void record(int iteration, int[] blocks, double[] blockSse);

    /** After this worker assigned its items of {@code iteration} (its item clock is {@code iteration + 1}). */
    default void assigned(int iteration) {}
  }

  private final Job job;
  private final int worker;
  private final FactorVector userVector;
  private final FactorVector itemVector;
  private final Losses losses;
  private final boolean returnsSides;
  private final List<RatingBlock> ownUsers;
  private final List<RatingBlock> ownItems;
  private final int[] ownItemIndices;
  private final double[] itemSse;
  private final AlsHalfStep.Workspace ws;

  AlsWorker(Job job, int worker, FactorVector userVector, FactorVector itemVector, Losses losses,
      boolean returnsSides) {
    this.job = job;
    this.returnsSides = returnsSides;
    this.worker = worker;
    this.userVector = userVector;
    this.itemVector = itemVector;
    this.losses = losses;
    this.ownUsers = owned(job.ratings().userBlocks(), worker, job.workers());
    this.ownItems = owned(job.ratings().itemBlocks(), worker, job.workers());
    this.ownItemIndices = ownedIndices(job.ratings().itemBlocks().size(), worker, job.workers());
    this.itemSse = new double[ownItems.size()];
    this.ws = new AlsHalfStep.Workspace(job.rank(), job.biases());
  }

  @Override
  public Sides call() {
    int userRows = job.ratings().userIds().length;
    int itemRows = job.ratings().itemIds().length;
    // The server starts both sides at zero; these local copies mirror what it holds.
    Factors users = Factors.zeros(userRows, job.rank(), job.biases());
    Factors items = Factors.zeros(itemRows, job.rank(), job.biases());
    Factors freshUsers = Factors.zeros(userRows, job.rank(), job.biases());
    Factors freshItems = initialItems(itemRows);
    itemVector.assign(items, freshItems, ownItems);
    for (int it = 1; it <= job.iterations(); it++) {
      itemVector.pull(items);
      for (RatingBlock b : ownUsers) {
        AlsHalfStep.solveBlock(items, b, job.lambda(), freshUsers, b.first(), ws);
      }
      userVector.assign(users, freshUsers, ownUsers);
      userVector.pull(users);
      for (int j = 0; j < ownItems.size(); j++) {
        RatingBlock b = ownItems.get(j);
        itemSse[j] = AlsHalfStep.solveBlock(users, b, job.lambda(), freshItems, b.first(), ws);
      }
      losses.record(it, ownItemIndices, itemSse);
      itemVector.assign(items, freshItems, ownItems);
      losses.assigned(it);
    }
    if (!returnsSides) {
      return null;
    }
    itemVector.pull(items);
    return new Sides(users, items);
  }

  /**
   * Item factors drawn from N(0, 1/rank) in row-major order from one generator seeded by the run's
   * seed, biases zero: the single-process trainer's starting point, so both fit from the same
   * place. Every worker draws all of them (cheap) and assigns only its own rows.
   */
  private Factors initialItems(int rows) {
    Factors f = Factors.zeros(rows, job.rank(), job.biases());
    SplittableRandom rng = new SplittableRandom(job.seed());
    double std = 1 / Math.sqrt(job.rank());
    float[] v = f.values();
    for (int k = 0; k < v.length; k++) {
      v[k] = (float) (rng.nextGaussian() * std);
    }
    return f;
  }

  /** The blocks of {@code worker} under round-robin assignment. */
  static List<RatingBlock> owned(List<RatingBlock> blocks, int worker, int workers) {
    List<RatingBlock> out = new ArrayList<>();
    for (int b = worker; b < blocks.size(); b += workers) {
      out.add(blocks.get(b));
    }
    return out;
  }

  private static int[] ownedIndices(int blocks, int worker, int workers) {
    int n = blocks > worker ? (blocks - worker + workers - 1) / workers : 0;
    int[] out = new int[n];
    for (int j = 0; j < n; j++) {
      out[j] = worker + j * workers;
    }
    return out;
  }
}
