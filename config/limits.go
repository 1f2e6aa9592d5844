package config

import "time"

// Defaults of the [smtp] keys that bound what hostile or broken clients
// can hold: memory, connection slots and time.
const (
	// DefaultMemoryBudget is the memory all SMTP sessions together may
	// hold with messages at once. It is raised to MessageCost times
	// max_message_size when that is larger, so a largest message fits.
	DefaultMemoryBudget = 256 << 20
	// MessageCost is how many times its size a message costs in memory
	// while it is read, parsed and stored: the read buffer, the store's
	// copy in its commit and the database's copy when it grows its map
	// (measured in BENCHMARKS.md).
	MessageCost                = 3
	DefaultMaxConnectionsPerIP = 20
	DefaultCommandTimeout      = time.Minute
	DefaultDataTimeout         = 10 * time.Minute
)

// limits reads the [smtp] keys that bound memory, connections and time
// into s, after smtp has read max_message_size and max_connections.
func (c *checker) limits(f *fileSMTP, s *SMTP) {
	k := func(name string) []string { return []string{"smtp", name} }
	least := MessageCost * s.MaxMessageSize
	s.MemoryBudget = c.size(k("memory_budget"), f.MemoryBudget, max(DefaultMemoryBudget, least))
	if s.MemoryBudget < least {
		c.errorf(k("memory_budget"), "memory_budget %q is below %d times max_message_size (%d bytes), so the largest message could never be taken; raise it or lower max_message_size", f.MemoryBudget, MessageCost, least)
	}
	s.MaxConnectionsPerIP = c.positive(k("max_connections_per_ip"), f.MaxConnectionsPerIP, min(DefaultMaxConnectionsPerIP, s.MaxConnections))
	if s.MaxConnectionsPerIP > s.MaxConnections {
		c.errorf(k("max_connections_per_ip"), "max_connections_per_ip is %d, above max_connections (%d); lower it to at most %[2]d", s.MaxConnectionsPerIP, s.MaxConnections)
	}
	s.CommandTimeout = c.duration(k("command_timeout"), f.CommandTimeout, DefaultCommandTimeout)
	s.DataTimeout = c.duration(k("data_timeout"), f.DataTimeout, DefaultDataTimeout)
}
