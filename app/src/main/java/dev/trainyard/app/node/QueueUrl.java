package dev.trainyard.app.node;

import dev.trainyard.cluster.queue.RetryPolicy;
import dev.trainyard.cluster.queue.TaskQueue;
import dev.trainyard.cluster.queue.memory.InMemoryTaskQueue;
import dev.trainyard.cluster.queue.redis.RedisTaskQueue;
import dev.trainyard.common.InvalidInputException;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --queue} value: {@code memory} (the in-process queue: one JVM only) or
 * {@code redis://HOST:PORT[/DB][?queue=NAME]} (Redis Streams; NAME, default {@code trainyard},
 * separates platforms sharing one Redis). Immutable.
 */
public record QueueUrl(String text, boolean memory, String redisUrl, String name) {
  public static final String DEFAULT_NAME = "trainyard";
  private static final Pattern QUEUE_PARAM = Pattern.compile("[?&]queue=([A-Za-z0-9._-]{1,100})");

  /** {@code url} with the password of a {@code redis://[USER]:PASSWORD@HOST} URL masked, for showing. */
  public static String withoutPassword(String url) {
    return url.replaceFirst("^(rediss?://[^:@/]*):[^@/]*@", "$1:***@");
  }

  public static QueueUrl parse(String text) {
    if (text == null || text.isBlank() || text.equals("memory")) {
      return new QueueUrl("memory", true, "", DEFAULT_NAME);
    }
    if (!text.startsWith("redis://") && !text.startsWith("rediss://")) {
      throw new InvalidInputException("--queue must be 'memory' or a redis:// URL, was '" + text + "'");
    }
    Matcher m = QUEUE_PARAM.matcher(text);
    String name = DEFAULT_NAME;
    String url = text;
    if (m.find()) {
      name = m.group(1);
      url = (text.substring(0, m.start()) + text.substring(m.end())).replaceFirst("&", "?");
    } else if (text.contains("queue=")) {
      throw new InvalidInputException("the queue name in --queue must be 1 to 100 letters, digits, '.', '_' or '-'");
    }
    return new QueueUrl(text, false, url, name);
  }

  /** Opens the queue; a Redis that cannot be reached is a clear input error naming the URL. */
  public TaskQueue open(Clock clock) {
    if (memory) {
      return new InMemoryTaskQueue(clock, RetryPolicy.DEFAULT);
    }
    try {
      return RedisTaskQueue.connect(redisUrl, name, clock, RetryPolicy.DEFAULT);
    } catch (RuntimeException e) {
      throw new InvalidInputException("cannot connect to the queue at " + redisUrl + ": " + e.getMessage()
          + " (is redis-server running?)", e);
    }
  }
}
