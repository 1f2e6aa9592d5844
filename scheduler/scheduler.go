// Package scheduler sends each member their check-in prompt and their
// digest at their own local times: it plans one job of each per member
// (config.Team.Next), sleeps on the clock until the earliest, builds the
// mail from the store (a window of recent updates shared by every
// digest of one instant) and queues it for the sender under (kind,
// member, local date), so nothing goes twice for one date.
package scheduler

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/digest"
	"github.com/baton-mail/baton/internal/clock"
	"github.com/baton-mail/baton/internal/env"
	"github.com/baton-mail/baton/internal/outmail"
	"github.com/baton-mail/baton/schedule"
	"github.com/baton-mail/baton/store"
	"github.com/baton-mail/baton/token"
)

// Scheduler plans, builds and queues prompts and digests.
type Scheduler struct {
	*env.Env
	poke   func()        // wakes the sender once mail is queued
	reload chan struct{} // the config changed

	win *window // the updates window of the last pass; only Run's goroutine uses it
	// enqueue is DB.Enqueue; a test makes it fail as a failing disk would.
	enqueue func(...*store.Queueing) error
}

// New returns a scheduler; poke, if not nil, is called after mail is
// queued.
func New(e *env.Env, poke func()) *Scheduler {
	if poke == nil {
		poke = func() {}
	}
	return &Scheduler{Env: e, poke: poke, reload: make(chan struct{}, 1), enqueue: e.DB.Enqueue}
}

// Reload tells Run that the config in force changed: it plans again.
func (sc *Scheduler) Reload() {
	select {
	case sc.reload <- struct{}{}:
	default:
	}
}

// job is one member's next prompt or digest, each across their teams
// and on the rhythm of their first team: one of each a day.
type job struct {
	kind   string
	team   *config.Team
	member *config.Member
	next   time.Time
	day    schedule.Date
}

// Run sends prompts and digests at each member's local times
// until ctx ends. It computes every job's next instant and sleeps until
// the earliest. On start, anything missed by less than the grace period
// runs at once; each message is queued under (kind, member, local date)
// so nothing runs twice for one date, across restarts too. A digest
// missed by more is folded into the next one: its watermark never moved.
// A job whose mail could not be built or queued (the store failing) is
// tried again every retryDue until it is queued or its grace runs out.
func (sc *Scheduler) Run(ctx context.Context) {
	cfg := sc.Config()
	jobs := plan(cfg, sc.Clock.Now().Add(-cfg.Grace))
	var failed []*job
	for {
		now := sc.Clock.Now()
		due := sc.stillDue(failed, now, cfg.Grace)
		var earliest time.Time
		for _, j := range jobs {
			for !j.next.IsZero() && !j.next.After(now) {
				d := *j
				due = append(due, &d)
				j.next, j.day = j.team.Next(j.member, j.kind, j.next)
			}
			if !j.next.IsZero() && (earliest.IsZero() || j.next.Before(earliest)) {
				earliest = j.next
			}
		}
		if failed = nil; len(due) > 0 {
			failed = sc.runDue(cfg, due, now)
		}
		if len(failed) > 0 && (earliest.IsZero() || now.Add(retryDue).Before(earliest)) {
			earliest = now.Add(retryDue)
		}
		wait := clock.Forever
		if !earliest.IsZero() {
			wait = earliest.Sub(now)
		}
		timer, stop := sc.Clock.Timer(wait)
		select {
		case <-ctx.Done():
		case <-sc.reload:
			cfg = sc.Config()
			jobs, failed = plan(cfg, sc.Clock.Now()), nil
			sc.win = nil // a member added may need updates from further back
		case <-timer:
		}
		stop()
		if ctx.Err() != nil {
			return
		}
	}
}

// A check-in prompt sent late (missed while Baton was down) is skipped
// when it would reach the member between nightStarts and nightEnds,
// their local hours; a late digest still goes, as it is their news.
const nightStarts, nightEnds = 21, 7

// retryDue is how long a job whose mail could not be queued waits
// before it is tried again.
const retryDue = time.Minute

