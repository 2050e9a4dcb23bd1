package org.spamfree.core.helo;

/**
 * Names of the symbols that the HELO/EHLO checks emit. {@link HeloAnalyzer} returns all of them
 * except {@link #HELO_MISSING}, which the SMTP hook emits itself.
 *
 * <p>RFC 5321 §4.1.4 forbids rejecting a session only because the HELO argument does not match the
 * client, so these symbols add to the score and never reject a message alone.
 */
public final class HeloSymbols {

  /**
   * The argument is neither a {@code Domain} nor an {@code address-literal} (RFC 5321 §4.1.1.1,
   * §4.1.2 and §4.1.3). A General-address-literal counts as invalid because RFC 5321 §4.1.3 allows
   * only tags from a Standards-Track RFC, and {@code IPv6} is the only such tag.
   */
  public static final String HELO_SYNTAX_INVALID = "HELO_SYNTAX_INVALID";

  /**
   * The argument is an IPv4 or IPv6 address without the square brackets and tag that RFC 5321
   * §4.1.3 requires for an address literal.
   */
  public static final String HELO_BARE_IP = "HELO_BARE_IP";

  /**
   * The argument is a valid address literal (RFC 5321 §4.1.3) whose address differs from the
   * client's address. RFC 5321 §2.3.5 and §4.1.1.1 let a client without a meaningful name send an
   * address literal, which is then the client's own address.
   */
  public static final String HELO_LITERAL_MISMATCH = "HELO_LITERAL_MISMATCH";

  /**
   * The argument is a domain with a single label other than {@code localhost}. RFC 5321 §4.1.1.1
   * requires the client's primary host name, a fully qualified domain, in HELO and EHLO.
   */
  public static final String HELO_SINGLE_LABEL = "HELO_SINGLE_LABEL";

  /**
   * The argument names the loopback host: {@code localhost} or a name under it (RFC 6761 §6.3), a
   * common {@code /etc/hosts} alias such as {@code localhost.localdomain}, or a loopback address. A
   * remote client cannot be the loopback host, so the name cannot be its primary host name (RFC
   * 5321 §4.1.1.1).
   */
  public static final String HELO_LOCALHOST = "HELO_LOCALHOST";

  /**
   * The argument is a host name or address of this server, a protected domain or a name under a
   * protected domain. A remote client that uses this server's identity is forging it (RFC 5321
   * §4.1.1.1 requires the client's own name).
   */
  public static final String HELO_CLAIMS_LOCAL = "HELO_CLAIMS_LOCAL";

  /**
   * The client sent MAIL before any HELO or EHLO, which RFC 5321 §4.1.4 requires to open a session.
   * The SMTP hook emits this symbol, {@link HeloAnalyzer} never does.
   */
  public static final String HELO_MISSING = "HELO_MISSING";

  private HeloSymbols() {}
}
