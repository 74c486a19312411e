package dev.trainyard.cluster.worker;

import dev.trainyard.cluster.task.DataRef;
import dev.trainyard.cluster.task.DatasetSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A worker's local disk cache of dataset files keyed by content hash ({@code <dir>/<sha256>.<format>}):
 * a miss downloads to a temporary file, checks the SHA-256 of what arrived, and renames it into
 * place, so a cached file is always complete and correct. Concurrent misses for one hash download
 * once. Thread-safe.
 */
public final class CachedDatasetSource implements DatasetSource {
  private final Path dir;
  private final BiConsumer<DataRef, Path> download;
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

  /** @param download writes the file of a ref to the given path (e.g. {@link CoordinatorClient#download}) */
  public CachedDatasetSource(Path dir, BiConsumer<DataRef, Path> download) {
    this.dir = dir;
    this.download = download;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the dataset cache " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Path fetch(DataRef ref) {
    if (!ref.sha256().matches("[0-9a-f]{64}") || !ref.format().matches("[a-z.]{1,20}")) {
      throw new IllegalArgumentException("bad dataset reference " + ref);
    }
    Path target = dir.resolve(ref.sha256() + "." + ref.format());
    if (Files.exists(target)) {
      return target;
    }
    synchronized (locks.computeIfAbsent(ref.sha256(), k -> new Object())) {
      if (Files.exists(target)) {
        return target;
      }
      Path tmp = null;
      try {
        tmp = Files.createTempFile(dir, ".fetch-", ".tmp");
        download.accept(ref, tmp);
        String got = dev.trainyard.cluster.data.DatasetRepository.sha256(tmp);
        if (!got.equals(ref.sha256())) {
          throw new IllegalStateException("downloaded dataset " + ref.name() + " has sha256 " + got + ", expected "
              + ref.sha256());
        }
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot cache dataset " + ref.name() + ": " + e.getMessage(), e);
      } finally {
        if (tmp != null) {
          try {
            Files.deleteIfExists(tmp);
          } catch (IOException ignored) {
            // never read again
          }
        }
      }
    }
  }
}