// stillDue returns the failed jobs to try again at now: those whose
// grace has not run out; the others are given up, with an error for
// the admin.
func (sc *Scheduler) stillDue(failed []*job, now time.Time, grace time.Duration) []*job {
	var due []*job
	for _, j := range failed {
		if now.Sub(j.next) > grace {
			sc.Log.Error(j.kind+" not sent: it could not be queued within the grace period", "member", j.member.Email, "team", j.team.Name, "local_date", j.day.String(), "due", j.next)
			continue
		}
		due = append(due, j)
	}
	return due
}

// plan lists every job with its first instant after `after`.
func plan(cfg *config.Config, after time.Time) []*job {
	var jobs []*job
	seen := map[string]bool{}
	for _, t := range cfg.Teams {
		for _, m := range t.Members {
			if !seen[m.Email] {
				seen[m.Email] = true
				jobs = append(jobs, &job{kind: config.KindPrompt, team: t, member: m}, &job{kind: config.KindDigest, team: t, member: m})
			}
		}
	}
	for _, j := range jobs {
		j.next, j.day = j.team.Next(j.member, j.kind, after)
	}
	return jobs
}

// queueBatch bounds the composed mail one commit of runDue holds: the
// digests due at one instant commit together, a few tens of MB at a
// time, so memory stays flat however many members share the instant.
const queueBatch = 32 << 20

// runDue builds the messages of every job due at now and queues them,
// in as few commits as queueBatch allows. It returns the jobs whose
// mail could not be built or queued.
func (sc *Scheduler) runDue(cfg *config.Config, due []*job, now time.Time) (failed []*job) {
	var qs []*store.Queueing
	var logs []*slog.Logger
	var batch []*job
	size := 0
	list, err := sc.DB.ListAway()
	if err != nil {
		sc.Log.Error("read out-of-office records", "err", err)
	}
	away := awayUntil(cfg, list, now)
	flush := func() {
		if len(qs) == 0 {
			return
		}
		if err := sc.enqueue(qs...); err != nil {
			sc.Log.Error("queue scheduled mail; trying again", "err", err, "messages", len(qs))
			failed = append(failed, batch...)
		} else {
			for i, q := range qs {
				if !q.Existed {
					logs[i].Info(q.Out.Kind+" queued", "out_id", q.Out.ID)
				}
			}
			sc.poke()
		}
		qs, logs, batch, size = nil, nil, nil, 0
	}
	for _, j := range due {
		log := sc.Log.With("kind", j.kind, "member", j.member.Email, "team", j.team.Name, "local_date", j.day.String())
		if until, ok := away[j.member.Email]; ok {
			log.Info(j.kind+" skipped: away by an out-of-office reply", "until", until.String())
			continue
		}
		q, err := sc.build(cfg, j, now, log)
		if err != nil {
			log.Error("build failed; trying again", "err", err)
			failed = append(failed, j)
			continue
		}
		if q != nil {
			qs, logs, batch, size = append(qs, q), append(logs, log), append(batch, j), size+len(q.Out.Raw)
			if size >= queueBatch {
				flush()
			}
		}
	}
	flush()
	return failed
}

// build makes the message one job sends, or nil when there is nothing
// to send.
func (sc *Scheduler) build(cfg *config.Config, j *job, now time.Time, log *slog.Logger) (*store.Queueing, error) {
	r := j.team.Rhythm(j.member, j.kind)
	local := now.In(j.member.Location)
	if !r.InWorkHours(schedule.Clock{Hour: local.Hour(), Minute: local.Minute()}) {
		log.Info("skipped: outside the member's working hours", "due", j.next)
		return nil, nil
	}
	if j.kind == config.KindPrompt && now.Sub(j.next) > retryDue && (local.Hour() >= nightStarts || local.Hour() < nightEnds) {
		log.Info("prompt skipped: missed, and it is night for the member", "due", j.next)
		return nil, nil
	}
	if j.kind == config.KindPrompt {
		return sc.buildPrompt(cfg, j, now, log)
	}
	w, err := sc.window(now)
	if err != nil {
		return nil, err
	}
	rd, mark, err := sc.buildDigest(cfg, j.member, now, j.day, w)
	if err != nil {
		return nil, err
	}
	if rd.Empty && !sendEmpty(j.member) {
		log.Info("digest skipped: nothing happened")
		return nil, nil
	}
	o, err := sc.outbound(cfg, j.member, config.KindDigest, digestPrefix+j.member.Email+"/"+j.day.String(), rd, now)
	if err != nil {
		return nil, err
	}
	return &store.Queueing{Out: o, Mark: &mark}, nil
}

