package org.spamfree.server;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import org.apache.james.smtpserver.netty.SMTPServerFactory;

/**
 * Makes every server of {@code conf/smtpserver.xml} a {@link LineLengthSmtpServer}, which rejects a
 * message with an over-long line instead of accepting it without that line. Used through {@code
 * overrideWith}, in place of the factory binding of James's {@code SMTPServerModule}.
 */
public class LineLengthSmtpModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(LineLengthSmtpServerFactory.class).in(Scopes.SINGLETON);
    bind(SMTPServerFactory.class).to(LineLengthSmtpServerFactory.class);
  }
}
