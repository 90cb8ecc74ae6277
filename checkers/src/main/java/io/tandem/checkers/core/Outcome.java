package io.tandem.checkers.core;

/** Why a probe attempt ended the way it did. Exactly one, {@link #OK}, means the target passed. */
public enum Outcome {
  /** The target answered as expected. */
  OK,
  /** TCP RST to our SYN, or ICMP port unreachable to a UDP probe. */
  REFUSED,
  /** No (complete) answer within the check's timeout. */
  TIMEOUT,
  /** The connection was reset while we were talking. */
  RESET,
  /** The peer closed the connection before the answer was complete. */
  PREMATURE_CLOSE,
  /** No route, host or network unreachable. */
  UNREACHABLE,
  /** The HTTP status is not one of the expected codes. */
  BAD_STATUS,
  /** The MD5 of the HTTP body differs from the configured digest. */
  DIGEST_MISMATCH,
  /** The HTTP body does not match the configured regular expression. */
  REGEX_MISMATCH,
  /** The body is larger than the configured bound, so a digest or regex cannot be checked. */
  BODY_TOO_LARGE,
  /** TLS handshake failed (untrusted or mismatched certificate, protocol error). */
  TLS_ERROR,
  /** The answer broke the protocol: malformed HTTP, DNS, SMTP or ICMP. */
  PROTOCOL_ERROR,
  /** A reply arrived but not the expected one (UDP reply prefix, SMTP reply code). */
  BAD_REPLY,
  /** The DNS rcode is not one of the expected ones. */
  BAD_RCODE,
  /** The DNS reply carries no answer of the asked type. */
  NO_ANSWER,
  /** No process matches (track_process). */
  NOT_RUNNING,
  /** The script exited with a status meaning down. */
  EXIT_STATUS,
  /** The file is missing, unreadable, or holds neither a weight nor up/down. */
  BAD_CONTENT,
  /** The file says down (a "down" word or a negative weight). */
  MARKED_DOWN,
  /** Any other local I/O failure (cannot bind the source address, cannot start the script...). */
  IO_ERROR,
  /** A bug or unexpected exception in the prober itself; counted and logged, never hidden. */
  INTERNAL_ERROR;
}
