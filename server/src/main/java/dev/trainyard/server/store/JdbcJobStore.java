package dev.trainyard.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trainyard.cluster.store.DatasetRecord;
import dev.trainyard.cluster.store.EventRecord;
import dev.trainyard.cluster.store.JobQuery;
import dev.trainyard.cluster.store.JobRecord;
import dev.trainyard.cluster.store.JobStatus;
import dev.trainyard.cluster.store.JobStore;
import dev.trainyard.cluster.store.MetricPoint;
import dev.trainyard.cluster.store.ModelRecord;
import dev.trainyard.cluster.store.StoreUnavailableException;
import dev.trainyard.cluster.store.TaskRecord;
import dev.trainyard.common.Check;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * {@link JobStore} over JDBC: Jdbi on a small HikariCP pool, the schema migrated by Flyway when the store
 * opens; runs on H2 2.x (the embedded default) and PostgreSQL. Thread-safe. Instants are kept to the
 * microsecond (finer digits are truncated). References between records are not enforced. A database that
 * cannot be reached or times out throws {@link StoreUnavailableException} naming the URL without its
 * password; any other SQL error propagates as Jdbi reports it. A closed store throws
 * {@link IllegalStateException}.
 */
public final class JdbcJobStore implements JobStore {
  /** How long a caller waits for a pooled connection, and a PostgreSQL connection attempt may take. */
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
  /** A PostgreSQL socket read that stalls this long counts as a broken connection. */
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
  static final int MAX_POOL_SIZE = 8;
  /** H2 settings that keep its SQL close to PostgreSQL's, so one migration and one set of statements serve both. */
  static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
      + ";LOCK_TIMEOUT=10000";
  private static final String MIGRATIONS = "classpath:db/migration/common";
  /** Conflicts only happen between concurrent writers of the same key; each rerun sees the winner's row. */
  private static final int MAX_ATTEMPTS = 10;
  private static final List<String> UNFINISHED = List.of(JobStatus.QUEUED.id(), JobStatus.RUNNING.id());

  private final HikariDataSource pool;
  private final Jdbi jdbi;
  private final StoreErrors errors;
  private final JdbcAuthStore auth;

  private JdbcJobStore(HikariDataSource pool, StoreErrors errors) {
    this.pool = pool;
    this.jdbi = Jdbi.create(pool);
    this.errors = errors;
    this.auth = new JdbcAuthStore(this);
  }

  /** Users, sessions, tokens, shares and the audit log in the same database (closed with this store). */
  public dev.trainyard.server.auth.AuthStore auth() {
    return auth;
  }

