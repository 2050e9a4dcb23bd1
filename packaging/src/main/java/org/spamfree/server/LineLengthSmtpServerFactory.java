package org.spamfree.server;

import javax.inject.Inject;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.lib.handler.ProtocolHandlerLoader;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SMTPServerFactory;

/**
 * James's SMTP server factory, configured from {@code conf/smtpserver.xml} as before, that creates
 * {@link LineLengthSmtpServer}s.
 */
public class LineLengthSmtpServerFactory extends SMTPServerFactory {

  @Inject
  public LineLengthSmtpServerFactory(
      DNSService dns,
      ProtocolHandlerLoader loader,
      FileSystem fileSystem,
      MetricFactory metricFactory) {
    super(dns, loader, fileSystem, metricFactory);
  }

  @Override
  protected SMTPServer createServer() {
    return new LineLengthSmtpServer(smtpMetrics);
  }
}
