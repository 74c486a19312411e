package dev.trainyard.app.node;

import dev.trainyard.cluster.worker.CoordinatorClient;
import dev.trainyard.cluster.worker.MembershipRefusedException;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PS shard's membership at the coordinator: registered with its address (retrying while the
 * coordinator starts; a refused cluster secret fails at once with {@link MembershipRefusedException}),
 * heartbeating at the interval the coordinator asks for, registering again after a coordinator
 * restart, deregistering on {@link #close}. A shard the coordinator refuses later (it restarted with
 * another secret) logs the refusal and keeps serving its tables to members that have its secret.
 */
public final class ShardMembership implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardMembership.class);
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final CoordinatorClient client;
  private final String id;
  private final ScheduledExecutorService heartbeats;

  private ShardMembership(CoordinatorClient client, String id, ScheduledExecutorService heartbeats) {
    this.client = client;
    this.id = id;
    this.heartbeats = heartbeats;
  }

  public static ShardMembership join(CoordinatorClient client, String address) throws InterruptedException {
    String id = "ps-" + address.replace(':', '-');
    dev.trainyard.rpc.v1.RegisterReply reply =
        client.registerPatiently(id, true, address.substring(0, address.lastIndexOf(':')), 0, address, PATIENCE);
    ScheduledExecutorService hb = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ps-membership");
      t.setDaemon(true);
      return t;
    });
    long every = reply.getHeartbeatIntervalMillis();
    java.util.concurrent.atomic.AtomicBoolean refusalLogged = new java.util.concurrent.atomic.AtomicBoolean();
    hb.scheduleWithFixedDelay(() -> {
      try {
        if (!client.heartbeat(id, List.of(), 0)) {
          client.register(id, true, address.substring(0, address.lastIndexOf(':')), 0, address);
        }
      } catch (StatusRuntimeException e) {
        LOG.warn("PS shard heartbeat to the coordinator failed: {}", e.getStatus());
      } catch (MembershipRefusedException e) {
        if (!refusalLogged.getAndSet(true)) {
          LOG.error("PS shard heartbeat: {} (this shard keeps serving; it is not a member until restarted"
              + " with the coordinator's secret)", e.getMessage());
        }
      }
    }, every, every, TimeUnit.MILLISECONDS);
    return new ShardMembership(client, id, hb);
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    try {
      client.deregister(id);
    } catch (StatusRuntimeException | MembershipRefusedException e) {
      LOG.debug("deregister failed: {}", e.toString());
    }
    client.close();
  }
}
