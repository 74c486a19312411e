package dev.trainyard.cluster.data;

import dev.trainyard.cluster.store.DatasetRecord;
import dev.trainyard.cluster.store.JobStore;
import dev.trainyard.common.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Datasets on the coordinator's disk: an upload is streamed to a temporary file while its SHA-256
 * is computed (never held in memory), then renamed to {@code datasets/<sha256>.<format>}; the
 * user's file name is only a display name and never part of a path. Uploading bytes the owner
 * already uploaded returns the existing dataset. Thread-safe.
 */
public final class DatasetRepository {
  /** Default upload limit: 2 GiB. */
  public static final long DEFAULT_MAX_BYTES = 2L << 30;

  private final JobStore store;
  private final Path dir;
  private final Path models;
  private final long maxBytes;
  private final Clock clock;

  public DatasetRepository(JobStore store, Path dataDir, long maxBytes, Clock clock) {
    this.store = store;
    this.dir = dataDir.resolve("datasets");
    this.models = dataDir.resolve("models");
    this.maxBytes = maxBytes;
    this.clock = clock;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create dataset directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The format implied by a file name: csv, csv.gz or libsvm (optionally .gz); anything else is csv. */
  public static String formatOf(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    boolean gz = n.endsWith(".gz");
    String base = gz ? n.substring(0, n.length() - 3) : n;
    String f = base.endsWith(".svm") || base.endsWith(".libsvm") || base.endsWith(".svmlight") ? "libsvm" : "csv";
    return gz ? f + ".gz" : f;
  }

  /**
   * Stores an upload for {@code owner}. Throws {@link InvalidInputException} when it is empty or
   * larger than the limit (the partial file is deleted).
   */
  public DatasetRecord upload(String owner, String displayName, InputStream in) {
    String name = displayName == null || displayName.isBlank() ? "dataset.csv" : displayName.strip();
    if (name.length() > 200) {
      name = name.substring(0, 200);
    }
    String format = formatOf(name);
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, ".upload-", ".tmp");
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long size = copyLimited(in, tmp, sha);
      if (size == 0) {
        throw new InvalidInputException("the uploaded file '" + name + "' is empty");
      }
      String hash = HexFormat.of().formatHex(sha.digest());
      Optional<DatasetRecord> existing = store.datasetByHash(owner, hash);
      if (existing.isPresent()) {
        return existing.get();
      }
      Path target = dir.resolve(hash + "." + format);
      if (!Files.exists(target)) {
        move(tmp, target);
      }
      DatasetRecord d = new DatasetRecord("ds-" + UUID.randomUUID().toString().substring(0, 12), owner, name, hash,
          size, format, clock.instant());
      store.insertDataset(d);
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the upload: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /**
   * Stores a typed frame as a new dataset of {@code owner} in the typed format
   * ({@link dev.trainyard.cluster.task.Experiments#TYPED_FORMAT}); identical bytes already stored for
   * the owner give the existing dataset.
   */
  public DatasetRecord storeFrame(String owner, String displayName, dev.trainyard.ml.data.Frame frame) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, ".frame-", ".tmp");
      dev.trainyard.ml.data.FrameFile.write(frame, tmp);
      String hash = sha256(tmp);
      Optional<DatasetRecord> existing = store.datasetByHash(owner, hash);
      if (existing.isPresent()) {
        return existing.get();
      }
      String format = dev.trainyard.cluster.task.Experiments.TYPED_FORMAT;
      Path target = dir.resolve(hash + "." + format);
      if (!Files.exists(target)) {
        move(tmp, target);
      }
      DatasetRecord d = new DatasetRecord("ds-" + UUID.randomUUID().toString().substring(0, 12), owner, displayName,
          hash, Files.size(target), format, clock.instant());
      store.insertDataset(d);
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the typed dataset: " + e.getMessage(), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /** Stores a local file as a dataset (the CLI's and tests' path); same rules as {@link #upload}. */
  public DatasetRecord importFile(String owner, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return upload(owner, file.getFileName().toString(), in);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new dev.trainyard.common.NotFoundException("file not found: " + file);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The stored file of a dataset. */
  public Path file(DatasetRecord d) {
    return dir.resolve(d.sha256() + "." + d.format());
  }

  /**
   * The stored file with this content hash: a dataset's, or a saved model's ({@code models/<sha256>.model},
   * which workers fetch for batch prediction).
   */
  public Optional<Path> fileByHash(String sha256) {
    if (!sha256.matches("[0-9a-f]{64}")) {
      return Optional.empty();
    }
    Optional<Path> data = store.anyDatasetByHash(sha256).map(this::file).filter(Files::exists);
    if (data.isPresent()) {
      return data;
    }
    Path model = models.resolve(sha256 + ".model");
    return Files.exists(model) ? Optional.of(model) : Optional.empty();
  }

  /** The predictions CSV a batch-prediction job writes: {@code predictions/<job>.csv} in the data directory. */
  public Path predictionsFile(String jobId) {
    return models.getParent().resolve("predictions").resolve(jobId + ".csv");
  }

  /** Where a saved model's file lives (by its stored file name). */
  public Path modelFile(String fileName) {
    return models.resolve(fileName);
  }

  /** The SHA-256 (hex) of a file's bytes. */
  public static String sha256(Path file) {
    try (java.io.InputStream in = new java.security.DigestInputStream(Files.newInputStream(file),
        MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((java.security.DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private long copyLimited(InputStream in, Path tmp, MessageDigest sha) throws IOException {
    byte[] buf = new byte[1 << 16];
    long total = 0;
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        total += n;
        if (total > maxBytes) {
          throw new InvalidInputException("upload is larger than the limit of " + maxBytes + " bytes");
        }
        out.write(buf, 0, n);
      }
    }
    return total;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // another upload of the same bytes won the race; its file is identical
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a stray temp file is harmless; it is never read
      }
    }
  }
}
