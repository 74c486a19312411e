package dev.trainyard.ps.server;

import dev.trainyard.common.metrics.Telemetry;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A shard's Prometheus meters, recorded by a gRPC stream tracer once per call (and per message for
 * bytes), never inside the tables' loops: {@code trainyard_ps_pushes_total} and
 * {@code trainyard_ps_pulls_total} (tags {@code type} dense|sparse, {@code status} the gRPC code),
 * {@code trainyard_ps_push_bytes_total} (received) and {@code trainyard_ps_pull_bytes_total} (sent),
 * latency timers {@code trainyard_ps_push_seconds} and {@code trainyard_ps_pull_seconds}, and
 * {@code trainyard_ps_calls_total} (tag {@code method}) for every other call. Thread-safe.
 */
final class PsMetrics extends ServerStreamTracer.Factory {
  private static final String SERVICE = "trainyard.v1.ParameterServer/";

  /** Meters of one gRPC method, looked up once per method and kept; {@code bytes} and {@code latency} may be null. */
  private record Op(boolean push, boolean pull, String name, String tagKey, String tagValue, Counter bytes,
      Timer latency, MeterRegistry registry, Map<Status.Code, Counter> calls) {
    Counter calls(Status.Code code) {
      return calls.computeIfAbsent(code, c -> Counter.builder(name)
          .description("parameter-server calls of this kind, by outcome")
          .tags(tagKey, tagValue, "status", c.name()).register(registry));
    }
  }

  private final MeterRegistry registry;
  private final Map<String, Op> ops = new ConcurrentHashMap<>();

  PsMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Recording into the process's registry. */
  static PsMetrics tracer() {
    return new PsMetrics(Telemetry.registry());
  }

  @Override
  public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
    Op op = ops.computeIfAbsent(fullMethodName, this::op);
    Timer.Sample started = op.latency() == null ? null : Timer.start(registry);
    return new ServerStreamTracer() {
      @Override
      public void inboundWireSize(long bytes) {
        if (op.push() && bytes > 0) {
          op.bytes().increment(bytes);
        }
      }

      @Override
      public void outboundWireSize(long bytes) {
        if (op.pull() && bytes > 0) {
          op.bytes().increment(bytes);
        }
      }

      @Override
      public void streamClosed(Status status) {
        op.calls(status.getCode()).increment();
        if (started != null) {
          started.stop(op.latency());
        }
      }
    };
  }

  private Op op(String fullMethodName) {
    String method = fullMethodName.startsWith(SERVICE) ? fullMethodName.substring(SERVICE.length()) : fullMethodName;
    String lower = method.toLowerCase(Locale.ROOT);
    boolean push = lower.startsWith("push");
    boolean pull = lower.startsWith("pull");
    if (!push && !pull) {
      return new Op(false, false, "trainyard.ps.calls", "method", method, null, null, registry,
          new ConcurrentHashMap<>());
    }
    String type = lower.endsWith("dense") ? "dense" : lower.endsWith("sparse") ? "sparse" : lower;
    String name = push ? "push" : "pull";
    Counter bytes = Counter.builder("trainyard.ps." + name + ".bytes").baseUnit("bytes")
        .description(push ? "bytes of pushed updates received" : "bytes of parameters sent to pulls")
        .tag("type", type).register(registry);
    Timer latency = Timer.builder("trainyard.ps." + name)
        .description("time from a " + name + " call's start to its answer (a pull includes its wait for slower workers)").tag("type", type).register(registry);
    return new Op(push, pull, push ? "trainyard.ps.pushes" : "trainyard.ps.pulls", "type", type, bytes, latency,
        registry, new ConcurrentHashMap<>());
  }
}
