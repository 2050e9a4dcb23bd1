-- Store of HELO names, addresses, the local blocklist and daily statistics. The same SQL runs on
-- H2, PostgreSQL and MariaDB/MySQL. Times are milliseconds since the epoch (UTC) in BIGINT, so no
-- database applies a time zone to them; days are UTC dates.

CREATE TABLE helo_seen (
  address VARCHAR(45) NOT NULL,
  helo VARCHAR(255) NOT NULL,
  first_seen BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  seen_count BIGINT NOT NULL,
  PRIMARY KEY (address, helo)
);
CREATE INDEX helo_seen_last_seen ON helo_seen (last_seen);

CREATE TABLE address_seen (
  address VARCHAR(45) NOT NULL,
  first_seen BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  connections BIGINT NOT NULL,
  PRIMARY KEY (address)
);
CREATE INDEX address_seen_last_seen ON address_seen (last_seen);

CREATE TABLE local_blocklist (
  address VARCHAR(45) NOT NULL,
  reason VARCHAR(255) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (address)
);
CREATE INDEX local_blocklist_expires_at ON local_blocklist (expires_at);

-- One counter per day, metric and dimension (an action, a symbol, an address, a HELO name, a
-- domain; '' for none). Distinct addresses and HELO names of a day are the number of their rows.
CREATE TABLE daily_statistics (
  stat_day DATE NOT NULL,
  metric VARCHAR(32) NOT NULL,
  dimension VARCHAR(255) NOT NULL,
  amount BIGINT NOT NULL,
  PRIMARY KEY (stat_day, metric, dimension)
);
