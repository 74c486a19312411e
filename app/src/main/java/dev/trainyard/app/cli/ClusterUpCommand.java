package dev.trainyard.app.cli;

import dev.trainyard.common.Check;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.rpc.auth.ClusterSecret;
import dev.trainyard.rpc.auth.SecretFile;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trainyard cluster up}: a coordinator, N workers and K PS shards as separate JVMs on this
 * machine, on Redis and the H2 store in the data directory (or {@code --db}), sharing a cluster
 * secret kept in {@code DATA_DIR/cluster.secret}. Returns once every process printed its ready line,
 * leaving them running; what runs is recorded in {@code DATA_DIR/cluster.json}. If anything fails
 * (Redis unreachable, a port taken, a cluster already running there, a role that does not start),
 * it stops whatever it started and exits 2 with the reason.
 */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Start a coordinator, N workers and K parameter-server shards as separate processes on this machine.",
        "Prints the URLs, process ids and log files once all are ready, then returns (they keep running).",
        "Stop them with 'trainyard cluster down' (same --data-dir)."})
public final class ClusterUpCommand implements Callable<Integer> {
  private static final Pattern COORDINATOR_READY = Pattern.compile("^coordinator ready: (\\S+) grpc (\\S+)");
  private static final Pattern PS_READY = Pattern.compile("^ps listening on ([^\\s,]+)");
  private static final Pattern WORKER_READY = Pattern.compile("^worker (\\S+) ready:");
  private static final Pattern METRICS = Pattern.compile("^" + MetricsOptions.SERVED + "(\\S+)");
  private static final Pattern PASSWORD = Pattern.compile("one-time password");
  private static final Pattern NOTHING = Pattern.compile("(?!)");

  @Option(names = "--workers", defaultValue = "2", paramLabel = "N", description = "Worker processes (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--ps", defaultValue = "1", paramLabel = "K",
      description = "Parameter-server shard processes (default: ${DEFAULT-VALUE}; 0: none).")
  int shards;

  @Option(names = "--redis", defaultValue = "redis://127.0.0.1:6379", paramLabel = "URL",
      description = {"Redis for the task queue (default: ${DEFAULT-VALUE}); a queue name unique to this cluster is",
          "added as ?queue= unless the URL names one."})
  String redis;

  @Option(names = "--db", paramLabel = "JDBC_URL",
      description = "Store: jdbc:postgresql://HOST:PORT/DB?user=U (default: an H2 file in --data-dir).")
  String db;

