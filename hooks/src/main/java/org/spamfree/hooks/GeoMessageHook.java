package org.spamfree.hooks;

import javax.inject.Inject;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.spamfree.core.geo.GeoAttributes;
import org.spamfree.core.geo.GeoResult;

/**
 * Copies the connection's geo lookup into the {@link GeoAttributes} mail attributes at the end of
 * DATA, for every message (relayed ones too), so matchers and the {@code AddGeoHeaders} mailet can
 * use it. It never decides: it always returns DECLINED.
 */
public class GeoMessageHook implements JamesMessageHook {

  @Inject
  public GeoMessageHook() {}

  @Override
  public HookResult onMessage(SMTPSession session, Mail mail) {
    GeoSession.of(session).ifPresent(result -> setAttributes(mail, result));
    return HookResult.DECLINED;
  }

  static void setAttributes(Mail mail, GeoResult result) {
    result
        .countryCode()
        .ifPresent(
            code -> mail.setAttribute(attribute(GeoAttributes.COUNTRY, AttributeValue.of(code))));
    result
        .noCountryReason()
        .ifPresent(
            reason ->
                mail.setAttribute(
                    attribute(GeoAttributes.NO_COUNTRY_REASON, AttributeValue.of(reason))));
    result
        .autonomousSystem()
        .ifPresent(
            system -> {
              mail.setAttribute(attribute(GeoAttributes.ASN, AttributeValue.of(system.number())));
              system
                  .organization()
                  .ifPresent(
                      name ->
                          mail.setAttribute(
                              attribute(GeoAttributes.AS_ORGANIZATION, AttributeValue.of(name))));
            });
  }

  private static Attribute attribute(String name, AttributeValue<?> value) {
    return new Attribute(AttributeName.of(name), value);
  }
}
