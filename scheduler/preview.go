package scheduler

import (
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/schedule"
)

// Preview returns what member m would get of kind (config.KindDigest
// or config.KindPrompt) at instant at, as the scheduler would build it:
// the exact message, or one line saying why nothing would be sent (a
// day off, an away date, an out-of-office reply, nothing new, already
// posted). It queues nothing and moves no watermark.
func (sc *Scheduler) Preview(kind string, m *config.Member, at time.Time) ([]byte, error) {
	cfg := sc.Config()
	day := schedule.DateOf(at.In(m.Location))
	nothing := func(why string) []byte {
		return fmt.Appendf(nil, "nothing would be sent to %s at %s: %s\n", m.Email, at.In(m.Location).Format("Mon 2006-01-02 15:04 MST"), why)
	}
	if why, err := sc.notReached(cfg, m, at, day); err != nil || why != "" {
		return nothing(why), err
	}
	if kind == config.KindPrompt {
		j := &job{kind: config.KindPrompt, team: m.Teams[0], member: m, next: at, day: day}
		q, err := sc.buildPrompt(cfg, j, at, slog.New(slog.DiscardHandler))
		if err != nil || q == nil {
			return nothing("they have posted to each of their teams that day"), err
		}
		return q.Out.Raw, nil
	}
	raw, empty, err := sc.PreviewDigest(m, at)
	if err == nil && empty && !sendEmpty(m) {
		return nothing("nothing new since their last digest"), nil
	}
	return raw, err
}

// notReached says why m hears nothing from Baton on their local date
// day: not a workday of their first team, an away date in the config,
// or an out-of-office reply; "" when they would.
func (sc *Scheduler) notReached(cfg *config.Config, m *config.Member, at time.Time, day schedule.Date) (string, error) {
	t := m.Teams[0]
	switch {
	case !t.Workdays[day.Weekday()]:
		return fmt.Sprintf("%s is not a workday of team %s", day.Weekday(), t.Name), nil
	case slices.Contains(m.Away, day):
		return fmt.Sprintf("they are away on %s (away in the config)", day), nil
	}
	list, err := sc.DB.ListAway()
	if err != nil {
		return "", err
	}
	if until, ok := awayUntil(cfg, list, at)[m.Email]; ok {
		return fmt.Sprintf("they are away until %s (their out-of-office reply)", until), nil
	}
	return "", nil
}
