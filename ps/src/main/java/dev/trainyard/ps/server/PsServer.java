package dev.trainyard.ps.server;

import dev.trainyard.common.Executors2;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A running parameter-server shard: the gRPC server, its tables and clocks, and periodic
 * checkpoints. On start it restores the checkpoint in its directory, if any. It serves only calls
 * that carry the configured cluster secret (others fail with UNAUTHENTICATED). Stop it with
 * {@link #shutdown()} then {@link #awaitTermination(Duration)}. Thread-safe.
 */
public final class PsServer {
  private static final System.Logger LOG = System.getLogger(PsServer.class.getName());
  private static final int MAX_MESSAGE_BYTES = 64 << 20;
  // A window of several chunks keeps a large push streaming instead of waiting for window updates.
  private static final int FLOW_WINDOW_BYTES = 16 << 20;

  private final Server server;
  private final String host;
  private final ShardState state;
  private final Checkpointer checkpointer;
  private final boolean restored;
  private final ScheduledExecutorService ownedExecutor;
  private final ScheduledFuture<?> periodic;
  private final PullGate gate;

  private PsServer(PsServerConfig config, ScheduledExecutorService executor, Clock clock, boolean ownsExecutor)
      throws IOException {
    this.host = config.host();
    this.state = new ShardState();
    this.checkpointer = config.checkpointDir().map(dir -> new Checkpointer(dir, clock)).orElse(null);
    this.restored = checkpointer != null && checkpointer.restore(state);
    this.ownedExecutor = ownsExecutor ? executor : null;
    this.gate = new PullGate(executor, config.maxPullWait());
    ParameterService service = new ParameterService(state, checkpointer, gate, restored);
    this.server = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .flowControlWindow(FLOW_WINDOW_BYTES)
        .addStreamTracerFactory(PsMetrics.tracer())
        // the last interceptor runs first: a call without the secret is refused before anything else
        .addService(ServerInterceptors.intercept(service.definition(), new GzipMirror(), config.secret().serverInterceptor()))
        .build()
        .start();
    Duration every = config.checkpointInterval();
    this.periodic = checkpointer == null || every.isZero() ? null
        : executor.scheduleWithFixedDelay(this::periodicCheckpoint, every.toNanos(), every.toNanos(),
            TimeUnit.NANOSECONDS);
  }

  /**
   * Starts a shard whose waiting pulls, timeouts and periodic checkpoints run on {@code executor}
   * (owned by the caller) and whose checkpoint times come from {@code clock}.
   */
  public static PsServer start(PsServerConfig config, ScheduledExecutorService executor, Clock clock)
      throws IOException {
    return new PsServer(config, executor, clock, false);
  }

  /** Starts a shard with its own two-thread executor (stopped with the shard) and the system clock. */
  public static PsServer start(PsServerConfig config) throws IOException {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, Executors2.daemonFactory("ps-shard"));
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setRemoveOnCancelPolicy(true);
    return new PsServer(config, executor, Clock.systemUTC(), true);
  }

  /** The bound port (the real one when the configured port was 0). */
  public int port() {
    return server.getPort();
  }

  /** {@code host:port} as clients should dial it. */
  public String address() {
    return host + ":" + port();
  }

  /** Whether this shard started from a checkpoint. */
  public boolean restored() {
    return restored;
  }

  /** Writes a checkpoint now; empty when the shard has no checkpoint directory. */
  public Optional<Path> checkpoint() throws IOException {
    return checkpointer == null ? Optional.empty() : Optional.of(checkpointer.write(state));
  }

  private void periodicCheckpoint() {
    try {
      checkpointer.write(state);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "periodic checkpoint failed; the next one will retry", e);
    }
  }

  /** Stops periodic checkpoints and new calls; calls in flight finish. */
  public PsServer shutdown() {
    if (periodic != null) {
      periodic.cancel(false);
    }
    server.shutdown();
    gate.abortAll(state.jobs());
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
    return this;
  }

  /** Cancels calls in flight too. */
  public PsServer shutdownNow() {
    shutdown();
    server.shutdownNow();
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
    return this;
  }

  /** Waits until the server has stopped. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Waits up to {@code timeout} for the server to stop; true if it did. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    boolean done = server.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (ownedExecutor != null) {
      done &= ownedExecutor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
    return done;
  }
}
