package dev.trainyard.cluster.coordinator;

import java.util.List;

/** What the planner may assume about the cluster's members right now. Thread-safe. */
public interface ClusterView {
  /** No members: parameter-server jobs start their shards inside one task. */
  ClusterView NONE = new ClusterView() {
    @Override
    public List<String> liveShards() {
      return List.of();
    }

    @Override
    public int liveWorkerSlots() {
      return 0;
    }
  };

  /** Addresses of the live PS shards, in shard order. */
  List<String> liveShards();

  /** Task slots of the live worker processes. */
  int liveWorkerSlots();
}
