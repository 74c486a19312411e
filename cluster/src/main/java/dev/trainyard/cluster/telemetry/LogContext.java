package dev.trainyard.cluster.telemetry;

import org.slf4j.MDC;

/**
 * Puts a job's (and a task's, and its worker's) id into the SLF4J MDC of this thread as
 * {@code job}, {@code task} and {@code worker}, so every log line written inside says which work it
 * is about (the log pattern and the JSON log show them); {@link #close} removes them again. Use in a
 * try-with-resources on the thread doing the work; not shared between threads.
 */
@SuppressWarnings("try") // inJob: the resource is the MDC entry
public final class LogContext implements AutoCloseable {
  public static final String JOB = "job";
  public static final String TASK = "task";
  public static final String WORKER = "worker";

  private final boolean task;

  private LogContext(boolean task) {
    this.task = task;
  }

  /** A task being run by {@code worker}. */
  public static LogContext task(String job, String task, String worker) {
    MDC.put(JOB, job);
    MDC.put(TASK, task);
    MDC.put(WORKER, worker);
    return new LogContext(true);
  }

  /** The coordinator handling {@code job}. */
  public static LogContext job(String job) {
    MDC.put(JOB, job);
    return new LogContext(false);
  }

  /** Runs {@code work} with {@code job} in the log context. */
  public static void inJob(String job, Runnable work) {
    try (LogContext c = job(job)) {
      work.run();
    }
  }

  @Override
  public void close() {
    MDC.remove(JOB);
    if (task) {
      MDC.remove(TASK);
      MDC.remove(WORKER);
    }
  }
}
