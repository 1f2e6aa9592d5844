package smtpd

// Limits on what SMTP clients, hostile or broken, can hold of the
// daemon; the mechanisms are package limit's, the answers this package's:
//
//   - memory: message bytes in flight across all sessions stay under
//     [smtp] memory_budget. A session reserves its message's declared
//     SIZE, or max_message_size without one, when DATA starts; past the
//     budget it waits its turn (the client is held by TCP flow control)
//     and after budgetWait gets 452 4.3.1. The message is read into a
//     buffer of exactly its size (data.go).
//   - bounces (the null sender) need no membership, so they are taken
//     only up to maxBounceSize.
//   - connection slots: max_connections in all, max_connections_per_ip
//     from one address; a connection past either gets 421 (limit.Conns).
//   - time: a whole command line within command_timeout of its first
//     byte, a whole DATA within data_timeout, and read_timeout of
//     silence between commands (limit.Conn).
//   - password guessing on the submission listener: growing delays per
//     address and per account (limit.AuthThrottle, auththrottle.go).
//
// Each limit answers with a reply that says what happened, logs one
// line and counts baton_messages_refused_total{reason=...}.
