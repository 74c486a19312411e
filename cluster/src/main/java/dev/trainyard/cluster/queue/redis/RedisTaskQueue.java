package dev.trainyard.cluster.queue.redis;

import dev.trainyard.cluster.queue.CancelOutcome;
import dev.trainyard.cluster.queue.CompleteOutcome;
import dev.trainyard.cluster.queue.DeadLetter;
import dev.trainyard.cluster.queue.EnqueueOutcome;
import dev.trainyard.cluster.queue.FailOutcome;
import dev.trainyard.cluster.queue.HeartbeatOutcome;
import dev.trainyard.cluster.queue.JobEvent;
import dev.trainyard.cluster.queue.JobId;
import dev.trainyard.cluster.queue.Lease;
import dev.trainyard.cluster.queue.Priority;
import dev.trainyard.cluster.queue.RetryPolicy;
import dev.trainyard.cluster.queue.TaskId;
import dev.trainyard.cluster.queue.TaskQueue;
import dev.trainyard.cluster.queue.TaskSpec;
import dev.trainyard.cluster.queue.WorkerId;
import dev.trainyard.common.InvalidInputException;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link TaskQueue} on Redis Streams with consumer groups; thread-safe (one shared, thread-safe
 * Lettuce connection; every state change is one atomic Lua script). Key layout: {@link RedisKeys}.
 *
 * <p>Time: lease expiry is judged by the Redis server's clock (a stream entry's idle time, which
 * XAUTOCLAIM compares with the claiming worker's lease duration, and which a heartbeat resets with
 * XCLAIM). Delays and retry backoff use the injected {@link Clock} (scores in the delayed set), so
 * every process sharing a queue must have a reasonably synchronised clock. Redis commands time out
 * after {@link #COMMAND_TIMEOUT}; failures surface as Lettuce's unchecked exceptions.
 */
public final class RedisTaskQueue implements TaskQueue {
  public static final String DEFAULT_URL = "redis://127.0.0.1:6379";
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> redis;
  private final RedisKeys keys;
  private final Clock clock;
  private final RetryPolicy retry;

  private RedisTaskQueue(RedisClient client, RedisKeys keys, Clock clock, RetryPolicy retry) {
    this.client = client;
    this.keys = keys;
    this.clock = clock;
    this.retry = retry;
    this.connection = client.connect();
    this.redis = connection.sync();
  }

  /**
   * Connects to {@code url} (e.g. {@link #DEFAULT_URL}) and uses the keys under
   * {@code trainyard:<queueName>:}; creates the streams and consumer group if missing.
   */
  public static RedisTaskQueue connect(String url, String queueName, Clock clock, RetryPolicy retry) {
    Objects.requireNonNull(url, "url");
    RedisKeys keys = new RedisKeys(queueName);
    RedisURI uri;
    try {
      uri = RedisURI.create(url);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("redis url must look like redis://host:port, was \"" + url + "\"", e);
    }
    uri.setTimeout(COMMAND_TIMEOUT);
    RedisClient client = RedisClient.create(uri);
    try {
      RedisTaskQueue q = new RedisTaskQueue(client, keys, Objects.requireNonNull(clock, "clock"),
          Objects.requireNonNull(retry, "retry"));
      q.createGroups();
      return q;
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  /** The prefix every key of this queue starts with. */
  public String keyPrefix() {
    return keys.prefix;
  }

  private void createGroups() {
    for (Priority p : Priority.values()) {
      try {
        redis.xgroupCreate(StreamOffset.from(keys.ready(p), "0"), RedisKeys.GROUP,
            XGroupCreateArgs.Builder.mkstream());
      } catch (RedisBusyException alreadyThere) {
        // BUSYGROUP: another process created it first, which is just as good.
      }
    }
  }

  @Override
  public EnqueueOutcome enqueue(TaskSpec t) {
    Objects.requireNonNull(t, "task");
    long now = clock.millis();
    String due = t.notBefore().map(i -> i.toEpochMilli()).filter(ms -> ms > now)
        .map(String::valueOf).orElse("-1");
    Long added = script(RedisScripts.ENQUEUE, ScriptOutputType.INTEGER,
        new String[] {keys.task(t.id()), keys.jobTasks(t.job()), keys.delayed(), keys.ready(t.priority())},
        t.id().value(), t.job().value(), t.priority().name(), t.payload(),
        String.valueOf(t.maxAttempts()), due);
    return added == 1L ? EnqueueOutcome.ENQUEUED : EnqueueOutcome.ALREADY_KNOWN;
  }

  @Override
  public Optional<Lease> lease(WorkerId worker, Duration duration) {
    Objects.requireNonNull(worker, "worker");
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new InvalidInputException("lease duration must be positive, was " + duration);
    }
    promoteDue();
    for (Priority p : Priority.highestFirst()) {
      List<Object> r = script(RedisScripts.LEASE, ScriptOutputType.MULTI, new String[] {keys.ready(p), keys.claimCursors()},
          RedisKeys.GROUP, worker.value(), String.valueOf(duration.toMillis()), keys.prefix);
      if (r != null && !r.isEmpty()) {
        return Optional.of(new Lease(new TaskId((String) r.get(0)), new JobId((String) r.get(1)), p,
            (String) r.get(2), Integer.parseInt((String) r.get(3)), Integer.parseInt((String) r.get(4)),
            worker, duration, (String) r.get(5)));
      }
    }
    return Optional.empty();
  }

  @Override
  public HeartbeatOutcome heartbeat(Lease lease) {
    String r = script(RedisScripts.HEARTBEAT, ScriptOutputType.VALUE,
        new String[] {keys.task(lease.task()), keys.ready(lease.priority())},
        RedisKeys.GROUP, lease.worker().value(), lease.receipt());
    return HeartbeatOutcome.valueOf(r);
  }

  @Override
  public CompleteOutcome complete(Lease lease, String result) {
    Objects.requireNonNull(result, "result");
    String r = script(RedisScripts.COMPLETE, ScriptOutputType.VALUE,
        new String[] {keys.task(lease.task()), keys.results(lease.job()), keys.ready(lease.priority()),
            keys.delayed()},
        RedisKeys.GROUP, lease.task().value(), result, lease.receipt());
    return CompleteOutcome.valueOf(r);
  }

  @Override
  public FailOutcome fail(Lease lease, String error) {
    Objects.requireNonNull(error, "error");
    long due = clock.instant().plus(retry.backoffAfter(lease.attempt())).toEpochMilli();
    String r = script(RedisScripts.FAIL, ScriptOutputType.VALUE,
        new String[] {keys.task(lease.task()), keys.ready(lease.priority()), keys.delayed(), keys.dead()},
        RedisKeys.GROUP, lease.worker().value(), lease.receipt(), error, String.valueOf(due),
        lease.task().value());
    return FailOutcome.valueOf(r);
  }

  @Override
  public CancelOutcome cancel(TaskId task) {
    Objects.requireNonNull(task, "task");
    String r = script(RedisScripts.CANCEL, ScriptOutputType.VALUE,
        new String[] {keys.task(task), keys.delayed()}, task.value(), keys.prefix);
    return CancelOutcome.valueOf(r);
  }

  @Override
  public int cancelJob(JobId job) {
    int n = 0;
    for (String id : redis.smembers(keys.jobTasks(job))) {
      CancelOutcome o = cancel(new TaskId(id));
      if (o == CancelOutcome.REMOVED || o == CancelOutcome.MARKED) {
        n++;
      }
    }
    return n;
  }

  @Override
  public Optional<String> result(JobId job, TaskId task) {
    return Optional.ofNullable(redis.hget(keys.results(job), task.value()));
  }

  @Override
  public List<DeadLetter> deadLetters(int max) {
    if (max <= 0) {
      return List.of();
    }
    List<DeadLetter> out = new ArrayList<>();
    for (String id : redis.lrange(keys.dead(), 0, max - 1L)) {
      TaskId task = new TaskId(id);
      Map<String, String> h = redis.hgetall(keys.task(task));
      out.add(new DeadLetter(task, new JobId(h.get("job")), h.get("payload"),
          Integer.parseInt(h.get("attempt")), h.get("error")));
    }
    return List.copyOf(out);
  }

  @Override
  public Map<Priority, Long> depth() {
    promoteDue();
    Map<Priority, Long> d = new EnumMap<>(Priority.class);
    for (Priority p : Priority.values()) {
      // The streams hold only ready and leased entries (finished ones are XDEL'd), so
      // ready = stream length - entries pending in the group.
      long pending = redis.xpending(keys.ready(p), RedisKeys.GROUP).getCount();
      d.put(p, redis.xlen(keys.ready(p)) - pending);
    }
    return d;
  }

  @Override
  public long appendEvent(JobId job, String body) {
    Objects.requireNonNull(body, "body");
    Long n = script(RedisScripts.APPEND_EVENT, ScriptOutputType.INTEGER,
        new String[] {keys.events(job), keys.eventSeq(job)}, body);
    return n;
  }

  @Override
  public List<JobEvent> eventsAfter(JobId job, long afterOffset, int max) {
    if (max <= 0) {
      return List.of();
    }
    long from = Math.max(afterOffset, 0) + 1;
    List<StreamMessage<String, String>> msgs = redis.xrange(keys.events(job),
        Range.from(Range.Boundary.including("0-" + from), Range.Boundary.unbounded()), Limit.from(max));
    List<JobEvent> out = new ArrayList<>(msgs.size());
    for (StreamMessage<String, String> m : msgs) {
      long offset = Long.parseLong(m.getId().substring(m.getId().indexOf('-') + 1));
      out.add(new JobEvent(offset, m.getBody().get("body")));
    }
    return List.copyOf(out);
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }

  private void promoteDue() {
    script(RedisScripts.PROMOTE, ScriptOutputType.INTEGER, new String[] {keys.delayed()},
        String.valueOf(clock.millis()), keys.prefix);
  }

  /** Runs a script by its SHA1 (the server caches it) and sends the source only when it is missing. */
  private <T> T script(String source, ScriptOutputType type, String[] scriptKeys, String... args) {
    try {
      return redis.evalsha(redis.digest(source), type, scriptKeys, args);
    } catch (RedisNoScriptException missing) {
      return redis.eval(source, type, scriptKeys, args);
    }
  }
}
