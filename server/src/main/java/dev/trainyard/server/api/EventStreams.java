package dev.trainyard.server.api;

import dev.trainyard.cluster.store.EventRecord;
import dev.trainyard.cluster.store.JobRecord;
import dev.trainyard.cluster.store.JobStore;
import dev.trainyard.cluster.store.StoreUnavailableException;
import dev.trainyard.common.InvalidInputException;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's events as Server-Sent Events: the stored events after {@code Last-Event-ID} (or
 * {@code ?after=N}) first, then new ones as a few shared timer threads poll the store; a comment
 * line as heartbeat when nothing happened for a while; the stream ends once the job is final and
 * every event was sent ({@code ?follow=false}: right after the stored ones). Each message has
 * {@code id:} (the event's seq), {@code event:} (its type), {@code at:} (when it happened, ISO-8601;
 * an extension field that EventSource clients ignore) and {@code data:} (its JSON). An idle stream
 * holds no Jetty thread (the request is async). Thread-safe.
 */
final class EventStreams implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);
  private static final int BATCH = 500;

  private final JobStore store;
  private final Duration poll;
  private final int heartbeatEveryPolls;
  private final ScheduledExecutorService timer;
  private final Set<Stream> open = ConcurrentHashMap.newKeySet();

  EventStreams(JobStore store, Duration poll, Duration heartbeat, int threads) {
    this.store = store;
    this.poll = poll;
    this.heartbeatEveryPolls = (int) Math.max(1, heartbeat.toMillis() / Math.max(1, poll.toMillis()));
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(threads, r -> {
      Thread th = new Thread(r, "api-events");
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    this.timer = t;
  }

  /** Starts streaming {@code job}'s events on this request (the caller checked ownership). */
  void stream(Context ctx, JobRecord job) throws IOException {
    long after = startAfter(ctx);
    boolean follow = !"false".equalsIgnoreCase(ctx.queryParam("follow"));
    HttpServletResponse res = ctx.res();
    res.setStatus(200);
    res.setCharacterEncoding("UTF-8");
    res.setContentType("text/event-stream");
    res.addHeader("Cache-Control", "no-cache");
    res.addHeader("X-Accel-Buffering", "no");
    res.flushBuffer();
    SseClient client = new SseClient(ctx);
    Stream s = new Stream(job.id(), client, res.getOutputStream(), after, follow);
    client.onClose(s::stop);
    client.keepAlive();
    open.add(s);
    s.task = timer.scheduleWithFixedDelay(s::tick, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n]", " ");
  }

  /** How many streams are open. */
  int openStreams() {
    return open.size();
  }

  private static long startAfter(Context ctx) {
    String header = ctx.header("Last-Event-ID");
    String raw = header != null && !header.isBlank() ? header : ctx.queryParam("after");
    if (raw == null || raw.isBlank()) {
      return 0;
    }
    try {
      long v = Long.parseLong(raw.strip());
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidInputException("Last-Event-ID / after must be an event sequence number (0 or more), was '"
        + raw + "'");
  }

  /** Ends every open stream and stops the timer; clients see the stream close and may reconnect. */
  @Override
  public void close() {
    // let a running tick finish its write first: completing a response while another thread writes
    // to it confuses Jetty's channel state
    timer.shutdown();
    try {
      if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
        timer.shutdownNow();
      }
    } catch (InterruptedException e) {
      timer.shutdownNow();
      Thread.currentThread().interrupt();
    }
    for (Stream s : List.copyOf(open)) {
      s.client.close();
    }
  }

  /** One client's stream; its fields are confined to the timer (fixed-delay ticks never overlap). */
  private final class Stream {
    final String jobId;
    final SseClient client;
    final OutputStream out;
    final boolean follow;
    long lastSeq;
    int idlePolls;
    volatile ScheduledFuture<?> task;

    Stream(String jobId, SseClient client, OutputStream out, long after, boolean follow) {
      this.jobId = jobId;
      this.client = client;
      this.out = out;
      this.lastSeq = after;
      this.follow = follow;
    }

    void tick() {
      if (client.terminated()) {
        stop();
        return;
      }
      try {
        // read the status before the events: every event of a job seen final is then sent before closing
        Optional<JobRecord> job = store.job(jobId);
        boolean done = job.isEmpty() || job.get().status().isFinal();
        boolean sent = sendNew();
        if (sent) {
          idlePolls = 0;
        } else if (++idlePolls >= heartbeatEveryPolls) {
          write(": heartbeat\n\n");
          idlePolls = 0;
        }
        if (done || !follow) {
          client.close();
        }
      } catch (IOException e) {
        // the client went away
        client.close();
      } catch (StoreUnavailableException e) {
        LOG.warn("event stream of job {}: store unavailable, retrying: {}", jobId, e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("event stream of job {} failed", jobId, e);
        client.close();
      }
    }

    private boolean sendNew() throws IOException {
      boolean any = false;
      List<EventRecord> batch;
      do {
        batch = store.events(jobId, lastSeq, BATCH);
        StringBuilder frames = new StringBuilder();
        for (EventRecord e : batch) {
          frames.append("id: ").append(e.seq()).append('\n')
              .append("event: ").append(oneLine(e.type())).append('\n')
              .append("at: ").append(e.at()).append('\n');
          for (String line : e.json().split("\r\n|\r|\n", -1)) {
            frames.append("data: ").append(line).append('\n');
          }
          frames.append('\n');
        }
        if (!batch.isEmpty()) {
          write(frames.toString());
          lastSeq = batch.get(batch.size() - 1).seq();
          any = true;
        }
      } while (batch.size() == BATCH && !client.terminated());
      return any;
    }

    private void write(String frames) throws IOException {
      out.write(frames.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    void stop() {
      open.remove(this);
      ScheduledFuture<?> t = task;
      if (t != null) {
        t.cancel(false);
      }
    }
  }
}
