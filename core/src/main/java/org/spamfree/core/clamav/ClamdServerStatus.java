package org.spamfree.core.clamav;

import java.util.Optional;

/**
 * Health of one clamd server as the client sees it.
 *
 * @param endpoint the server
 * @param healthy false after a failure, until a scan on it succeeds again
 * @param consecutiveFailures failures since the last success
 * @param lastFailure the most recent failure, if any
 */
public record ClamdServerStatus(
    ClamdEndpoint endpoint,
    boolean healthy,
    int consecutiveFailures,
    Optional<String> lastFailure) {}
