package dev.trainyard.server.api;

import java.nio.file.Path;

/** Logins, sessions, tokens and users with the store on PostgreSQL. */
class AuthApiOnPostgresTest extends AuthApiTest {
  @Override
  ApiFixture fixture(Path d) {
    return ApiFixture.startOnPostgres(d);
  }
}
