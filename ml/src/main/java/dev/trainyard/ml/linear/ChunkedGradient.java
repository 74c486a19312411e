package dev.trainyard.ml.linear;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loss and gradient of a batch computed in fixed-size chunks of rows and summed in chunk order.
 * The chunking never depends on the thread count, and each chunk is summed the same way whoever
 * computes it, so the result is bit-identical with 1 or N threads; threads only change who works.
 * The calling thread takes chunks too, so a saturated executor slows the batch down but cannot
 * deadlock it. One instance serves one training run; not thread-safe.
 */
final class ChunkedGradient {
  /** Rows per chunk; fixed so results do not depend on the thread count. */
  static final int CHUNK_ROWS = 32;
  /** Below about this many multiply-adds per batch, handing chunks to other threads costs more than it saves. */
  static final long MIN_PARALLEL_WORK = 1L << 18;

  /** The data a batch is drawn from; exactly one of {@code classes} and {@code values} is set. */
  record Problem(Objective objective, float[] x, int d, int k, int[] classes, float[] values) {
    double lossAndGradient(int[] rows, int from, int to, float[] w, float[] gradOut, GradientWorkspace ws) {
      switch (objective) {
        case LOGISTIC:
          return LinearGradients.logistic(x, d, rows, from, to, classes, w, gradOut, ws);
        case SOFTMAX:
          return LinearGradients.softmax(x, d, k, rows, from, to, classes, w, gradOut, ws);
        case LINEAR:
          return LinearGradients.squared(x, d, rows, from, to, values, w, gradOut, ws);
        default:
          throw new AssertionError(objective);
      }
    }

    /** 2 for logistic, k for softmax, 0 for linear. */
    int numClasses() {
      return objective == Objective.LINEAR ? 0 : objective == Objective.LOGISTIC ? 2 : k;
    }
  }

  private final Problem problem;
  private final ExecutorService executor;
  private final int threads;
  private final int size;
  /** {@code buffers[c]} holds chunk c's gradient (chunk 0 goes straight into the output). */
  private float[][] buffers = new float[1][];
  private double[] losses = new double[1];
  /** One workspace per participant of a batch (the caller is participant 0). */
  private final GradientWorkspace[] workspaces;

  ChunkedGradient(Problem problem, ExecutorService executor, int threads) {
    this.problem = problem;
    this.executor = executor;
    this.threads = threads;
    this.size = problem.k() * (problem.d() + 1);
    this.workspaces = new GradientWorkspace[threads];
    for (int t = 0; t < threads; t++) {
      workspaces[t] = new GradientWorkspace();
    }
  }

  /**
   * Summed loss of rows {@code rows[from..to)}; when {@code gradOut} is not null it is overwritten
   * with the summed gradient.
   */
  double compute(int[] rows, int from, int to, float[] w, float[] gradOut) {
    int chunks = Math.max(1, (to - from + CHUNK_ROWS - 1) / CHUNK_ROWS);
    ensureCapacity(chunks, gradOut != null);
    Job job = new Job(chunks, rows, from, to, w, gradOut);
    long work = (long) (to - from) * problem.d() * problem.k();
    int helpers = work < MIN_PARALLEL_WORK ? 0 : Math.min(threads, chunks) - 1;
    for (int h = 0; h < helpers; h++) {
      executor.execute(job);
    }
    job.participate(0);
    job.await();
    return sumInOrder(chunks, gradOut);
  }

  private double sumInOrder(int chunks, float[] gradOut) {
    double loss = losses[0];
    for (int c = 1; c < chunks; c++) {
      loss += losses[c];
      if (gradOut != null) {
        float[] b = buffers[c];
        for (int j = 0; j < size; j++) {
          gradOut[j] += b[j];
        }
      }
    }
    return loss;
  }

  private void computeChunk(int c, Job job, GradientWorkspace ws) {
    int lo = job.from + c * CHUNK_ROWS;
    int hi = Math.min(job.to, lo + CHUNK_ROWS);
    float[] g = null;
    if (job.gradOut != null) {
      g = c == 0 ? job.gradOut : buffers[c];
      Arrays.fill(g, 0f);
    }
    losses[c] = problem.lossAndGradient(job.rows, lo, hi, job.w, g, ws);
  }

  private void ensureCapacity(int chunks, boolean withGradient) {
    if (losses.length < chunks) {
      losses = new double[chunks];
      buffers = Arrays.copyOf(buffers, chunks);
    }
    if (withGradient) {
      for (int c = 1; c < chunks; c++) {
        if (buffers[c] == null) {
          buffers[c] = new float[size];
        }
      }
    }
  }

  /** One batch: chunks are claimed one at a time by whoever runs it; a late helper finds none left. */
  private final class Job implements Runnable {
    private final AtomicInteger next = new AtomicInteger();
    /** Helpers take participant numbers 1, 2, ... in the order they start. */
    private final AtomicInteger participants = new AtomicInteger(1);
    private final CountDownLatch done;
    private final int chunks;
    private final int[] rows;
    private final int from;
    private final int to;
    private final float[] w;
    private final float[] gradOut;
    private volatile Throwable failure;

    Job(int chunks, int[] rows, int from, int to, float[] w, float[] gradOut) {
      this.chunks = chunks;
      this.done = new CountDownLatch(chunks);
      this.rows = rows;
      this.from = from;
      this.to = to;
      this.w = w;
      this.gradOut = gradOut;
    }

    @Override
    public void run() {
      participate(participants.getAndIncrement());
    }

    void participate(int participant) {
      GradientWorkspace ws = workspaces[participant];
      int c;
      while ((c = next.getAndIncrement()) < chunks) {
        try {
          computeChunk(c, this, ws);
        } catch (RuntimeException | Error e) {
          failure = e;
        } finally {
          done.countDown();
        }
      }
    }

    void await() {
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while computing a gradient", e);
      }
      Throwable f = failure;
      if (f instanceof RuntimeException re) {
        throw re;
      }
      if (f instanceof Error err) {
        throw err;
      }
    }
  }
}
