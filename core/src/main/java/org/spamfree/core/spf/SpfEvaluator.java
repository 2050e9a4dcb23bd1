package org.spamfree.core.spf;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spamfree.core.dns.DnsResolver;
import org.spamfree.core.dns.DnsResult;
import org.spamfree.core.net.IpAddresses;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Evaluates SPF (RFC 7208) for the MAIL FROM and HELO identities on the shared {@link DnsResolver}.
 * The walk is asynchronous: each DNS-querying term waits for its lookups and then the next term
 * runs, so the evaluator never blocks the calling thread. Callers decide where to wait.
 *
 * <p>The limits of §4.6.4 apply to one whole evaluation, includes and redirects included: at most
 * {@value #MAX_DNS_TERMS} terms that query DNS ({@code include}, {@code a}, {@code mx}, {@code
 * ptr}, {@code exists}, {@code redirect}), at most {@value #MAX_NAMES} MX names per {@code mx}
 * (more is permerror) and PTR names per {@code ptr} (the rest are ignored), and at most {@code
 * voidLookupLimit} terms whose lookup returns NXDOMAIN or no records. A term over a limit gives
 * permerror. A DNS timeout or server failure gives temperror. The whole evaluation has one
 * deadline, after which it returns temperror and sends no further query.
 */
public final class SpfEvaluator {

  public static final int MAX_DNS_TERMS = 10;
  public static final int MAX_NAMES = 10;
  public static final int DEFAULT_VOID_LOOKUP_LIMIT = 2;

  /** Maximum length of an expanded domain name (§4.8); longer names lose labels on the left. */
  static final int MAX_DOMAIN_LENGTH = 253;

  /** The explanation of a fail result when the record has no usable {@code exp=} (§6.2). */
  public static final String DEFAULT_EXPLANATION =
      "%{o} does not designate %{c} as a permitted sender";

  private static final Logger LOGGER = LoggerFactory.getLogger(SpfEvaluator.class);
  private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
  private static final int MAX_TRACE_TEXT = 120;

  private final DnsResolver resolver;
  private final Duration deadline;
  private final int voidLookupLimit;
  private final String receiver;
  private final Clock clock;

  /**
   * Creates an evaluator.
   *
   * @param resolver the shared resolver
   * @param deadline the maximum time of one evaluation, includes and redirects included
   * @param voidLookupLimit the number of void lookups allowed (§4.6.4 recommends 2)
   * @param receiver this server's name, for {@code %{r}} in explanations
   * @param clock the time source for {@code %{t}} and the elapsed time
   */
  public SpfEvaluator(
      DnsResolver resolver, Duration deadline, int voidLookupLimit, String receiver, Clock clock) {
    this.resolver = Objects.requireNonNull(resolver, "resolver must not be null");
    this.deadline = Objects.requireNonNull(deadline, "deadline must not be null");
    this.voidLookupLimit = voidLookupLimit;
    this.receiver = Objects.requireNonNull(receiver, "receiver must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
  }

  /**
   * Checks the MAIL FROM identity (§2.4). The null sender, given as an empty string, is checked as
   * {@code postmaster@HELO}; a sender without a local part gets {@code postmaster}.
   *
   * @param client the client address
   * @param helo the HELO/EHLO argument, empty or null when the client sent none
   * @param mailFrom the reverse-path without angle brackets, empty for the null sender
   */
  public CompletableFuture<SpfEvaluation> checkMailFrom(
      InetAddress client, String helo, String mailFrom) {
    String heloName = helo == null ? "" : helo;
    String sender = mailFrom == null ? "" : mailFrom;
    if (sender.isEmpty()) {
      return checkHelo(SpfEvaluation.Identity.MAILFROM, client, heloName);
    }
    int at = sender.lastIndexOf('@');
    String localPart = at <= 0 ? "postmaster" : sender.substring(0, at);
    String domain = normalise(at < 0 ? sender : sender.substring(at + 1));
    return checkHost(
        SpfEvaluation.Identity.MAILFROM, client, domain, localPart + "@" + domain, heloName);
  }

  /**
   * Checks the HELO identity (§2.3) with the sender {@code postmaster@HELO}. A HELO that is an
   * address literal or not a multi-label domain name gives none without a lookup.
   */
  public CompletableFuture<SpfEvaluation> checkHelo(InetAddress client, String helo) {
    return checkHelo(SpfEvaluation.Identity.HELO, client, helo == null ? "" : helo);
  }

  private CompletableFuture<SpfEvaluation> checkHelo(
      SpfEvaluation.Identity identity, InetAddress client, String helo) {
    String domain = normalise(helo);
    if (helo.isEmpty() || InetAddresses.isInetAddress(domain) || domain.startsWith("[")) {
      InetAddress canonical = IpAddresses.canonical(client);
      String reason =
          helo.isEmpty()
              ? "no HELO name to check"
              : "the HELO name '" + SpfRecordParser.printable(helo) + "' is not a domain name";
      return CompletableFuture.completedFuture(
          new SpfEvaluation(
              identity,
              SpfResult.NONE,
              "",
              "postmaster@" + domain,
              helo,
              canonical,
              Optional.empty(),
              Optional.empty(),
              Optional.of(reason),
              List.of(reason),
              Duration.ZERO));
    }
    return checkHost(identity, client, domain, "postmaster@" + domain, helo);
  }

  /**
   * Runs check_host() (§4) for the identity: the domain's records decide whether the client may
   * send for the sender. The future always completes normally, with temperror at the deadline.
   */
  public CompletableFuture<SpfEvaluation> checkHost(
      SpfEvaluation.Identity identity,
      InetAddress client,
      String domain,
      String sender,
      String helo) {
    long started = System.nanoTime();
    InetAddress canonical = IpAddresses.canonical(client);
    MacroContext context =
        new MacroContext(
            sender, domain, canonical, helo, "unknown", receiver, clock.instant().getEpochSecond());
    Run run = new Run(canonical, started + deadline.toNanos());
    CompletableFuture<HostResult> result;
    try {
      result = run.checkHost(domain, 0, context, false, true);
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result
        .exceptionally(run::fromException)
        .completeOnTimeout(
            HostResult.error(
                SpfResult.TEMPERROR,
                "evaluation not finished within the deadline of " + deadline.toMillis() + " ms"),
            deadline.toMillis(),
            TimeUnit.MILLISECONDS)
        .thenApply(
            host -> {
              run.finished = true;
              return new SpfEvaluation(
                  identity,
                  host.result(),
                  domain,
                  sender,
                  helo,
                  canonical,
                  host.explanation(),
                  host.matchedTerm(),
                  host.problem(),
                  run.traceSnapshot(),
                  Duration.ofNanos(System.nanoTime() - started));
            });
  }

  /** The result of one check_host() call, inner ones for include and redirect included. */
  private record HostResult(
      SpfResult result,
      Optional<String> matchedTerm,
      Optional<String> explanation,
      Optional<String> problem) {

    static HostResult error(SpfResult result, String problem) {
      return new HostResult(result, Optional.empty(), Optional.empty(), Optional.of(problem));
    }
  }

  /** The state of one evaluation: the limit counters, the deadline and the trace. */
  private final class Run {
    private final InetAddress client;
    private final long deadlineNanos;
    private final List<String> trace = Collections.synchronizedList(new ArrayList<>());
    private int dnsTerms;
    private int voidLookups;
    private volatile boolean finished;

    Run(InetAddress client, long deadlineNanos) {
      this.client = client;
      this.deadlineNanos = deadlineNanos;
    }

    List<String> traceSnapshot() {
      synchronized (trace) {
        return List.copyOf(trace);
      }
    }

    void trace(int depth, String line) {
      if (!finished) {
        trace.add("  ".repeat(depth) + line);
      }
    }

    HostResult fromException(Throwable error) {
      Throwable cause = unwrap(error);
      if (cause instanceof SpfException spf) {
        return HostResult.error(spf.result(), spf.getMessage());
      }
      LOGGER.warn("SPF evaluation failed unexpectedly for client {}", client, cause);
      return HostResult.error(SpfResult.TEMPERROR, "internal error: " + cause);
    }

    /**
     * Runs check_host() of §4 for one domain. {@code countVoid} counts its TXT lookup as a term's
     * (include and redirect); {@code explain} looks up the explanation of a fail, which an include
     * never uses (§6.2).
     */
    CompletableFuture<HostResult> checkHost(
        String domain, int depth, MacroContext context, boolean countVoid, boolean explain) {
      if (!isValidDomain(domain)) {
        String reason =
            "'" + SpfRecordParser.printable(domain) + "' is not a multi-label domain name";
        trace(depth, "check_host " + SpfRecordParser.printable(domain) + ": none, " + reason);
        return CompletableFuture.completedFuture(HostResult.error(SpfResult.NONE, reason));
      }
      trace(depth, "check_host domain=" + domain);
      return lookup(depth, domain, Type.TXT, countVoid)
          .thenCompose(
              answer -> {
                List<String> records = new ArrayList<>();
                for (Record record : answer) {
                  String text = String.join("", ((TXTRecord) record).getStrings());
                  if (SpfRecordParser.isSpfRecord(text)) {
                    records.add(text);
                  }
                }
                if (records.isEmpty()) {
                  trace(depth, "no SPF record at " + domain + ": none");
                  return CompletableFuture.completedFuture(
                      HostResult.error(SpfResult.NONE, "no SPF record at " + domain));
                }
                if (records.size() > 1) {
                  throw SpfException.permerror(
                      records.size()
                          + " SPF records at "
                          + domain
                          + ", at most one is allowed (§4.5)");
                }
                ParsedRecord parsed = SpfRecordParser.parse(records.get(0));
                if (parsed instanceof ParsedRecord.Invalid invalid) {
                  throw SpfException.permerror(
                      "invalid SPF record at " + domain + ": " + invalid.reason());
                }
                SpfRecord record = ((ParsedRecord.Valid) parsed).record();
                return evaluate(record, 0, domain, depth, context, explain);
              });
    }

    /**
     * Evaluates the directives from {@code index} on. Terms without DNS run in this loop, so a
     * record of hundreds of ip4 terms does not nest one future per term.
     */
    private CompletableFuture<HostResult> evaluate(
        SpfRecord record,
        int index,
        String domain,
        int depth,
        MacroContext context,
        boolean explain) {
      int next = index;
      while (next < record.mechanisms().size()) {
        Mechanism mechanism = record.mechanisms().get(next);
        if (mechanism.kind().queriesDns()) {
          break;
        }
        if (matchesWithoutDns(mechanism)) {
          trace(depth, mechanism.text() + ": match");
          return matched(record, mechanism, domain, depth, context, explain);
        }
        next++;
      }
      if (next == record.mechanisms().size()) {
        return afterMechanisms(record, domain, depth, context, explain);
      }
      Mechanism mechanism = record.mechanisms().get(next);
      countDnsTerm(mechanism.text());
      int following = next + 1;
      return matchesWithDns(mechanism, domain, depth, context)
          .thenCompose(
              match -> {
                trace(depth, mechanism.text() + ": " + (match ? "match" : "no match"));
                return match
                    ? matched(record, mechanism, domain, depth, context, explain)
                    : evaluate(record, following, domain, depth, context, explain);
              });
    }

    private CompletableFuture<HostResult> matched(
        SpfRecord record,
        Mechanism mechanism,
        String domain,
        int depth,
        MacroContext context,
        boolean explain) {
      SpfResult result = mechanism.qualifier().result();
      trace(depth, "result " + result.word() + " at " + domain);
      if (result != SpfResult.FAIL || !explain) {
        return CompletableFuture.completedFuture(
            new HostResult(
                result, Optional.of(mechanism.text()), Optional.empty(), Optional.empty()));
      }
      return explanation(record, domain, depth, context)
          .thenApply(
              text ->
                  new HostResult(
                      result, Optional.of(mechanism.text()), Optional.of(text), Optional.empty()));
    }

    /**
     * Applies {@code redirect=} when no directive matched, else the default result neutral (§4.7).
     */
    private CompletableFuture<HostResult> afterMechanisms(
        SpfRecord record, String domain, int depth, MacroContext context, boolean explain) {
      if (record.redirect().isEmpty() || record.hasAll()) {
        trace(depth, "no directive matched: neutral");
        return CompletableFuture.completedFuture(
            new HostResult(
                SpfResult.NEUTRAL, Optional.empty(), Optional.empty(), Optional.empty()));
      }
      String term = "redirect=" + record.redirect().get();
      countDnsTerm(term);
      return target(record.redirect().get(), depth, context)
          .thenCompose(
              target -> {
                if (target.isEmpty()) {
                  throw SpfException.permerror(term + " expands to no valid domain name");
                }
                trace(depth, term + " -> " + target.get());
                return checkHost(
                    target.get(), depth + 1, context.withDomain(target.get()), true, explain);
              })
          .thenApply(
              result -> {
                if (result.result() == SpfResult.NONE) {
                  throw SpfException.permerror(
                      term + " leads to no SPF record: " + result.problem().orElse("none"));
                }
                return result;
              });
    }

    private boolean matchesWithoutDns(Mechanism mechanism) {
      return switch (mechanism.kind()) {
        case ALL -> true;
        case IP4 -> client instanceof Inet4Address
            && inNetwork(
                client.getAddress(), mechanism.network().orElseThrow(), mechanism.ip4Prefix());
        case IP6 -> !(client instanceof Inet4Address)
            && inNetwork(
                client.getAddress(), mechanism.network().orElseThrow(), mechanism.ip6Prefix());
        default -> throw new IllegalStateException(
            "not a mechanism without DNS: " + mechanism.kind());
      };
    }

    private CompletableFuture<Boolean> matchesWithDns(
        Mechanism mechanism, String domain, int depth, MacroContext context) {
      String spec = mechanism.domainSpec().orElse(null);
      CompletableFuture<Optional<String>> target =
          spec == null
              ? CompletableFuture.completedFuture(Optional.of(domain))
              : target(spec, depth, context);
      return target.thenCompose(
          name -> {
            if (name.isEmpty()) {
              if (mechanism.kind() == Mechanism.Kind.INCLUDE) {
                throw SpfException.permerror(mechanism.text() + " expands to no valid domain name");
              }
              trace(depth + 1, mechanism.text() + " expands to no valid domain name");
              return CompletableFuture.completedFuture(false);
            }
            return switch (mechanism.kind()) {
              case A -> matchesAddresses(mechanism, name.get(), depth, true);
              case MX -> matchesMx(mechanism, name.get(), depth);
              case PTR -> validatedNames(depth, true)
                  .thenApply(names -> names.stream().anyMatch(n -> isSubdomain(n, name.get())));
              case EXISTS -> lookup(depth + 1, name.get(), Type.A, true)
                  .thenApply(records -> !records.isEmpty());
              case INCLUDE -> include(mechanism, name.get(), depth, context);
              default -> throw new IllegalStateException(
                  "not a DNS mechanism: " + mechanism.kind());
            };
          });
    }

    /** include (§5.2): pass matches, fail, softfail and neutral do not, none is permerror. */
    private CompletableFuture<Boolean> include(
        Mechanism mechanism, String target, int depth, MacroContext context) {
      return checkHost(target, depth + 1, context.withDomain(target), true, false)
          .thenApply(
              result ->
                  switch (result.result()) {
                    case PASS -> true;
                    case FAIL, SOFTFAIL, NEUTRAL -> false;
                    case NONE -> throw SpfException.permerror(
                        mechanism.text()
                            + " leads to no SPF record: "
                            + result.problem().orElse("none"));
                    case TEMPERROR, PERMERROR -> throw nested(result);
                  });
    }

    /** a (§5.3): the A or AAAA records, by the client's family, within the CIDR length. */
    private CompletableFuture<Boolean> matchesAddresses(
        Mechanism mechanism, String name, int depth, boolean countVoid) {
      boolean ipv4 = client instanceof Inet4Address;
      int prefix = ipv4 ? mechanism.ip4Prefix() : mechanism.ip6Prefix();
      return lookup(depth + 1, name, ipv4 ? Type.A : Type.AAAA, countVoid)
          .thenApply(
              records ->
                  records.stream()
                      .anyMatch(record -> inNetwork(client.getAddress(), address(record), prefix)));
    }

    /** mx (§5.4): at most {@value #MAX_NAMES} MX names, each looked up for A or AAAA. */
    private CompletableFuture<Boolean> matchesMx(Mechanism mechanism, String name, int depth) {
      return lookup(depth + 1, name, Type.MX, true)
          .thenCompose(
              records -> {
                if (records.size() > MAX_NAMES) {
                  throw SpfException.permerror(
                      mechanism.text()
                          + ": "
                          + records.size()
                          + " MX records at "
                          + name
                          + ", more than the "
                          + MAX_NAMES
                          + " allowed (§4.6.4)");
                }
                List<CompletableFuture<Boolean>> checks = new ArrayList<>();
                for (Record record : records) {
                  String exchange = normalise(((MXRecord) record).getTarget().toString());
                  if (exchange.isEmpty()) {
                    continue; // A null MX (RFC 7505) has no address.
                  }
                  checks.add(matchesAddresses(mechanism, exchange, depth + 1, false));
                }
                return anyMatch(checks);
              });
    }

    /**
     * Returns the validated names of the client (§5.5): its PTR names, at most {@value #MAX_NAMES},
     * whose A or AAAA records include the client. A failed PTR lookup gives no names; a failed
     * address lookup skips that name.
     */
    private CompletableFuture<List<String>> validatedNames(int depth, boolean countVoid) {
      String reverse = ReverseMap.fromAddress(client).toString();
      return lookup(depth + 1, reverse, Type.PTR, countVoid)
          .exceptionally(
              error -> {
                if (unwrap(error) instanceof SpfException spf
                    && spf.result() == SpfResult.TEMPERROR) {
                  return List.of();
                }
                throw error instanceof CompletionException completion
                    ? completion
                    : new CompletionException(error);
              })
          .thenCompose(
              records -> {
                List<String> names = new ArrayList<>();
                for (Record record : records) {
                  if (names.size() == MAX_NAMES) {
                    break; // §4.6.4: names past the first ten are ignored.
                  }
                  names.add(normalise(((PTRRecord) record).getTarget().toString()));
                }
                List<CompletableFuture<Optional<String>>> checks = new ArrayList<>();
                boolean ipv4 = client instanceof Inet4Address;
                for (String name : names) {
                  if (!isValidDomain(name)) {
                    continue;
                  }
                  checks.add(
                      lookup(depth + 2, name, ipv4 ? Type.A : Type.AAAA, false)
                          .handle(
                              (addresses, error) ->
                                  error == null
                                          && addresses.stream()
                                              .anyMatch(record -> client.equals(addressOf(record)))
                                      ? Optional.of(name)
                                      : Optional.<String>empty()));
                }
                return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
                    .thenApply(
                        done ->
                            checks.stream()
                                .map(CompletableFuture::join)
                                .flatMap(Optional::stream)
                                .toList());
              });
    }

    /**
     * Expands a domain-spec to a target name (§4.8): labels are dropped on the left until the name
     * fits in {@value #MAX_DOMAIN_LENGTH} characters. Returns empty when the result is not a valid
     * domain name, such as after a macro expanded to an empty label.
     */
    private CompletableFuture<Optional<String>> target(
        String spec, int depth, MacroContext context) {
      CompletableFuture<MacroContext> expanded =
          MacroExpander.usesValidatedName(spec)
              ? validatedNames(depth, false)
                  .thenApply(
                      names -> context.withValidatedName(preferredName(names, context.domain())))
              : CompletableFuture.completedFuture(context);
      return expanded.thenApply(
          ready -> {
            String name = normalise(MacroExpander.expand(spec, ready, false));
            while (name.length() > MAX_DOMAIN_LENGTH && name.indexOf('.') >= 0) {
              name = name.substring(name.indexOf('.') + 1);
            }
            return isValidDomain(name) ? Optional.of(name) : Optional.empty();
          });
    }

    /**
     * The explanation of a fail (§6.2), or the default one when {@code exp=} gives nothing usable.
     */
    private CompletableFuture<String> explanation(
        SpfRecord record, String domain, int depth, MacroContext context) {
      MacroContext here = context.withDomain(domain);
      String fallback = expandExplanation(DEFAULT_EXPLANATION, here);
      if (record.explanation().isEmpty()) {
        return CompletableFuture.completedFuture(fallback);
      }
      return target(record.explanation().get(), depth, here)
          .thenCompose(
              target -> {
                if (target.isEmpty()) {
                  return CompletableFuture.completedFuture(fallback);
                }
                return lookup(depth + 1, target.get(), Type.TXT, false)
                    .thenCompose(
                        records -> {
                          if (records.size() != 1) {
                            trace(depth, "exp: " + records.size() + " TXT records, default used");
                            return CompletableFuture.completedFuture(fallback);
                          }
                          String text = String.join("", ((TXTRecord) records.get(0)).getStrings());
                          if (!MacroExpander.usesValidatedName(text)) {
                            return CompletableFuture.completedFuture(expandExplanation(text, here));
                          }
                          return validatedNames(depth, false)
                              .thenApply(
                                  names ->
                                      expandExplanation(
                                          text,
                                          here.withValidatedName(preferredName(names, domain))));
                        });
              })
          .exceptionally(
              error -> {
                trace(depth, "exp not usable (" + unwrap(error).getMessage() + "), default used");
                return fallback;
              });
    }

    private String expandExplanation(String text, MacroContext context) {
      return SpfRecordParser.printable(MacroExpander.expand(text, context, true));
    }

    private void countDnsTerm(String term) {
      dnsTerms++;
      if (dnsTerms > MAX_DNS_TERMS) {
        throw SpfException.permerror(
            "more than "
                + MAX_DNS_TERMS
                + " DNS-querying terms, at '"
                + SpfRecordParser.printable(term)
                + "' (§4.6.4)");
      }
    }

    /**
     * Looks up records of one type for the walk. Failures become temperror; NXDOMAIN and no records
     * give an empty list and, when {@code countVoid} is set, count as a void lookup.
     */
    private CompletableFuture<List<Record>> lookup(
        int depth, String name, int type, boolean countVoid) {
      if (System.nanoTime() - deadlineNanos > 0 || finished) {
        return CompletableFuture.failedFuture(
            SpfException.temperror("deadline reached before the lookup of " + name));
      }
      return resolver
          .lookup(name, type)
          .thenApply(
              result -> {
                trace(depth, describe(result));
                if (result.isFailure()) {
                  throw SpfException.temperror(
                      "DNS lookup of "
                          + name
                          + " "
                          + Type.string(type)
                          + " failed: "
                          + result.outcome());
                }
                if (result instanceof DnsResult.Answer answer) {
                  return answer.records();
                }
                if (countVoid) {
                  voidLookups++;
                  if (voidLookups > voidLookupLimit) {
                    throw SpfException.permerror(
                        "more than "
                            + voidLookupLimit
                            + " void lookups, at "
                            + name
                            + " "
                            + Type.string(type)
                            + " (§4.6.4)");
                  }
                }
                return List.<Record>of();
              });
    }
  }

  /** Returns the exception that passes an include's temperror or permerror up with its reason. */
  private static SpfException nested(HostResult result) {
    String problem = result.problem().orElse(result.result().word());
    return result.result() == SpfResult.TEMPERROR
        ? SpfException.temperror(problem)
        : SpfException.permerror(problem);
  }

  private static CompletableFuture<Boolean> anyMatch(List<CompletableFuture<Boolean>> checks) {
    return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
        .thenApply(done -> checks.stream().anyMatch(CompletableFuture::join));
  }

  private static String describe(DnsResult result) {
    StringBuilder line =
        new StringBuilder(Type.string(result.type()))
            .append(' ')
            .append(result.name())
            .append(" -> ")
            .append(result.outcome());
    if (result instanceof DnsResult.Answer answer) {
      for (Record record : answer.records()) {
        String text = SpfRecordParser.printable(record.rdataToString());
        line.append(' ')
            .append(
                text.length() > MAX_TRACE_TEXT ? text.substring(0, MAX_TRACE_TEXT) + "..." : text);
      }
    }
    return line.toString();
  }

  /** Returns whether the name equals the domain or is one of its subdomains. */
  private static boolean isSubdomain(String name, String domain) {
    return name.equals(domain) || name.endsWith("." + domain);
  }

  /** Picks the {@code %{p}} value: a validated name within the domain, else any, else unknown. */
  private static String preferredName(List<String> names, String domain) {
    return names.stream()
        .filter(name -> isSubdomain(name, domain))
        .findFirst()
        .or(() -> names.stream().findFirst())
        .orElse("unknown");
  }

  private static byte[] address(Record record) {
    return addressOf(record).getAddress();
  }

  private static InetAddress addressOf(Record record) {
    if (record instanceof ARecord a) {
      return a.getAddress();
    }
    return ((AAAARecord) record).getAddress();
  }

  /** Returns whether the first {@code prefix} bits of the address equal those of the network. */
  static boolean inNetwork(byte[] address, byte[] network, int prefix) {
    if (address.length != network.length) {
      return false;
    }
    int fullBytes = prefix / 8;
    for (int index = 0; index < fullBytes; index++) {
      if (address[index] != network[index]) {
        return false;
      }
    }
    int remainingBits = prefix % 8;
    if (remainingBits == 0) {
      return true;
    }
    int mask = (0xff << (8 - remainingBits)) & 0xff;
    return (address[fullBytes] & mask) == (network[fullBytes] & mask);
  }

  /** Lower-cases a domain and drops one final dot. */
  static String normalise(String domain) {
    String lower = domain.trim().toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  /**
   * Returns whether the name is a multi-label domain name with labels of 1 to 63 characters and at
   * most {@value #MAX_DOMAIN_LENGTH} characters (§4.3). Underscores are allowed, as in {@code
   * _spf.example.com}.
   */
  static boolean isValidDomain(String name) {
    if (name.isEmpty() || name.length() > MAX_DOMAIN_LENGTH || name.indexOf('.') < 0) {
      return false;
    }
    for (String label : name.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
