package dev.trainyard.cluster.task;

import java.nio.file.Path;

/** Where a worker gets a dataset file by content hash: a local path it may read. Thread-safe. */
@FunctionalInterface
public interface DatasetSource {
  /** The file, fetched and cached first if needed; throws NotFoundException if nobody has it. */
  Path fetch(DataRef ref);
}