// buildPrompt makes a member's one check-in prompt of the day: for
// their first team, and under their own names the other teams they have
// not posted to yet today.
func (sc *Scheduler) buildPrompt(cfg *config.Config, j *job, now time.Time, log *slog.Logger) (*store.Queueing, error) {
	var ask []*config.Team
	for _, t := range j.member.Teams {
		if !sc.postedOn(t, j.member, j.day) {
			ask = append(ask, t)
		}
	}
	if len(ask) == 0 {
		log.Info("prompt skipped: already posted today")
		return nil, nil
	}
	in := digest.PromptInput{
		Member: person(j.member), Team: ask[0].Name, ListID: j.team.ListID(cfg.Domain), Questions: questions(ask[0]),
		ReplyTo: sc.Tokens.Signer(j.member.Email).Addr(ask[0].Address, cfg.Domain, token.Prompt, 0),
		Domain:  cfg.Domain, At: now, Day: j.day,
	}
	for _, t := range ask[1:] {
		in.Others = append(in.Others, digest.PromptTeam{Name: t.Name, Questions: questions(t)})
	}
	r := digest.Prompt(in)
	key := fmt.Sprintf("prompt/%s/%s/%s", j.team.Address, j.member.Email, j.day)
	o, err := sc.outbound(cfg, j.member, config.KindPrompt, key, r, now)
	if err != nil {
		return nil, err
	}
	return &store.Queueing{Out: o}, nil
}

// questions are a team's own check-in questions for the prompt.
func questions(t *config.Team) []digest.PromptQuestion {
	var out []digest.PromptQuestion
	for _, q := range t.Prompt {
		out = append(out, digest.PromptQuestion{Kind: q.Kind, Ask: q.Ask})
	}
	return out
}

// postedOn reports whether m filed an update for t on their local date d.
func (sc *Scheduler) postedOn(t *config.Team, m *config.Member, d schedule.Date) bool {
	start := schedule.Instant(d, schedule.Clock{}, m.Location)
	posted := false
	sc.DB.RecentUpdates(start, func(u *store.Update) bool {
		if u.Team == t.Address && u.Author == m.Email && schedule.DateOf(u.Received.In(m.Location)) == d {
			posted = true
			return false
		}
		return true
	})
	return posted
}

// outbound composes a rendered message for m into a queue record.
func (sc *Scheduler) outbound(cfg *config.Config, m *config.Member, kind, key string, r digest.Rendered, now time.Time) (*store.Outbound, error) {
	msgID := strings.Trim(r.MessageID, "<>")
	header := map[string]string{}
	for k, v := range r.Header {
		if k != "Message-ID" && k != "Message-Id" {
			header[k] = v
		}
	}
	raw, err := outmail.Compose(outmail.Message{
		From: cfg.From, To: m.Email, Subject: r.Subject, Text: r.Text, HTML: r.HTML,
		MessageID: msgID, Date: now.In(m.Location), Header: header,
	})
	if err != nil {
		return nil, fmt.Errorf("compose %s: %w", kind, err)
	}
	return &store.Outbound{Key: key, Kind: kind, MessageID: msgID, From: cfg.Sender(), To: []string{m.Email}, Raw: raw, Created: now}, nil
}

func sendEmpty(m *config.Member) bool {
	for _, t := range m.Teams {
		if t.SendEmpty {
			return true
		}
	}
	return false
}
