package dev.trainyard.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainyard.cluster.store.JobRecord;
import dev.trainyard.cluster.store.JobStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract suite on the embedded default: an H2 file database in a fresh directory per test. */
class H2JobStoreTest extends JobStoreContractTest {
  @TempDir
  Path dataDir;

  @Override
  protected JobStore newStore() {
    return JdbcJobStore.openH2File(dataDir);
  }

  @Test
  void theDatabaseLivesInTheDataDirectory() {
    store.insertJob(JobRecord.queued("job-1", "ada", "forest", "ds-1", "normal", "{}", T0));

    assertThat(dataDir.resolve("trainyard.mv.db")).isRegularFile();
  }

  @Test
  void aStoreOpenedOnAnotherDirectorySeesNoneOfThisOnesData(@TempDir Path otherDir) {
    store.insertJob(JobRecord.queued("job-1", "ada", "forest", "ds-1", "normal", "{}", T0));

    try (JobStore other = JdbcJobStore.openH2File(otherDir)) {
      assertThat(other.job("job-1")).isEmpty();
    }
    assertThat(store.job("job-1")).isPresent();
  }

  @Test
  void itsDescriptionNamesTheDatabaseUrl() {
    assertThat(store.toString()).startsWith("JdbcJobStore[jdbc:h2:file:").contains(dataDir.toString());
  }
}
