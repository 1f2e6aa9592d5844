// Package limit holds what keeps a listener's clients, hostile or
// broken, from holding more of the daemon than their share: connection
// slots in all and per address with command and DATA deadlines (Conns),
// a memory budget for message bytes in flight (Budget), a per-address
// message rate (Rate) and growing delays for failed sign-ins
// (AuthThrottle). Each is safe for concurrent use and knows nothing of
// mail; package smtpd answers, logs and counts what they refuse.
package limit
