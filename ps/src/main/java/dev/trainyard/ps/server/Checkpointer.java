package dev.trainyard.ps.server;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.trainyard.rpc.v1.CreateTableRequest;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a shard's whole state (jobs with clocks, tables with values, optimizer state and update
 * counts) to {@code DIR/shard.ckpt} atomically: a temp file in the same directory, forced to disk,
 * then renamed over the old one, so a crash leaves either the old or the new checkpoint. Each table
 * is copied under its read lock, so a table is consistent, though two tables may be a push apart.
 * One checkpoint at a time (synchronized).
 */
final class Checkpointer {
  static final String FILE = "shard.ckpt";
  private static final int MAGIC = 0x54595053; // "TYPS"
  private static final int VERSION = 1;
  private static final int END = 0x454E4421; // "END!": a truncated file fails to load
  private final Path dir;
  private final Clock clock;

  @GuardedBy("this")
  private long count;

  @GuardedBy("this")
  private long lastMillis;

  Checkpointer(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  Path file() {
    return dir.resolve(FILE);
  }

  synchronized long count() {
    return count;
  }

  synchronized long lastMillis() {
    return lastMillis;
  }

  synchronized Path write(ShardState state) throws IOException {
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, FILE, ".tmp");
    long now = clock.millis();
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      OutputStream raw = Channels.newOutputStream(ch);
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
      writeState(out, state, now);
      out.flush();
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    count++;
    lastMillis = now;
    return file();
  }

  private static void writeState(DataOutputStream out, ShardState state, long now) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeLong(now);
    List<JobClocks> jobs = state.jobs();
    out.writeInt(jobs.size());
    for (JobClocks j : jobs) {
      j.write(out);
    }
    List<Table> tables = state.tables();
    out.writeInt(tables.size());
    for (Table t : tables) {
      byte[] spec = t.spec.toByteArray();
      out.writeInt(spec.length);
      out.write(spec);
      t.lock.readLock().lock();
      try {
        t.writeState(out);
      } finally {
        t.lock.readLock().unlock();
      }
    }
    out.writeInt(END);
  }

  /** Loads the checkpoint into {@code state} if there is one; returns whether it did. */
  synchronized boolean restore(ShardState state) throws IOException {
    if (!Files.exists(file())) {
      return false;
    }
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file()), 1 << 16))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IOException(file() + " is not a version " + VERSION + " Trainyard shard checkpoint");
      }
      long millis = in.readLong();
      List<JobClocks> jobs = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        jobs.add(JobClocks.read(in));
      }
      List<Table> tables = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        byte[] spec = new byte[in.readInt()];
        in.readFully(spec);
        Table t = Table.create(CreateTableRequest.parseFrom(spec));
        t.readState(in);
        tables.add(t);
      }
      if (in.readInt() != END) {
        throw new IOException(file() + " is truncated: its end marker is missing");
      }
      state.restore(tables, jobs);
      lastMillis = millis;
      return true;
    }
  }
}
