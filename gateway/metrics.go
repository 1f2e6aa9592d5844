package gateway

// gauges registers the gauges read from the daemon's state when
// /metrics is scraped: the outbound queue, the IMAP lag and the SMTP
// memory budget. [smtp] changes wait for a restart.
func (g *Gateway) gauges() {
	m := g.Metrics
	m.Gauge("outbound_queue_depth", "Outbound messages queued and not yet sent or failed.", func() float64 {
		q, err := g.DB.Queued()
		if err != nil {
			return -1
		}
		return float64(len(q))
	})
	m.Gauge("imap_lag_seconds", "Seconds since the IMAP mailbox was last polled; 0 without [imap].", func() float64 {
		return g.imap.Lag().Seconds()
	})
	mem := g.smtp.Mem
	m.Gauge("smtp_inflight_bytes", "Message bytes reserved by SMTP sessions now, out of memory_budget.", func() float64 {
		used, _ := mem.State()
		return float64(used)
	})
	m.Gauge("smtp_inflight_waiting", "SMTP sessions waiting for memory_budget to take their message.", func() float64 {
		_, waiting := mem.State()
		return float64(waiting)
	})
	m.Gauge("smtp_memory_budget_bytes", "The memory_budget in force.", func() float64 { return float64(mem.Total()) })
}
