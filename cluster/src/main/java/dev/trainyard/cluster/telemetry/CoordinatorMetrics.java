package dev.trainyard.cluster.telemetry;

import dev.trainyard.cluster.queue.Priority;
import dev.trainyard.cluster.queue.TaskQueue;
import dev.trainyard.common.metrics.Telemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * The coordinator's meters: the gauge {@code trainyard_queue_depth} (tasks ready to lease, tag
 * {@code priority}; read from the queue at each scrape), {@code trainyard_jobs_active},
 * {@code trainyard_jobs_submitted_total} (tag {@code kind}) and {@code trainyard_jobs_finished_total}
 * (tag {@code status}). The gauges follow the coordinator last given to {@link #watch} (one per
 * process; NaN when there is none or its queue does not answer). Thread-safe.
 */
public final class CoordinatorMetrics {
  private static final MeterRegistry REGISTRY = Telemetry.registry();
  private static volatile Watched watched;

  private record Watched(TaskQueue queue, IntSupplier activeJobs) {}

  static {
    for (Priority p : Priority.values()) {
      Gauge.builder("trainyard.queue.depth", () -> depth(p)).description("tasks ready to lease now")
          .tag("priority", p.name().toLowerCase(Locale.ROOT)).register(REGISTRY);
    }
    Gauge.builder("trainyard.jobs.active", () -> {
      Watched w = watched;
      return w == null ? Double.NaN : w.activeJobs().getAsInt();
    }).description("jobs the coordinator follows now").register(REGISTRY);
  }

  private CoordinatorMetrics() {}

  /** What {@link #watch} returns: closing it stops the gauges reading that coordinator. */
  public interface Watch extends AutoCloseable {
    @Override
    void close();
  }

  /** Makes the gauges read {@code queue} and {@code activeJobs} until the returned handle is closed. */
  public static Watch watch(TaskQueue queue, IntSupplier activeJobs) {
    Watched w = new Watched(queue, activeJobs);
    watched = w;
    return () -> {
      if (watched == w) {
        watched = null;
      }
    };
  }

  private static double depth(Priority p) {
    Watched w = watched;
    if (w == null) {
      return Double.NaN;
    }
    try {
      Long n = w.queue().depth().get(p);
      return n == null ? 0 : n;
    } catch (RuntimeException unreachable) {
      return Double.NaN; // a scrape must not fail because Redis blinked
    }
  }

  public static void submitted(String kind) {
    Counter.builder("trainyard.jobs.submitted").description("jobs accepted and queued")
        .tag("kind", kind).register(REGISTRY).increment();
  }

  public static void finished(String status) {
    Counter.builder("trainyard.jobs.finished").description("jobs that ended")
        .tag("status", status).register(REGISTRY).increment();
  }
}
