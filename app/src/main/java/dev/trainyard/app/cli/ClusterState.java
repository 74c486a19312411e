package dev.trainyard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainyard.common.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code cluster up} started, as kept in {@code DATA_DIR/cluster.json}: the coordinator's URLs,
 * the queue, and every member process (role, name, pid, start time, address, metrics URL, log
 * file). Written after each process is launched, so {@code cluster down} can stop even a cluster
 * whose start failed half-way. Immutable; {@link #withMember} and {@link #with} return copies.
 */
record ClusterState(Path dataDir, Instant started, String http, String grpc, String queue, String db,
    Path secretFile, List<Member> members) {
  static final String FILE_NAME = "cluster.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** Start times of one process, read twice, differ by the clock tick; a reused pid differs by more. */
  private static final Duration SAME_START = Duration.ofSeconds(2);

  ClusterState {
    Objects.requireNonNull(dataDir, "dataDir");
    members = List.copyOf(members);
  }

  /** One process of the cluster; {@code address}, {@code metrics} may be empty until it is ready. */
  record Member(String role, String name, long pid, Instant startedAt, String address, String metrics, Path log) {
    /** Whether the process still runs (and is the one started: a reused pid has another start time). */
    boolean alive() {
      return handle().isPresent();
    }

    /** The running process, if it is still this member's. */
    Optional<ProcessHandle> handle() {
      Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
      if (h.isEmpty() || startedAt == null) {
        return h;
      }
      Optional<Instant> now = h.get().info().startInstant();
      boolean same = now.isEmpty() || Duration.between(startedAt, now.get()).abs().compareTo(SAME_START) <= 0;
      return same ? h : Optional.empty();
    }

    Member ready(String address, String metrics) {
      return new Member(role, name, pid, startedAt, address, metrics, log);
    }
  }

  static Path file(Path dataDir) {
    return dataDir.resolve(FILE_NAME);
  }

  ClusterState withMember(Member m) {
    List<Member> all = new ArrayList<>();
    boolean replaced = false;
    for (Member old : members) {
      if (old.name().equals(m.name())) {
        all.add(m);
        replaced = true;
      } else {
        all.add(old);
      }
    }
    if (!replaced) {
      all.add(m);
    }
    return new ClusterState(dataDir, started, http, grpc, queue, db, secretFile, all);
  }

  ClusterState with(String http, String grpc) {
    return new ClusterState(dataDir, started, http, grpc, queue, db, secretFile, members);
  }

  List<Member> byRole(String role) {
    return members.stream().filter(m -> m.role().equals(role)).toList();
  }

  /** Writes {@code cluster.json} atomically (a reader never sees half a file). */
  void write() {
    Path target = file(dataDir);
    Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
    try {
      Files.writeString(tmp, JSON.writeValueAsString(toJson()) + "\n");
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  static void delete(Path dataDir) {
    try {
      Files.deleteIfExists(file(dataDir));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + file(dataDir) + ": " + e.getMessage(), e);
    }
  }

  /** The state in {@code dataDir}, if a cluster was started there; a broken file is a clear input error. */
  static Optional<ClusterState> read(Path dataDir) {
    Path f = file(dataDir);
    JsonNode n;
    try {
      n = JSON.readTree(Files.readString(f));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + f + ": " + e.getMessage()
          + " (remove it if no cluster runs there)", e);
    }
    List<Member> members = new ArrayList<>();
    for (JsonNode m : n.path("members")) {
      members.add(new Member(m.path("role").asText(), m.path("name").asText(), m.path("pid").asLong(),
          m.hasNonNull("started_at") ? Instant.parse(m.get("started_at").asText()) : null,
          m.path("address").asText(""), m.path("metrics").asText(""), Path.of(m.path("log").asText(""))));
    }
    return Optional.of(new ClusterState(dataDir, Instant.parse(n.path("started").asText(Instant.EPOCH.toString())),
        n.path("http").asText(""), n.path("grpc").asText(""), n.path("queue").asText(""), n.path("db").asText(""),
        Path.of(n.path("secret_file").asText("")), members));
  }

  ObjectNode toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("data_dir", dataDir.toString());
    n.put("started", started.toString());
    n.put("http", http);
    n.put("web_ui", http);
    n.put("metrics", http.isEmpty() ? "" : http + "/metrics");
    n.put("grpc", grpc);
    n.put("queue", queue);
    n.put("db", db);
    n.put("secret_file", secretFile.toString());
    ArrayNode a = n.putArray("members");
    for (Member m : members) {
      ObjectNode o = a.addObject();
      o.put("role", m.role());
      o.put("name", m.name());
      o.put("pid", m.pid());
      o.put("started_at", m.startedAt() == null ? null : m.startedAt().toString());
      o.put("address", m.address());
      o.put("metrics", m.metrics());
      o.put("log", m.log().toString());
    }
    return n;
  }
}
