package org.spamfree.core.store;

import java.time.Instant;

/** A HELO name that one remote address presented, with how often and when. */
public record HeloName(String name, long count, Instant firstSeen, Instant lastSeen) {}
