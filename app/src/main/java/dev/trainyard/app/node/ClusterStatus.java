package dev.trainyard.app.node;

import dev.trainyard.cluster.coordinator.MemberRegistry;
import dev.trainyard.cluster.coordinator.MemberRegistry.Member;
import dev.trainyard.cluster.queue.TaskQueue;
import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.PsClientOptions;
import dev.trainyard.rpc.v1.StatsReply;
import dev.trainyard.rpc.v1.TableStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

/**
 * What {@code GET /api/v1/cluster} shows an admin: the queue and its depth per priority, the number
 * of active jobs, every member as the registry last saw it with its heartbeat age, the workers with
 * the ids ({@code job/task}) of their running tasks, and the PS shards with their tables and the
 * memory those tables hold, asked of every registered shard in parallel with a short deadline: a
 * shard that does not answer in time is listed as unreachable with the reason, never holding up the
 * answer for longer than the deadline. Thread-safe.
 */
public final class ClusterStatus implements AutoCloseable {
  /** Asks one shard for its statistics; throws when it does not answer (within its own deadline). */
  @FunctionalInterface
  public interface ShardStats {
    StatsReply stats(String address);
  }

  /** How long a shard may take to answer the stats call. */
  public static final Duration SHARD_DEADLINE = Duration.ofSeconds(1);

  private final TaskQueue queue;
  private final String queueName;
  private final MemberRegistry registry;
  private final IntSupplier activeJobs;
  private final Clock clock;
  private final ShardStats shards;
  private final ExecutorService executor;
  private final Duration deadline;
  private final boolean ownsExecutor;

  /**
   * @param queueName how the queue is shown ({@code memory} or its Redis address)
   * @param shards how a shard is asked (see {@link PsShardStats})
   * @param executor runs the shard calls in parallel; owned by the caller
   * @param deadline the longest wait for a shard (all are asked at once, so also for all together)
   */
  public ClusterStatus(TaskQueue queue, String queueName, MemberRegistry registry, IntSupplier activeJobs, Clock clock,
      ShardStats shards, ExecutorService executor, Duration deadline) {
    this(queue, queueName, registry, activeJobs, clock, shards, executor, deadline, false);
  }

  private ClusterStatus(TaskQueue queue, String queueName, MemberRegistry registry, IntSupplier activeJobs, Clock clock,
      ShardStats shards, ExecutorService executor, Duration deadline, boolean ownsExecutor) {
    this.ownsExecutor = ownsExecutor;
    this.queue = Objects.requireNonNull(queue, "queue");
    this.queueName = Objects.requireNonNull(queueName, "queueName");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.activeJobs = Objects.requireNonNull(activeJobs, "activeJobs");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.shards = Objects.requireNonNull(shards, "shards");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
  }

  /**
   * A status view of a coordinator that asks shards over gRPC with {@code psOptions} (which carry the
   * cluster secret) and {@link #SHARD_DEADLINE}, on a few daemon threads of its own; {@link #close}
   * ends them and the shard channels.
   */
  public static ClusterStatus of(TaskQueue queue, String queueName, MemberRegistry registry, IntSupplier activeJobs,
      Clock clock, PsClientOptions psOptions) {
    java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(4, 4, 30,
        TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "cluster-status");
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return new ClusterStatus(queue, queueName, registry, activeJobs, clock,
        new PsShardStats(psOptions.withDeadline(SHARD_DEADLINE)), pool, SHARD_DEADLINE.plusMillis(200), true);
  }

