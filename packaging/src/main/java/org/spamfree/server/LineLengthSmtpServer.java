package org.spamfree.server;

import io.netty.channel.ChannelInboundHandlerAdapter;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.ChannelHandlerFactory;
import org.apache.james.protocols.smtp.SMTPConfiguration;
import org.apache.james.protocols.smtp.SMTPProtocol;
import org.apache.james.smtpserver.ExtendedSMTPSession;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SmtpMetrics;

/**
 * James 3.8.1's SMTP server with a defined reply to lines longer than {@link #MAX_LINE_LENGTH}.
 *
 * <p>James replies to such a line with {@code 500 Line length exceeded} at once and goes on without
 * it. In DATA that reply arrives before the final dot, so a pipelining client takes it for the
 * reply to its message, while the server queues the message without the line and sends 250 one
 * reply late. Here an over-long line in DATA makes the server reject the whole message with one
 * reply to the final dot, and an over-long command line gets one 500 reply. Everything else,
 * including the handler chain and James's STARTTLS checks in the line decoder, stays as in {@link
 * SMTPServer}.
 */
public class LineLengthSmtpServer extends SMTPServer {

  /**
   * Maximum line length in bytes, not counting the CRLF: James's limit. RFC 5321 section 4.5.3.1
   * requires receivers to accept lines of 1000 bytes with the CRLF and recommends no limit at all.
   */
  static final int MAX_LINE_LENGTH = AbstractChannelPipelineFactory.MAX_LINE_LENGTH;

  private final SmtpMetrics metrics;
  private SMTPProtocol protocol;

  LineLengthSmtpServer(SmtpMetrics metrics) {
    super(metrics);
    this.metrics = metrics;
  }

  @Override
  protected void preInit() throws Exception {
    super.preInit();
    // SMTPServer keeps its protocol private, so the core handler gets an equivalent one: the
    // configured handler chain and James's ExtendedSMTPSession, whose configuration reads this
    // server's settings.
    SMTPConfiguration configuration = new SMTPHandlerConfigurationDataImpl();
    protocol =
        new SMTPProtocol(getProtocolHandlerChain(), configuration) {
          @Override
          public ProtocolSession newSession(ProtocolTransport transport) {
            return new ExtendedSMTPSession(configuration, transport);
          }
        };
  }

  @Override
  protected ChannelHandlerFactory createFrameHandlerFactory() {
    return LineLengthFrameDecoder::new;
  }

  @Override
  protected ChannelInboundHandlerAdapter createCoreHandler() {
    return new LineLengthChannelInboundHandler(protocol, getEncryption(), proxyRequired, metrics);
  }
}
