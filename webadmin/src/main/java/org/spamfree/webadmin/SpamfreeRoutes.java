package org.spamfree.webadmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.net.InetAddresses;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.net.IpAddresses;
import org.spamfree.core.store.AddressHistory;
import org.spamfree.core.store.BlocklistEntry;
import org.spamfree.core.store.DailyStatistics;
import org.spamfree.core.store.HeloName;
import org.spamfree.core.store.ReputationService;
import org.spamfree.core.store.ReputationStore;
import org.spamfree.core.store.StoreException;
import org.spamfree.core.store.StoreWrite;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes of the shared store, all JSON, with errors in WebAdmin's format ({@code
 * statusCode}, {@code type}, {@code message}, {@code details}):
 *
 * <ul>
 *   <li>{@code GET /spamfree/statistics?from=YYYY-MM-DD&to=YYYY-MM-DD}: daily statistics, by
 *       default of the last 7 days (UTC), at most {@value #MAX_DAYS} days
 *   <li>{@code GET /spamfree/addresses/ADDRESS}: what the store keeps about one remote address
 *   <li>{@code GET /spamfree/blocklist}: the active local blocklist entries
 *   <li>{@code PUT /spamfree/blocklist/ADDRESS} with {@code {"reason": "...", "expiresAt":
 *       "2026-12-31T00:00:00Z"}} or {@code {"reason": "...", "duration": "PT168H"}}: adds or
 *       replaces an entry; 204
 *   <li>{@code DELETE /spamfree/blocklist/ADDRESS}: removes an entry; 204, or 404 when there is
 *       none
 * </ul>
 *
 * A blocklist edit applies at once on this node and on the other nodes of the store after their
 * {@code store.cache.ttl}. While the database is unavailable every route returns 503.
 */
public class SpamfreeRoutes implements Routes {

  public static final String BASE_PATH = "/spamfree";
  public static final int MAX_DAYS = 366;
  public static final int DEFAULT_DAYS = 7;
  public static final int TOP_SYMBOLS = 10;

  private static final Logger LOGGER = LoggerFactory.getLogger(SpamfreeRoutes.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ReputationService service;
  private final JsonTransformer json = new JsonTransformer();

  @Inject
  public SpamfreeRoutes(ReputationService service) {
    this.service = service;
  }

  @Override
  public String getBasePath() {
    return BASE_PATH;
  }

  @Override
  public void define(Service spark) {
    spark.get(BASE_PATH + "/statistics", this::statistics, json);
    spark.get(BASE_PATH + "/addresses/:address", this::history, json);
    spark.get(BASE_PATH + "/blocklist", this::blocklist, json);
    spark.put(BASE_PATH + "/blocklist/:address", this::addToBlocklist);
    spark.delete(BASE_PATH + "/blocklist/:address", this::removeFromBlocklist);
  }

  private Object statistics(Request request, Response response) {
    LocalDate today = LocalDate.now(service.clock().withZone(ZoneOffset.UTC));
    LocalDate to = date(request, "to", today);
    LocalDate from = date(request, "from", to.minusDays(DEFAULT_DAYS - 1));
    if (from.isAfter(to)) {
      throw badRequest("Invalid range: 'from' (" + from + ") is after 'to' (" + to + ")");
    }
    if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
      throw badRequest(
          "Invalid range: " + from + " to " + to + " spans more than " + MAX_DAYS + " days");
    }
    List<DailyStatistics> days = withStore(store -> store.statistics(from, to, TOP_SYMBOLS));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("from", from.toString());
    body.put("to", to.toString());
    body.put("days", days.stream().map(SpamfreeRoutes::dayJson).toList());
    return body;
  }

  private static Map<String, Object> dayJson(DailyStatistics day) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("day", day.day().toString());
    json.put("connections", day.connections());
    json.put("distinctAddresses", day.distinctAddresses());
    json.put("connectionsPerAddress", Math.round(day.connectionsPerAddress() * 100) / 100.0);
    json.put("maxConnectionsPerAddress", day.maxConnectionsPerAddress());
    json.put("distinctHeloNames", day.distinctHeloNames());
    json.put("verdicts", day.verdicts());
    json.put("topSymbols", day.topSymbols());
    json.put("recipientsByDomain", day.recipientsByDomain());
    json.put("other", day.other());
    return json;
  }

  private Object history(Request request, Response response) {
    String address = address(request);
    AddressHistory history = withStore(store -> store.history(address, service.clock().instant()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("address", history.address());
    body.put("connections", history.connections());
    body.put("firstSeen", history.firstSeen().map(Instant::toString).orElse(null));
    body.put("lastSeen", history.lastSeen().map(Instant::toString).orElse(null));
    body.put("heloNames", history.heloNames().stream().map(SpamfreeRoutes::heloJson).toList());
    body.put("blocklist", history.blocklist().map(SpamfreeRoutes::entryJson).orElse(null));
    return body;
  }

  private static Map<String, Object> heloJson(HeloName name) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", name.name());
    json.put("count", name.count());
    json.put("firstSeen", name.firstSeen().toString());
    json.put("lastSeen", name.lastSeen().toString());
    return json;
  }

  private static Map<String, Object> entryJson(BlocklistEntry entry) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("address", entry.address());
    json.put("reason", entry.reason());
    json.put("createdAt", entry.createdAt().toString());
    json.put("expiresAt", entry.expiresAt().toString());
    return json;
  }

  private Object blocklist(Request request, Response response) {
    return withStore(store -> store.blocklist(service.clock().instant())).stream()
        .map(SpamfreeRoutes::entryJson)
        .toList();
  }

  private Object addToBlocklist(Request request, Response response) {
    String address = address(request);
    JsonNode body;
    try {
      body = MAPPER.readTree(request.body());
    } catch (Exception e) {
      throw badRequest("Invalid JSON body: " + e.getMessage());
    }
    if (body == null || !body.isObject()) {
      throw badRequest(
          "Missing JSON body: expected {\"reason\": \"...\", \"expiresAt\": \"ISO-8601 instant\"}"
              + " or {\"reason\": \"...\", \"duration\": \"ISO-8601 duration such as PT168H\"}");
    }
    Instant now = service.clock().instant();
    Instant expiresAt = expiry(body, now);
    String reason =
        body.hasNonNull("reason") ? body.get("reason").asText() : "added through WebAdmin";
    BlocklistEntry entry = new BlocklistEntry(address, reason, now, expiresAt);
    withStore(
        store -> {
          store.write(List.of(new StoreWrite.Blocklisting(entry, false)));
          return null;
        });
    service.invalidateBlocklist(address);
    LOGGER.info(
        "spamfree blocklist=add source=webadmin remote={} until={} reason={}",
        address,
        expiresAt,
        reason.replaceAll("[^\\x20-\\x7e]", "?"));
    response.status(HttpStatus.NO_CONTENT_204);
    return "";
  }

  private static Instant expiry(JsonNode body, Instant now) {
    boolean hasInstant = body.hasNonNull("expiresAt");
    boolean hasDuration = body.hasNonNull("duration");
    if (hasInstant == hasDuration) {
      throw badRequest(
          "Expected exactly one of 'expiresAt' (ISO-8601 instant such as 2026-12-31T00:00:00Z)"
              + " and 'duration' (ISO-8601 duration such as PT168H)");
    }
    Instant expiresAt;
    if (hasInstant) {
      String raw = body.get("expiresAt").asText();
      try {
        expiresAt = Instant.parse(raw);
      } catch (DateTimeParseException e) {
        throw badRequest(
            "Invalid 'expiresAt' '" + raw + "': expected an instant such as 2026-12-31T00:00:00Z");
      }
    } else {
      String raw = body.get("duration").asText();
      try {
        expiresAt = now.plus(Duration.parse(raw));
      } catch (DateTimeParseException | ArithmeticException e) {
        throw badRequest(
            "Invalid 'duration' '" + raw + "': expected an ISO-8601 duration such as PT168H");
      }
    }
    if (!expiresAt.isAfter(now)) {
      throw badRequest("Invalid expiry " + expiresAt + ": it must be in the future");
    }
    return expiresAt;
  }

  private Object removeFromBlocklist(Request request, Response response) {
    String address = address(request);
    boolean removed = withStore(store -> store.removeFromBlocklist(address));
    service.invalidateBlocklist(address);
    if (!removed) {
      throw ErrorResponder.builder()
          .statusCode(HttpStatus.NOT_FOUND_404)
          .type(ErrorType.NOT_FOUND)
          .message("Address " + address + " is not on the local blocklist")
          .haltError();
    }
    LOGGER.info("spamfree blocklist=remove source=webadmin remote={}", address);
    response.status(HttpStatus.NO_CONTENT_204);
    return "";
  }

  /** Returns the address of the path in the canonical form that the store keys rows by. */
  private static String address(Request request) {
    String raw = request.params("address");
    if (raw == null || !InetAddresses.isInetAddress(raw)) {
      throw badRequest(
          "Invalid address '" + raw + "': expected an IPv4 or IPv6 address such as 192.0.2.7");
    }
    return IpAddresses.canonical(InetAddresses.forString(raw)).getHostAddress();
  }

  private static LocalDate date(Request request, String parameter, LocalDate defaultValue) {
    String raw = request.queryParams(parameter);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    try {
      return LocalDate.parse(raw);
    } catch (DateTimeParseException e) {
      throw badRequest(
          "Invalid '" + parameter + "' '" + raw + "': expected a date such as 2026-03-01");
    }
  }

  /** A store operation. */
  @FunctionalInterface
  private interface StoreCall<T> {
    T run(ReputationStore store);
  }

  private <T> T withStore(StoreCall<T> call) {
    ReputationStore store =
        service
            .store()
            .orElseThrow(
                () ->
                    ErrorResponder.builder()
                        .statusCode(HttpStatus.SERVICE_UNAVAILABLE_503)
                        .type(ErrorType.SERVER_ERROR)
                        .message("The Spamfree store is unavailable: " + service.lastFailure())
                        .haltError());
    try {
      return call.run(store);
    } catch (StoreException e) {
      LOGGER.warn("WebAdmin store request failed: {}", e.getMessage());
      throw ErrorResponder.builder()
          .statusCode(HttpStatus.SERVICE_UNAVAILABLE_503)
          .type(ErrorType.SERVER_ERROR)
          .message("The Spamfree store is unavailable: " + e.getMessage())
          .haltError();
    }
  }

  private static RuntimeException badRequest(String message) {
    return ErrorResponder.builder()
        .statusCode(HttpStatus.BAD_REQUEST_400)
        .type(ErrorType.INVALID_ARGUMENT)
        .message(message)
        .haltError();
  }
}
