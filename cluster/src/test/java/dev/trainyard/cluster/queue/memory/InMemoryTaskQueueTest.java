package dev.trainyard.cluster.queue.memory;

import dev.trainyard.cluster.queue.TaskQueue;
import dev.trainyard.cluster.queue.TaskQueueContractTest;
import java.time.Duration;

/** The contract suite on the in-process queue; all time, leases included, follows the fake clock. */
class InMemoryTaskQueueTest extends TaskQueueContractTest {
  @Override
  protected TaskQueue newQueue() {
    return new InMemoryTaskQueue(clock, RETRY);
  }

  @Override
  protected void elapseLeaseTime(Duration d) {
    clock.advance(d);
  }
}
