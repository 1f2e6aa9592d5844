package scheduler

import (
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/schedule"
	"github.com/baton-mail/baton/store"
)

// loadStates reads the item states of the window's updates, which
// decisions each reply superseded, and who is away.
func (sc *Scheduler) loadStates(w *window) error {
	w.states, w.replacedBy = map[uint64][]store.State{}, map[uint64][]store.State{}
	var err error
	if w.away, err = sc.DB.ListAway(); err != nil || len(w.updates) == 0 {
		return err
	}
	return sc.DB.ListStates(w.firstID-1, func(s *store.State) bool {
		w.states[s.Update] = append(w.states[s.Update], *s)
		if s.Kind == store.ItemDecision && s.State == store.StateSuperseded {
			w.replacedBy[s.Reply] = append(w.replacedBy[s.Reply], *s)
		}
		return true
	})
}

// state returns the state of item i of kind in update id, if changed.
func (w *window) state(id uint64, kind string, i int) *store.State {
	for j := range w.states[id] {
		if s := &w.states[id][j]; s.Kind == kind && s.Item == i {
			return s
		}
	}
	return nil
}

// awayUntil returns the first day back of members away by their own
// reply on their local date of at, by address.
func awayUntil(cfg *config.Config, list []store.Away, at time.Time) map[string]schedule.Date {
	out := map[string]schedule.Date{}
	for _, a := range list {
		m := cfg.Member(a.Member)
		if m == nil {
			continue
		}
		until, err := schedule.ParseDate(a.Until)
		if err == nil && schedule.DateOf(at.In(m.Location)).Compare(until) < 0 {
			out[m.Email] = until
		}
	}
	return out
}
