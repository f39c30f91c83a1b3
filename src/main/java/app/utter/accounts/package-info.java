/**
 * Accounts: sign-up, sign-in, the first visitor's admin setup, invitations, API keys and per-person limits.
 * Other features learn who a request acts for through {@link app.utter.accounts.Owner}, and check their
 * limits through {@link app.utter.accounts.UsageLimits}.
 */
package app.utter.accounts;
