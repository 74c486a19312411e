package dev.trainyard.bench;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's own Redis connection, beside the platform's: cheap progress counts (HLEN of a
 * result hash: O(1), so polling it does not load the server), the raw XADD rate next to which task
 * throughput is reported, and deleting a run's keys afterwards. Not thread-safe except
 * {@link #lettuceXadd}, which opens its own connection.
 */
final class RedisTools implements AutoCloseable {
  private static final Pattern RPS = Pattern.compile("([0-9]+(?:\\.[0-9]+)?) requests per second");

  private final String host;
  private final int port;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> redis;

  RedisTools(String url) {
    RedisURI uri = RedisURI.create(url);
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.client = RedisClient.create(uri);
    this.connection = client.connect();
    this.redis = connection.sync();
  }

  RedisCommands<String, String> sync() {
    return redis;
  }

  /** The server's process id (INFO server), for CPU accounting; -1 when it does not say. */
  long serverPid() {
    Matcher m = Pattern.compile("process_id:(\\d+)").matcher(redis.info("server"));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  long hlen(String key) {
    return redis.hlen(key);
  }

  /** Deletes every key starting with {@code prefix} (SCAN + UNLINK); returns how many. */
  long deletePrefix(String prefix) {
    long n = 0;
    ScanCursor cursor = ScanCursor.INITIAL;
    ScanArgs args = ScanArgs.Builder.matches(prefix + "*").limit(1000);
    do {
      KeyScanCursor<String> page = redis.scan(cursor, args);
      if (!page.getKeys().isEmpty()) {
        n += redis.unlink(page.getKeys().toArray(new String[0]));
      }
      cursor = page;
    } while (!cursor.isFinished());
    return n;
  }

  /**
   * {@code redis-benchmark -n N -c clients -q XADD key * task <id-sized value>}: this
   * redis-benchmark (7.0) has no built-in {@code -t xadd} test, so it runs the command given on its
   * command line, which is the same XADD the platform's enqueue script issues. Returns requests/s.
   */
  double redisBenchmarkXadd(String key, int requests, int clients) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("redis-benchmark", "-h", host, "-p", Integer.toString(port), "-n",
        Integer.toString(requests), "-c", Integer.toString(clients), "-q", "XADD", key, "*", "task", "n12345")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("redis-benchmark failed: " + out);
    }
    redis.unlink(key);
    Matcher m = RPS.matcher(out);
    double last = Double.NaN;
    while (m.find()) {
      last = Double.parseDouble(m.group(1));
    }
    if (Double.isNaN(last)) {
      throw new IllegalStateException("no 'requests per second' in redis-benchmark's output: " + out);
    }
    return last;
  }

  /**
   * Raw XADD from Java at the platform's concurrency: {@code threads} threads sharing one Lettuce
   * connection with the synchronous API (what a worker process does), {@code total} XADDs in all.
   * Returns XADDs/s.
   */
  double lettuceXadd(String key, int threads, int total) throws InterruptedException {
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      RedisCommands<String, String> r = c.sync();
      for (int i = 0; i < 1000; i++) {
        r.xadd(key, Map.of("task", "warm"));
      }
      AtomicLong next = new AtomicLong();
      List<Thread> ts = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        Thread th = new Thread(() -> {
          while (next.getAndIncrement() < total) {
            r.xadd(key, Map.of("task", "n12345"));
          }
        }, "xadd-" + t);
        th.start();
        ts.add(th);
      }
      for (Thread th : ts) {
        th.join();
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      r.unlink(key);
      return total / secs;
    }
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
