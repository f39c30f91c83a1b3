/**
 * Setting up speech: the worker the admin chose on the Speech page (one this app installs, runs and supervises on
 * this machine, or a remote one such as Modal), and what the pages tell people about it.
 */
package app.utter.speech;
