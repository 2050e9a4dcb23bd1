package org.spamfree.core.store;

/** The store contract on the MariaDB server of 127.0.0.1, in a database of its own. */
class MariadbReputationStoreTest extends ReputationStoreContract {

  @Override
  TestDatabase createDatabase() {
    return TestDatabase.mariadb();
  }
}
