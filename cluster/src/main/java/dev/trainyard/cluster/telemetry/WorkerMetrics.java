package dev.trainyard.cluster.telemetry;

import dev.trainyard.cluster.queue.FailOutcome;
import dev.trainyard.common.metrics.Telemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * A worker's meters. Task meters are recorded once per task attempt (never inside a task's loops), tagged by
 * task {@code kind} ({@code trees}, {@code fit}, {@code ps-worker}, ...; {@code unknown} when the
 * payload could not be read): {@code trainyard_tasks_started_total}, {@code _succeeded_total},
 * {@code _failed_total} (tag {@code final}: true when no retry follows), {@code _retried_total},
 * {@code _stopped_total} (cancelled or lease lost) and the timer {@code trainyard_tasks_latency_seconds}
 * (a task's run time from lease to result, tag {@code outcome}). A worker process also counts its
 * membership heartbeats: {@code trainyard_worker_heartbeats_sent_total} and {@code _missed_total}. Thread-safe.
 */
public final class WorkerMetrics {
  private static final MeterRegistry REGISTRY = Telemetry.registry();

  private WorkerMetrics() {}

  public static void started(String kind) {
    counter("trainyard.tasks.started", "task attempts started by this worker", kind).increment();
  }

  public static void succeeded(String kind, Duration took) {
    counter("trainyard.tasks.succeeded", "task attempts that stored a result", kind).increment();
    latency(kind, "succeeded").record(took);
  }

  /** A failed attempt; {@code outcome} says whether the queue retries it. */
  public static void failed(String kind, FailOutcome outcome, Duration took) {
    boolean last = outcome != FailOutcome.RETRY_SCHEDULED;
    Counter.builder("trainyard.tasks.failed").description("task attempts that failed")
        .tags("kind", kind, "final", Boolean.toString(last)).register(REGISTRY).increment();
    if (!last) {
      counter("trainyard.tasks.retried", "failed task attempts the queue schedules again", kind).increment();
    }
    latency(kind, "failed").record(took);
  }

  public static void stopped(String kind) {
    counter("trainyard.tasks.stopped", "task attempts stopped: cancelled, or the lease was lost", kind).increment();
  }

  private static Counter counter(String name, String description, String kind) {
    return Counter.builder(name).description(description).tag("kind", kind).register(REGISTRY);
  }

  private static Timer latency(String kind, String outcome) {
    return Timer.builder("trainyard.tasks.latency").description("how long a task attempt ran, lease to result")
        .tags("kind", kind, "outcome", outcome).register(REGISTRY);
  }

  /** Membership heartbeats of this worker process to its coordinator that arrived ({@code sent}) or failed. */
  public static void heartbeat(boolean sent) {
    Counter.builder(sent ? "trainyard.worker.heartbeats.sent" : "trainyard.worker.heartbeats.missed")
        .description(sent ? "heartbeats the coordinator answered" : "heartbeats that did not reach the coordinator")
        .register(REGISTRY).increment();
  }
}
