/**
 * The coordinator's durable state on JDBC: {@link dev.trainyard.server.store.JdbcJobStore} (Jdbi over
 * HikariCP, Flyway migrations in {@code db/migration/common}) for the embedded H2 file database and PostgreSQL.
 */
package dev.trainyard.server.store;
