package org.spamfree.core.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an H2 file, the embedded default. */
class H2ReputationStoreTest extends ReputationStoreContract {

  @TempDir Path directory;

  @Override
  TestDatabase createDatabase() {
    return TestDatabase.h2(directory);
  }
}
