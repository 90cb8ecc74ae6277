/**
 * Running notify scripts for real: {@link io.tandem.notify.script.ProcessScriptRunner} starts each
 * script in its own session (setsid), optionally as another user (setpriv), with a timeout that
 * kills the whole process group, and captures bounded output; {@link
 * io.tandem.notify.script.ScriptSecurity} is the config-time check that refuses scripts an
 * unprivileged user could change. Edge: processes and the file system.
 */
package io.tandem.notify.script;
