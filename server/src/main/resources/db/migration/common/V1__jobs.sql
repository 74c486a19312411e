-- The job store's first schema. One file for both databases: H2 2.x (MODE=PostgreSQL,
-- DATABASE_TO_LOWER=TRUE) and PostgreSQL 12+, so only types and syntax both understand.
-- Times are TIMESTAMP WITH TIME ZONE written in UTC, to the microsecond. Enums are their
-- lower-case ids ('queued', 'running', ...). JSON bodies are TEXT (CLOB in H2): they reach MBs.
-- References between tables are not enforced: the coordinator may log events for a job before
-- (or after) its row exists, and old jobs may outlive their dataset.

CREATE TABLE datasets (
  id          VARCHAR(255)  NOT NULL PRIMARY KEY,
  owner       VARCHAR(255)  NOT NULL,
  name        VARCHAR(1000) NOT NULL,
  sha256      VARCHAR(128)  NOT NULL,
  size_bytes  BIGINT        NOT NULL,
  file_format VARCHAR(64)   NOT NULL,
  created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX datasets_by_hash ON datasets (sha256, owner);
CREATE INDEX datasets_by_owner ON datasets (owner, created_at);
CREATE INDEX datasets_by_created ON datasets (created_at);

CREATE TABLE jobs (
  id          VARCHAR(255) NOT NULL PRIMARY KEY,
  owner       VARCHAR(255) NOT NULL,
  algorithm   VARCHAR(255) NOT NULL,
  dataset_id  VARCHAR(255) NOT NULL,
  priority    VARCHAR(64)  NOT NULL,
  spec_json   TEXT         NOT NULL,
  status      VARCHAR(32)  NOT NULL,
  created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  started_at  TIMESTAMP(6) WITH TIME ZONE,
  finished_at TIMESTAMP(6) WITH TIME ZONE,
  error       TEXT,
  result_json TEXT,
  model_id    VARCHAR(255),
  progress    DOUBLE PRECISION NOT NULL
);
CREATE INDEX jobs_by_created ON jobs (created_at, id);
CREATE INDEX jobs_by_owner ON jobs (owner, created_at);
CREATE INDEX jobs_by_status ON jobs (status, created_at);

CREATE TABLE job_tasks (
  job_id      VARCHAR(255) NOT NULL,
  task_id     VARCHAR(255) NOT NULL,
  kind        VARCHAR(255) NOT NULL,
  state       VARCHAR(32)  NOT NULL,
  attempts    INTEGER      NOT NULL,
  worker      VARCHAR(255),
  started_at  TIMESTAMP(6) WITH TIME ZONE,
  finished_at TIMESTAMP(6) WITH TIME ZONE,
  error       TEXT,
  PRIMARY KEY (job_id, task_id)
);

-- The last seq handed out per job. Appenders increment it under its row lock, so concurrent
-- appenders of one job queue up here instead of racing for max(seq) + 1.
CREATE TABLE job_event_counters (
  job_id   VARCHAR(255) NOT NULL PRIMARY KEY,
  last_seq BIGINT       NOT NULL
);

CREATE TABLE job_events (
  job_id      VARCHAR(255) NOT NULL,
  seq         BIGINT       NOT NULL,
  occurred_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  event_type  VARCHAR(64)  NOT NULL,
  body_json   TEXT         NOT NULL,
  PRIMARY KEY (job_id, seq)
);

-- One value per (job, series, step): a redelivered task that reports a step again overwrites it.
CREATE TABLE job_metrics (
  job_id       VARCHAR(255) NOT NULL,
  series       VARCHAR(255) NOT NULL,
  step         BIGINT       NOT NULL,
  metric_value DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (job_id, series, step)
);

CREATE TABLE models (
  id           VARCHAR(255)  NOT NULL PRIMARY KEY,
  owner        VARCHAR(255)  NOT NULL,
  job_id       VARCHAR(255)  NOT NULL,
  algorithm    VARCHAR(255)  NOT NULL,
  file_name    VARCHAR(1000) NOT NULL,
  metrics_json TEXT          NOT NULL,
  created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX models_by_owner ON models (owner, created_at);
CREATE INDEX models_by_created ON models (created_at);