  /**
   * Connects to {@code jdbcUrl} and migrates its schema. {@code user} and {@code password} may be null or
   * empty (then the URL or the driver's defaults decide).
   *
   * @throws StoreUnavailableException when the database cannot be reached
   */
  public static JdbcJobStore open(String jdbcUrl, String user, String password) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    StoreErrors errors = new StoreErrors(jdbcUrl);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(poolConfig(jdbcUrl, user, password));
    } catch (RuntimeException e) {
      throw errors.translate(e);
    }
    try {
      Flyway.configure().dataSource(pool).locations(MIGRATIONS).load().migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw errors.translate(e);
    }
    return new JdbcJobStore(pool, errors);
  }

  /**
   * The embedded default: an H2 file database {@code trainyard} inside {@code dataDir} (created if
   * missing). WRITE_DELAY=0 writes every commit to the file at once, so a killed coordinator loses no
   * committed job (H2 otherwise batches commits for up to half a second).
   */
  public static JdbcJobStore openH2File(Path dataDir) {
    Path base = dataDir.toAbsolutePath().resolve("trainyard");
    return open("jdbc:h2:file:" + base + H2_SETTINGS + ";WRITE_DELAY=0;AUTO_SERVER=FALSE", null, null);
  }

  private static HikariConfig poolConfig(String jdbcUrl, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("trainyard-store");
    config.setJdbcUrl(jdbcUrl);
    if (user != null && !user.isEmpty()) {
      config.setUsername(user);
    }
    if (password != null && !password.isEmpty()) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(MAX_POOL_SIZE);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    config.setValidationTimeout(Math.min(CONNECTION_TIMEOUT.toMillis(), 2_000));
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      // Seconds; settings in the URL take precedence over these.
      config.addDataSourceProperty("connectTimeout", Long.toString(CONNECTION_TIMEOUT.toSeconds()));
      config.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
    }
    return config;
  }

  @Override
  public String toString() {
    return "JdbcJobStore[" + errors.safeUrl() + "]";
  }

  // --- datasets

  @Override
  public void insertDataset(DatasetRecord d) {
    Objects.requireNonNull(d, "d");
    inTransaction(h -> Rows.bindDataset(h.createUpdate(
        "INSERT INTO datasets (" + Rows.DATASET_COLUMNS + ") VALUES (" + Rows.DATASET_VALUES + ")"), d).execute());
  }

  @Override
  public Optional<DatasetRecord> dataset(String id) {
    Objects.requireNonNull(id, "id");
    return withHandle(h -> h.createQuery("SELECT " + Rows.DATASET_COLUMNS + " FROM datasets WHERE id = :id")
        .bind("id", id).map(Rows.DATASET).findOne());
  }

  @Override
  public Optional<DatasetRecord> datasetByHash(String owner, String sha256) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(sha256, "sha256");
    return withHandle(h -> h.createQuery("SELECT " + Rows.DATASET_COLUMNS + " FROM datasets"
            + " WHERE sha256 = :sha256 AND owner = :owner ORDER BY created_at, id LIMIT 1")
        .bind("sha256", sha256).bind("owner", owner).map(Rows.DATASET).findOne());
  }

  @Override
  public Optional<DatasetRecord> anyDatasetByHash(String sha256) {
    Objects.requireNonNull(sha256, "sha256");
    return withHandle(h -> h.createQuery("SELECT " + Rows.DATASET_COLUMNS + " FROM datasets"
            + " WHERE sha256 = :sha256 ORDER BY created_at, id LIMIT 1")
        .bind("sha256", sha256).map(Rows.DATASET).findOne());
  }

  @Override
  public List<DatasetRecord> datasets(Optional<String> owner) {
    Objects.requireNonNull(owner, "owner");
    return withHandle(h -> ownedNewestFirst(h.createQuery("SELECT " + Rows.DATASET_COLUMNS + " FROM datasets"
        + (owner.isPresent() ? " WHERE owner = :owner" : "") + " ORDER BY created_at DESC, id DESC"), owner)
        .map(Rows.DATASET).list());
  }

  // --- jobs

  @Override
  public void insertJob(JobRecord job) {
    Objects.requireNonNull(job, "job");
    inTransaction(h -> Rows.bindJob(h.createUpdate(
        "INSERT INTO jobs (" + Rows.JOB_COLUMNS + ") VALUES (" + Rows.JOB_VALUES + ")"), job).execute());
  }

  @Override
  public boolean updateJob(JobRecord job) {
    Objects.requireNonNull(job, "job");
    return inTransaction(h -> Rows.bindJob(h.createUpdate(
        "UPDATE jobs SET " + Rows.JOB_ASSIGNMENTS + " WHERE id = :id"), job).execute() > 0);
  }

  @Override
  public Optional<JobRecord> job(String id) {
    Objects.requireNonNull(id, "id");
    return withHandle(h -> h.createQuery("SELECT " + Rows.JOB_COLUMNS + " FROM jobs WHERE id = :id")
        .bind("id", id).map(Rows.JOB).findOne());
  }

  @Override
  public List<JobRecord> jobs(JobQuery query) {
    Objects.requireNonNull(query, "query");
    // Only fixed clause text is appended; every value is a bound parameter.
    String sql = "SELECT " + Rows.JOB_COLUMNS + " FROM jobs WHERE 1 = 1"
        + (query.owner().isPresent() ? " AND owner = :owner" : "")
        + (query.status().isPresent() ? " AND status = :status" : "")
        + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset";
    return withHandle(h -> {
      Query q = h.createQuery(sql).bind("limit", query.limit()).bind("offset", query.offset());
      query.owner().ifPresent(o -> q.bind("owner", o));
      query.status().ifPresent(s -> q.bind("status", s.id()));
      return q.map(Rows.JOB).list();
    });
  }

  @Override
  public List<JobRecord> unfinishedJobs() {
    return withHandle(h -> h.createQuery("SELECT " + Rows.JOB_COLUMNS + " FROM jobs"
            + " WHERE status IN (:queued, :running) ORDER BY created_at, id")
        .bind("queued", UNFINISHED.get(0)).bind("running", UNFINISHED.get(1)).map(Rows.JOB).list());
  }

  // --- tasks

  @Override
  public void upsertTask(TaskRecord task) {
    Objects.requireNonNull(task, "task");
    inTransactionRetryingConflicts(h -> {
      int updated = Rows.bindTask(h.createUpdate("UPDATE job_tasks SET " + Rows.TASK_ASSIGNMENTS
          + " WHERE job_id = :jobId AND task_id = :taskId"), task).execute();
      if (updated == 0) {
        Rows.bindTask(h.createUpdate(
            "INSERT INTO job_tasks (" + Rows.TASK_COLUMNS + ") VALUES (" + Rows.TASK_VALUES + ")"), task).execute();
      }
      return null;
    });
  }

  @Override
  public List<TaskRecord> tasks(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    List<TaskRecord> tasks = withHandle(h -> h.createQuery("SELECT " + Rows.TASK_COLUMNS
        + " FROM job_tasks WHERE job_id = :jobId").bind("jobId", jobId).map(Rows.TASK).list());
    // Sorted here, not in SQL, so the order does not depend on the database's collation.
    List<TaskRecord> sorted = new ArrayList<>(tasks);
    sorted.sort(Comparator.comparing(TaskRecord::taskId));
    return List.copyOf(sorted);
  }

  // --- events and metrics

  @Override
  public long appendEvent(String jobId, Instant at, String type, String json) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(json, "json");
    return inTransactionRetryingConflicts(h -> {
      // The counter row's lock, held to commit, orders appenders of one job; the first one inserts it.
      int bumped = h.createUpdate("UPDATE job_event_counters SET last_seq = last_seq + 1 WHERE job_id = :jobId")
          .bind("jobId", jobId).execute();
      if (bumped == 0) {
        h.createUpdate("INSERT INTO job_event_counters (job_id, last_seq) VALUES (:jobId, 1)")
            .bind("jobId", jobId).execute();
      }
      long seq = h.createQuery("SELECT last_seq FROM job_event_counters WHERE job_id = :jobId")
          .bind("jobId", jobId).mapTo(Long.class).one();
      h.createUpdate("INSERT INTO job_events (job_id, seq, occurred_at, event_type, body_json)"
              + " VALUES (:jobId, :seq, :at, :type, :json)")
          .bind("jobId", jobId).bind("seq", seq).bind("at", Rows.timestamp(at)).bind("type", type)
          .bind("json", json).execute();
      return seq;
    });
  }

  @Override
  public List<EventRecord> events(String jobId, long afterSeq, int max) {
    Objects.requireNonNull(jobId, "jobId");
    Check.between("max", max, 0, Integer.MAX_VALUE);
    return withHandle(h -> h.createQuery("SELECT job_id, seq, occurred_at, event_type, body_json FROM job_events"
            + " WHERE job_id = :jobId AND seq > :afterSeq ORDER BY seq LIMIT :max")
        .bind("jobId", jobId).bind("afterSeq", afterSeq).bind("max", max).map(Rows.EVENT).list());
  }

  /** Stores the points; a point for a (job, series, step) already stored replaces its value. */
  @Override
  public void addMetrics(List<MetricPoint> points) {
    Objects.requireNonNull(points, "points");
    // One row per key, the last point winning, so the batch never collides with itself.
    Map<List<Object>, MetricPoint> latest = new LinkedHashMap<>();
    for (MetricPoint p : points) {
      Objects.requireNonNull(p, "point");
      latest.put(List.of(p.jobId(), p.series(), p.step()), p);
    }
    if (latest.isEmpty()) {
      return;
    }
    List<MetricPoint> unique = List.copyOf(latest.values());
    inTransactionRetryingConflicts(h -> {
      int[] updated = bindMetrics(h.prepareBatch("UPDATE job_metrics SET metric_value = :value"
          + " WHERE job_id = :jobId AND series = :series AND step = :step"), unique).execute();
      List<MetricPoint> fresh = new ArrayList<>();
      for (int i = 0; i < unique.size(); i++) {
        if (updated[i] == 0) {
          fresh.add(unique.get(i));
        }
      }
      if (!fresh.isEmpty()) {
        bindMetrics(h.prepareBatch("INSERT INTO job_metrics (job_id, series, step, metric_value)"
            + " VALUES (:jobId, :series, :step, :value)"), fresh).execute();
      }
      return null;
    });
  }

  private static PreparedBatch bindMetrics(PreparedBatch batch, List<MetricPoint> points) {
    for (MetricPoint p : points) {
      batch.bind("jobId", p.jobId()).bind("series", p.series()).bind("step", p.step()).bind("value", p.value())
          .add();
    }
    return batch;
  }

  @Override
  public List<MetricPoint> metrics(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    List<MetricPoint> points = withHandle(h -> h.createQuery("SELECT job_id, series, step, metric_value"
        + " FROM job_metrics WHERE job_id = :jobId").bind("jobId", jobId).map(Rows.METRIC).list());
    // Sorted here, not in SQL, so the series order does not depend on the database's collation.
    List<MetricPoint> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparing(MetricPoint::series).thenComparingLong(MetricPoint::step));
    return List.copyOf(sorted);
  }

  // --- models

  @Override
  public void insertModel(ModelRecord m) {
    Objects.requireNonNull(m, "m");
    inTransaction(h -> Rows.bindModel(h.createUpdate(
        "INSERT INTO models (" + Rows.MODEL_COLUMNS + ") VALUES (" + Rows.MODEL_VALUES + ")"), m).execute());
  }

  @Override
  public Optional<ModelRecord> model(String id) {
    Objects.requireNonNull(id, "id");
    return withHandle(h -> h.createQuery("SELECT " + Rows.MODEL_COLUMNS + " FROM models WHERE id = :id")
        .bind("id", id).map(Rows.MODEL).findOne());
  }

  @Override
  public List<ModelRecord> models(Optional<String> owner) {
    Objects.requireNonNull(owner, "owner");
    return withHandle(h -> ownedNewestFirst(h.createQuery("SELECT " + Rows.MODEL_COLUMNS + " FROM models"
        + (owner.isPresent() ? " WHERE owner = :owner" : "") + " ORDER BY created_at DESC, id DESC"), owner)
        .map(Rows.MODEL).list());
  }

  private static Query ownedNewestFirst(Query q, Optional<String> owner) {
    owner.ifPresent(o -> q.bind("owner", o));
    return q;
  }

  // --- lifecycle and plumbing

  /** Closes the connection pool; idempotent. */
  @Override
  public void close() {
    pool.close();
  }

  <T> T withHandle(HandleCallback<T, RuntimeException> work) {
    checkOpen();
    try {
      return jdbi.withHandle(work);
    } catch (RuntimeException e) {
      throw errors.translate(e);
    }
  }

  <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
    checkOpen();
    try {
      return jdbi.inTransaction(work);
    } catch (RuntimeException e) {
      throw errors.translate(e);
    }
  }

  /** Reruns a transaction that lost a race with a concurrent writer of the same key (see {@link StoreErrors}). */
  <T> T inTransactionRetryingConflicts(HandleCallback<T, RuntimeException> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return inTransaction(work);
      } catch (RuntimeException e) {
        if (attempt >= MAX_ATTEMPTS || !StoreErrors.isConflict(e)) {
          throw e;
        }
      }
    }
  }

  private void checkOpen() {
    if (pool.isClosed()) {
      throw new IllegalStateException("job store " + errors.safeUrl() + " is closed");
    }
  }
}
