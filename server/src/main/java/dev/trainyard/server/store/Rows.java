package dev.trainyard.server.store;

import dev.trainyard.cluster.store.DatasetRecord;
import dev.trainyard.cluster.store.EventRecord;
import dev.trainyard.cluster.store.JobRecord;
import dev.trainyard.cluster.store.JobStatus;
import dev.trainyard.cluster.store.MetricPoint;
import dev.trainyard.cluster.store.ModelRecord;
import dev.trainyard.cluster.store.TaskRecord;
import dev.trainyard.cluster.store.TaskState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Column lists, row mappers and bindings between the store's records and its tables. Instants are
 * written as UTC {@code TIMESTAMP WITH TIME ZONE} truncated to the microsecond (the finest both
 * databases keep); nulls stand for empty Optionals. Stateless.
 */
final class Rows {
  static final String DATASET_COLUMNS = "id, owner, name, sha256, size_bytes, file_format, created_at";
  static final String DATASET_VALUES = ":id, :owner, :name, :sha256, :sizeBytes, :fileFormat, :createdAt";
  static final String JOB_COLUMNS = "id, owner, algorithm, dataset_id, priority, spec_json, status, created_at,"
      + " started_at, finished_at, error, result_json, model_id, progress";
  static final String JOB_VALUES = ":id, :owner, :algorithm, :datasetId, :priority, :specJson, :status, :createdAt,"
      + " :startedAt, :finishedAt, :error, :resultJson, :modelId, :progress";
  static final String JOB_ASSIGNMENTS = "owner = :owner, algorithm = :algorithm, dataset_id = :datasetId,"
      + " priority = :priority, spec_json = :specJson, status = :status, created_at = :createdAt,"
      + " started_at = :startedAt, finished_at = :finishedAt, error = :error, result_json = :resultJson,"
      + " model_id = :modelId, progress = :progress";
  static final String TASK_COLUMNS = "job_id, task_id, kind, state, attempts, worker, started_at, finished_at, error";
  static final String TASK_VALUES = ":jobId, :taskId, :kind, :state, :attempts, :worker, :startedAt, :finishedAt,"
      + " :error";
  static final String TASK_ASSIGNMENTS = "kind = :kind, state = :state, attempts = :attempts, worker = :worker,"
      + " started_at = :startedAt, finished_at = :finishedAt, error = :error";
  static final String MODEL_COLUMNS = "id, owner, job_id, algorithm, file_name, metrics_json, created_at";
  static final String MODEL_VALUES = ":id, :owner, :jobId, :algorithm, :fileName, :metricsJson, :createdAt";

  static final RowMapper<DatasetRecord> DATASET = (rs, ctx) -> new DatasetRecord(rs.getString("id"),
      rs.getString("owner"), rs.getString("name"), rs.getString("sha256"), rs.getLong("size_bytes"),
      rs.getString("file_format"), instant(rs, "created_at"));

  static final RowMapper<JobRecord> JOB = (rs, ctx) -> new JobRecord(
      rs.getString("id"),
      rs.getString("owner"),
      rs.getString("algorithm"),
      rs.getString("dataset_id"),
      rs.getString("priority"),
      rs.getString("spec_json"),
      JobStatus.fromId(rs.getString("status")),
      instant(rs, "created_at"),
      optionalInstant(rs, "started_at"),
      optionalInstant(rs, "finished_at"),
      Optional.ofNullable(rs.getString("error")),
      Optional.ofNullable(rs.getString("result_json")),
      Optional.ofNullable(rs.getString("model_id")),
      rs.getDouble("progress"));

  static final RowMapper<TaskRecord> TASK = (rs, ctx) -> new TaskRecord(
      rs.getString("job_id"),
      rs.getString("task_id"),
      rs.getString("kind"),
      TaskState.fromId(rs.getString("state")),
      rs.getInt("attempts"),
      Optional.ofNullable(rs.getString("worker")),
      optionalInstant(rs, "started_at"),
      optionalInstant(rs, "finished_at"),
      Optional.ofNullable(rs.getString("error")));

  static final RowMapper<EventRecord> EVENT = (rs, ctx) -> new EventRecord(rs.getString("job_id"),
      rs.getLong("seq"), instant(rs, "occurred_at"), rs.getString("event_type"), rs.getString("body_json"));

  static final RowMapper<MetricPoint> METRIC = (rs, ctx) -> new MetricPoint(rs.getString("job_id"),
      rs.getString("series"), rs.getLong("step"), rs.getDouble("metric_value"));

  static final RowMapper<ModelRecord> MODEL = (rs, ctx) -> new ModelRecord(rs.getString("id"), rs.getString("owner"),
      rs.getString("job_id"), rs.getString("algorithm"), rs.getString("file_name"), rs.getString("metrics_json"),
      instant(rs, "created_at"));

  private Rows() {}

  static <S extends SqlStatement<S>> S bindDataset(S s, DatasetRecord d) {
    return s.bind("id", d.id()).bind("owner", d.owner()).bind("name", d.name()).bind("sha256", d.sha256())
        .bind("sizeBytes", d.bytes()).bind("fileFormat", d.format()).bind("createdAt", timestamp(d.createdAt()));
  }

  static <S extends SqlStatement<S>> S bindJob(S s, JobRecord j) {
    return s.bind("id", j.id()).bind("owner", j.owner()).bind("algorithm", j.algorithm())
        .bind("datasetId", j.datasetId()).bind("priority", j.priority()).bind("specJson", j.specJson())
        .bind("status", j.status().id()).bind("createdAt", timestamp(j.createdAt()))
        .bind("startedAt", timestamp(j.startedAt())).bind("finishedAt", timestamp(j.finishedAt()))
        .bind("error", j.error().orElse(null)).bind("resultJson", j.resultJson().orElse(null))
        .bind("modelId", j.modelId().orElse(null)).bind("progress", j.progress());
  }

  static <S extends SqlStatement<S>> S bindTask(S s, TaskRecord t) {
    return s.bind("jobId", t.jobId()).bind("taskId", t.taskId()).bind("kind", t.kind())
        .bind("state", t.state().id()).bind("attempts", t.attempts()).bind("worker", t.worker().orElse(null))
        .bind("startedAt", timestamp(t.startedAt())).bind("finishedAt", timestamp(t.finishedAt()))
        .bind("error", t.error().orElse(null));
  }

  static <S extends SqlStatement<S>> S bindModel(S s, ModelRecord m) {
    return s.bind("id", m.id()).bind("owner", m.owner()).bind("jobId", m.jobId()).bind("algorithm", m.algorithm())
        .bind("fileName", m.file()).bind("metricsJson", m.metricsJson()).bind("createdAt", timestamp(m.createdAt()));
  }

  /** Binds as an offset date-time: both drivers map it to TIMESTAMP WITH TIME ZONE without the JVM's zone. */
  static Argument timestamp(Instant t) {
    OffsetDateTime utc = t.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    return (position, statement, ctx) -> statement.setObject(position, utc, Types.TIMESTAMP_WITH_TIMEZONE);
  }

  static Argument timestamp(Optional<Instant> t) {
    return t.isPresent()
        ? timestamp(t.get())
        : (position, statement, ctx) -> statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    if (t == null) {
      throw new IllegalStateException(column + " must not be null");
    }
    return t.toInstant();
  }

  static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
  }
}