  @Option(names = "--data-dir", defaultValue = ClusterCommand.DEFAULT_DATA_DIR, paramLabel = "DIR",
      description = ClusterCommand.DATA_DIR_HELP)
  Path dataDir;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "P",
      description = "The coordinator's HTTP port: API and web UI (default: ${DEFAULT-VALUE}; 0: a free one).")
  int port;

  @Option(names = "--grpc-port", defaultValue = "0", paramLabel = "P",
      description = "The coordinator's gRPC port for members (default: a free one).")
  int grpcPort;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
      description = "Address every process binds and the others dial (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--slots", defaultValue = "1", paramLabel = "S", description = "Task slots per worker (default: ${DEFAULT-VALUE}).")
  int slots;

  @Option(names = "--threads", paramLabel = "T", description = "Threads per task (default: cores / (workers x slots)).")
  Integer threads;

  @Option(names = "--java-opts", paramLabel = "OPTS", defaultValue = "${env:TRAINYARD_CLUSTER_JAVA_OPTS:-}",
      description = "JVM options of every process, e.g. \"-Xmx2g\" (default: $TRAINYARD_CLUSTER_JAVA_OPTS, else none).")
  String javaOpts;

  @Option(names = "--start-timeout", defaultValue = "120s", paramLabel = "DURATION",
      converter = PsCommand.DurationConverter.class,
      description = "How long each process may take to be ready (default: ${DEFAULT-VALUE}).")
  Duration startTimeout;

  @Option(names = "--drain", defaultValue = "30s", paramLabel = "DURATION", converter = PsCommand.DurationConverter.class,
      description = "On 'cluster down', how long a worker's running tasks may finish (default: ${DEFAULT-VALUE}).")
  Duration drain;

  private final List<ClusterProcesses.Launched> launched = Collections.synchronizedList(new ArrayList<>());

  @Override
  public Integer call() throws Exception {
    Check.between("--workers", workers, 1, 256);
    Check.between("--ps", shards, 0, 64);
    Check.between("--port", port, 0, 65535);
    Check.between("--grpc-port", grpcPort, 0, 65535);
    Check.between("--slots", slots, 1, 256);
    int cores = Runtime.getRuntime().availableProcessors();
    int t = Check.between("--threads", threads == null ? Math.max(1, cores / (workers * slots)) : threads, 1, 1024);
    Path dir = dataDir.toAbsolutePath().normalize();
    ClusterCommand.refuseIfRunning(dir);
    checkRedis(redis);
    checkPortFree(host, port, "--port");
    checkPortFree(host, grpcPort, "--grpc-port");
    Path logs = dir.resolve("logs");
    Files.createDirectories(logs);
    ownerOnly(logs); // a first start's one-time admin password lands in the coordinator's log
    Path secretFile = SecretFile.loadOrCreate(dir.resolve(ClusterSecret.FILE_NAME)).file().toAbsolutePath();
    String queue = withQueueName(redis, queueName(dir));
    ClusterState state = new ClusterState(dir, Instant.now(), "", "", RoleOptions.withoutPassword(queue),
        db == null ? "h2:" + dir : maskJdbc(db), secretFile, List.of());
    ClusterProcesses procs = new ClusterProcesses(Arrays.stream(javaOpts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
    Thread interrupted = new Thread(this::killLaunched, "cluster-up-interrupted");
    Runtime.getRuntime().addShutdownHook(interrupted);
    try {
      state = start(procs, state, logs, secretFile, queue, t, System.out);
    } catch (Exception | Error e) {
      killLaunched();
      throw e;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(interrupted);
      } catch (IllegalStateException shuttingDown) {
        // the hook stops what was started
      }
    }
    return 0;
  }

  private ClusterState start(ClusterProcesses procs, ClusterState state, Path logs, Path secretFile, String queue,
      int threadsPerTask, PrintStream out) throws InterruptedException {
    List<String> secret = List.of("--cluster-secret-file", secretFile.toString());
    List<String> args = new ArrayList<>(List.of("coordinator", "--host", host, "--port", Integer.toString(port),
        "--grpc-port", Integer.toString(grpcPort), "--queue", queue, "--data-dir", state.dataDir().toString()));
    if (db != null) {
      args.addAll(List.of("--db", db));
    }
    args.addAll(secret);
    ClusterProcesses.Launched c = launch(procs, "coordinator", logs, args);
    state = record(state, "coordinator", c, "", "");
    ClusterProcesses.Ready ready = procs.await(c, COORDINATOR_READY, PASSWORD, startTimeout);
    String http = ready.ready().group(1);
    String grpc = ready.ready().group(2);
    state = state.with(http, grpc).withMember(member("coordinator", c, http, http + "/metrics"));
    state.write();
    List<String> passwordLines = ready.kept();

    List<ClusterProcesses.Launched> members = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      String name = "ps-" + i;
      List<String> a = new ArrayList<>(List.of("ps", "--host", host, "--port", "0", "--coordinator", grpc,
          "--checkpoint-dir", state.dataDir().resolve(name).toString(), "--metrics-port", "0", "--metrics-host", host));
      a.addAll(secret);
      members.add(launch(procs, name, logs, a));
    }
    for (int i = 1; i <= workers; i++) {
      String name = "worker-" + i;
      List<String> a = new ArrayList<>(List.of("worker", "--coordinator", grpc, "--id", name, "--slots",
          Integer.toString(slots), "--threads", Integer.toString(threadsPerTask), "--cache-dir",
          state.dataDir().resolve("workers").resolve(name).toString(), "--drain", drain.toMillis() + "ms",
          "--metrics-port", "0", "--metrics-host", host));
      a.addAll(secret);
      members.add(launch(procs, name, logs, a));
    }
    for (ClusterProcesses.Launched m : members) {
      state = record(state, m.name.startsWith("ps-") ? "ps" : "worker", m, "", "");
    }
    for (ClusterProcesses.Launched m : members) {
      boolean ps = m.name.startsWith("ps-");
      ClusterProcesses.Ready r = procs.await(m, ps ? PS_READY : WORKER_READY, METRICS, startTimeout);
      String metrics = r.kept().isEmpty() ? "" : metricsUrl(r.kept().get(0));
      state = state.withMember(member(ps ? "ps" : "worker", m, ps ? r.ready().group(1) : "", metrics));
      state.write();
    }
    print(state, passwordLines, out);
    return state;
  }

  private ClusterProcesses.Launched launch(ClusterProcesses procs, String name, Path logs, List<String> args) {
    ClusterProcesses.Launched l = procs.launch(name, logs.resolve(name + ".log"), args);
    launched.add(l);
    return l;
  }

  private static ClusterState record(ClusterState state, String role, ClusterProcesses.Launched l, String address,
      String metrics) {
    ClusterState s = state.withMember(member(role, l, address, metrics));
    s.write();
    return s;
  }

  private static ClusterState.Member member(String role, ClusterProcesses.Launched l, String address, String metrics) {
    return new ClusterState.Member(role, l.name, l.process.pid(), l.startedAt, address, metrics, l.log);
  }

  private static String metricsUrl(String line) {
    java.util.regex.Matcher m = METRICS.matcher(line);
    return m.find() ? m.group(1) : "";
  }

  /** Stops everything this command started (it failed, or was interrupted) and forgets the cluster. */
  private void killLaunched() {
    List<ClusterProcesses.Launched> all;
    synchronized (launched) {
      all = new ArrayList<>(launched);
      launched.clear();
    }
    for (ClusterProcesses.Launched l : all) {
      l.process.destroyForcibly();
    }
    for (ClusterProcesses.Launched l : all) {
      try {
        l.process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (!all.isEmpty()) {
      try {
        ClusterState.delete(dataDir.toAbsolutePath().normalize());
      } catch (RuntimeException e) {
        System.err.println("cluster up: " + e.getMessage());
      }
    }
  }

  private void print(ClusterState s, List<String> passwordLines, PrintStream out) {
    out.println("cluster ready: " + s.http() + " grpc " + s.grpc() + " (" + workers + (workers == 1 ? " worker, " :
        " workers, ") + shards + (shards == 1 ? " PS shard" : " PS shards") + ", data " + s.dataDir() + ")");
    out.println("  web UI   " + s.http());
    out.println("  API      " + s.http() + "/api/v1");
    out.println("  metrics  " + s.http() + "/metrics");
    out.println("  gRPC     " + s.grpc() + "  (members join with the secret in " + s.secretFile() + ")");
    out.println("  queue    " + s.queue());
    out.println("  store    " + s.db());
    for (ClusterState.Member m : s.members()) {
      out.printf("  %-12s pid %-8d %-22s %s%n", m.name(), m.pid(), m.address(),
          m.metrics().isEmpty() || m.role().equals("coordinator") ? "" : "metrics " + m.metrics());
    }
    out.println("  logs     " + s.dataDir().resolve("logs") + "/");
    if (!passwordLines.isEmpty()) {
      passwordLines.forEach(l -> out.println("  admin    " + l.replaceFirst("^trainyard: ", "")));
    } else {
      out.println("  admin    log in as 'admin' with the password set on the store's first start ("
          + dev.trainyard.app.node.CoordinatorNode.ADMIN_PASSWORD_ENV + ", or the one-time password printed then)");
    }
    out.println("stop it with: trainyard cluster down --data-dir " + s.dataDir());
    out.flush();
  }

  /** {@code url} with {@code ?queue=NAME} (or {@code &queue=NAME}), unless it names a queue already. */
  static String withQueueName(String url, String name) {
    if (url.matches(".*[?&]queue=.*")) {
      return url;
    }
    return url + (url.contains("?") ? "&" : "?") + "queue=" + name;
  }

  /**
   * This cluster's queue name, kept in {@code DATA_DIR/queue.name} (created on the first start): unique
   * to the data directory, and the same after a restart, so the results of resumed jobs' finished
   * tasks are found again.
   */
  static String queueName(Path dir) throws IOException {
    Path file = dir.resolve("queue.name");
    if (Files.exists(file)) {
      String name = Files.readString(file).strip();
      if (name.matches("[A-Za-z0-9._-]{1,100}")) {
        return name;
      }
    }
    String name = "trainyard-" + UUID.randomUUID().toString().substring(0, 8);
    Files.createDirectories(dir);
    Files.writeString(file, name + "\n");
    return name;
  }

  /** A Redis that does not accept connections is a clear input error, before anything starts. */
  static void checkRedis(String url) {
    if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
      throw new InvalidInputException("--redis must be a redis:// or rediss:// URL, was '" + url + "'");
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("--redis is not a valid URL: " + e.getMessage());
    }
    String h = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
    int p = uri.getPort() < 0 ? 6379 : uri.getPort();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(h, p), 3000);
    } catch (IOException e) {
      throw new InvalidInputException("cannot reach Redis at " + h + ":" + p + " (" + e.getMessage() + "); start it"
          + " (e.g. redis-server --daemonize yes --port " + p + ") or give --redis URL");
    }
  }

  /** A port that something listens on already is a clear input error naming the flag. */
  static void checkPortFree(String host, int port, String flag) {
    if (port == 0) {
      return;
    }
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new InvalidInputException("port " + port + " on " + host + " is taken (" + e.getMessage()
          + "); pick another with " + flag);
    }
  }

  private static String maskJdbc(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static void ownerOnly(Path dir) {
    try {
      Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    } catch (IOException | UnsupportedOperationException e) {
      // not a POSIX file system: nothing to tighten
    }
  }
}
