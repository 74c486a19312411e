package dev.trainyard.common.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The one meter registry of this process: every role records into it and serves it in the
 * Prometheus text format at {@code /metrics} (the coordinator on its HTTP port, workers and PS
 * shards with {@code --metrics-port}). JVM memory, GC, thread, class-loader, CPU and uptime meters
 * are bound once, when the class loads. Meter names follow Micrometer's dotted style
 * ({@code trainyard.tasks.started}) and appear in Prometheus as {@code trainyard_tasks_started_total}.
 * Thread-safe; several roles in one JVM (standalone, tests) share it, so counters add up.
 */
public final class Telemetry {
  /** The content type of {@link #scrape()}: the Prometheus text exposition format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final PrometheusMeterRegistry REGISTRY = create();

  private Telemetry() {}

  private static PrometheusMeterRegistry create() {
    PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(r);
    // kept for the life of the process: it listens to GC notifications
    new JvmGcMetrics().bindTo(r);
    new JvmThreadMetrics().bindTo(r);
    new ClassLoaderMetrics().bindTo(r);
    new ProcessorMetrics().bindTo(r);
    new UptimeMetrics().bindTo(r);
    return r;
  }

  /** Where instrumented code registers its meters (register once, keep the meter; not per event). */
  public static MeterRegistry registry() {
    return REGISTRY;
  }

  /** Every meter now, in the Prometheus text format ({@link #CONTENT_TYPE}). */
  public static String scrape() {
    return REGISTRY.scrape();
  }
}