  /** The status as JSON-ready maps and lists, in a stable key order. */
  public Map<String, Object> snapshot() {
    Instant now = clock.instant();
    List<Member> members = registry.members();
    List<Member> ps = members.stream().filter(m -> m.kind().equals("ps")).toList();
    if (shards instanceof PsShardStats p) {
      p.retain(ps.stream().map(Member::address).collect(Collectors.toSet()));
    }
    Map<String, CompletableFuture<StatsReply>> calls = new LinkedHashMap<>();
    for (Member m : ps) {
      if (m.alive()) {
        calls.put(m.id(), CompletableFuture.supplyAsync(() -> shards.stats(m.address()), executor)
            .orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> depth = new LinkedHashMap<>();
    queue.depth().forEach((p, n) -> depth.put(p.name().toLowerCase(Locale.ROOT), n));
    out.put("queue", queueName);
    out.put("queue_depth", depth);
    out.put("active_jobs", activeJobs.getAsInt());
    out.put("members", members.stream().map(m -> member(m, now)).toList());
    out.put("workers", members.stream().filter(m -> m.kind().equals("worker")).map(m -> worker(m, now)).toList());
    List<Map<String, Object>> shardList = new ArrayList<>();
    for (Member m : ps) {
      shardList.add(shard(m, now, calls.get(m.id())));
    }
    out.put("ps_shards", shardList);
    return out;
  }

  private static Map<String, Object> member(Member m, Instant now) {
    Map<String, Object> x = new LinkedHashMap<>();
    x.put("id", m.id());
    x.put("kind", m.kind());
    x.put("host", m.host());
    x.put("slots", m.slots());
    x.put("address", m.address());
    x.put("alive", m.alive());
    x.put("last_heartbeat", m.lastHeartbeat().toString());
    x.put("heartbeat_age_seconds", ageSeconds(m.lastHeartbeat(), now));
    x.put("running", m.running());
    x.put("tasks_done", m.tasksDone());
    return x;
  }

  private static Map<String, Object> worker(Member m, Instant now) {
    Map<String, Object> x = new LinkedHashMap<>();
    x.put("id", m.id());
    x.put("host", m.host());
    x.put("slots", m.slots());
    x.put("alive", m.alive());
    x.put("last_heartbeat", m.lastHeartbeat().toString());
    x.put("heartbeat_age_seconds", ageSeconds(m.lastHeartbeat(), now));
    x.put("running_tasks", m.running());
    x.put("tasks_done", m.tasksDone());
    return x;
  }

  /** Seconds since {@code at}, to the millisecond; never negative (clocks of different hosts). */
  static double ageSeconds(Instant at, Instant now) {
    return Math.max(0, Duration.between(at, now).toMillis()) / 1000.0;
  }

  private static Map<String, Object> shard(Member m, Instant now, CompletableFuture<StatsReply> call) {
    Map<String, Object> x = new LinkedHashMap<>();
    x.put("id", m.id());
    x.put("address", m.address());
    x.put("alive", m.alive());
    x.put("heartbeat_age_seconds", ageSeconds(m.lastHeartbeat(), now));
    StatsReply reply = null;
    String error;
    if (call == null) {
      error = "missed its heartbeats; not asked";
    } else {
      try {
        reply = call.join();
        error = null;
      } catch (CompletionException e) {
        error = describe(e.getCause());
      }
    }
    x.put("reachable", reply != null);
    x.put("error", error);
    List<Map<String, Object>> tables = new ArrayList<>();
    long bytes = 0;
    if (reply != null) {
      for (TableStats t : reply.getTablesList()) {
        Map<String, Object> tx = new LinkedHashMap<>();
        tx.put("name", t.getName());
        tx.put("job_id", t.getJobId());
        tx.put("sparse", t.getSparse());
        tx.put("size", t.getSize());
        tx.put("cols", t.getCols());
        tx.put("step", t.getStep());
        tx.put("optimizer", t.getOptimizer());
        tx.put("bytes", tableBytes(t));
        bytes += tableBytes(t);
        tables.add(tx);
      }
      x.put("jobs", reply.getJobsList().stream().map(j -> j.getJobId()).collect(Collectors.toList()));
      x.put("checkpoints", reply.getCheckpoints());
      x.put("restored", reply.getRestored());
    }
    x.put("tables", tables);
    x.put("table_count", tables.size());
    x.put("parameter_bytes", bytes);
    return x;
  }

  /** Why a shard's stats are missing: the gRPC code and the shard's description when it is a PS error. */
  static String describe(Throwable t) {
    if (t instanceof TimeoutException) {
      return "did not answer within the deadline";
    }
    if (t instanceof dev.trainyard.ps.client.PsException p) {
      return p.code() + ": " + p.getMessage();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  /**
   * The float32 values a table holds on the shard (rows or keys x columns x 4 bytes): the parameters
   * alone, without optimizer state (e.g. Adam's two moments would triple it) or index overhead.
   */
  static long tableBytes(TableStats t) {
    return t.getSize() * t.getCols() * 4L;
  }

  @Override
  public void close() {
    if (ownsExecutor) {
      executor.shutdownNow();
    }
    if (shards instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing channels of a status view; nothing to tell anyone
      }
    }
  }

  /**
   * Asks shards over gRPC with one {@link PsClient} per shard address (kept while the address is
   * registered, so a request does not open new channels), each call with the options' deadline.
   * Thread-safe.
   */
  public static final class PsShardStats implements ShardStats, AutoCloseable {
    private final PsClientOptions options;
    private final Map<String, PsClient> clients = new ConcurrentHashMap<>();

    public PsShardStats(PsClientOptions options) {
      this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public StatsReply stats(String address) {
      return clients.computeIfAbsent(address, a -> PsClient.connect(List.of(a), options)).stats().get(0);
    }

    /** Closes the clients of addresses not in {@code registered} (shards that left). */
    public void retain(Set<String> registered) {
      clients.entrySet().removeIf(e -> {
        if (registered.contains(e.getKey())) {
          return false;
        }
        e.getValue().close();
        return true;
      });
    }

    @Override
    public void close() {
      clients.values().forEach(PsClient::close);
      clients.clear();
    }
  }
}
