package dev.trainyard.cluster.coordinator;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster members the coordinator knows: workers and PS shards, with their last heartbeat. A
 * member silent for longer than the heartbeat timeout is declared dead (logged once; its leased
 * tasks are redelivered by the queue when their leases, which have the same timeout, expire).
 * Thread-safe.
 */
public final class MemberRegistry implements ClusterView {
  private static final Logger LOG = LoggerFactory.getLogger(MemberRegistry.class);

  private final Clock clock;
  private final Duration interval;
  private final Duration timeout;
  private final Object lock = new Object();
  @GuardedBy("lock")
  private final Map<String, Member> members = new LinkedHashMap<>();

  public MemberRegistry(Clock clock, Duration interval, Duration timeout) {
    this.clock = clock;
    this.interval = interval;
    this.timeout = timeout;
  }

  public Duration interval() {
    return interval;
  }

  public Duration timeout() {
    return timeout;
  }

  /** A member as last seen; immutable snapshot. */
  public record Member(String id, String kind, String host, int slots, String address, Instant registeredAt,
      Instant lastHeartbeat, List<String> running, long tasksDone, boolean alive) {}

  public void register(String id, String kind, String host, int slots, String address) {
    Instant now = clock.instant();
    synchronized (lock) {
      members.put(id, new Member(id, kind, host, slots, address, now, now, List.of(), 0, true));
    }
    LOG.info("{} {} registered from {} ({})", kind, id, host, kind.equals("ps") ? address : slots + " slots");
  }

  /** Records a heartbeat; false when the member is unknown (it must register again). */
  public boolean heartbeat(String id, List<String> running, long tasksDone) {
    synchronized (lock) {
      Member m = members.get(id);
      if (m == null) {
        return false;
      }
      if (!m.alive()) {
        LOG.info("{} {} is back", m.kind(), id);
      }
      members.put(id, new Member(id, m.kind(), m.host(), m.slots(), m.address(), m.registeredAt(), clock.instant(),
          List.copyOf(running), tasksDone, true));
      return true;
    }
  }

  public void deregister(String id) {
    synchronized (lock) {
      if (members.remove(id) != null) {
        LOG.info("member {} left", id);
      }
    }
  }

  /** Every member, with liveness judged now. */
  public List<Member> members() {
    Instant now = clock.instant();
    List<Member> out = new ArrayList<>();
    synchronized (lock) {
      for (Map.Entry<String, Member> e : members.entrySet()) {
        Member m = e.getValue();
        boolean alive = Duration.between(m.lastHeartbeat(), now).compareTo(timeout) <= 0;
        if (m.alive() && !alive) {
          LOG.warn("{} {} missed its heartbeats for {}: declared dead", m.kind(), m.id(), timeout);
          m = new Member(m.id(), m.kind(), m.host(), m.slots(), m.address(), m.registeredAt(), m.lastHeartbeat(),
              m.running(), m.tasksDone(), false);
          e.setValue(m);
        }
        out.add(m);
      }
    }
    return out;
  }

  /** Addresses of the live PS shards, in registration order. */
  @Override
  public List<String> liveShards() {
    return members().stream().filter(m -> m.kind().equals("ps") && m.alive()).map(Member::address).toList();
  }

  @Override
  public int liveWorkerSlots() {
    return members().stream().filter(m -> m.kind().equals("worker") && m.alive()).mapToInt(Member::slots).sum();
  }
}
