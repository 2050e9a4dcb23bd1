package org.spamfree.core.store;

/** The store contract on the PostgreSQL server of 127.0.0.1, in a database of its own. */
class PostgresqlReputationStoreTest extends ReputationStoreContract {

  @Override
  TestDatabase createDatabase() {
    return TestDatabase.postgresql();
  }
}
