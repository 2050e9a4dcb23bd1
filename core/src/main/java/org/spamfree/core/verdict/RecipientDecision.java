package org.spamfree.core.verdict;

/** The action chosen for one recipient, with the policy that chose it. */
public record RecipientDecision(String recipient, String domain, Policy policy, Action action) {}
