package dev.trainyard.server.api;

import java.nio.file.Path;

/** The RBAC matrix with the store on PostgreSQL. */
class RbacMatrixOnPostgresTest extends RbacMatrixTest {
  @Override
  ApiFixture fixture(Path d) {
    return ApiFixture.startOnPostgres(d);
  }
}
