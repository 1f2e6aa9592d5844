package gateway

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/digest"
	"github.com/baton-mail/baton/schedule"
	"github.com/baton-mail/baton/store"
)

// job is one member's next prompt (for one team) or digest (across
// their teams, on the rhythm of their first team).
type job struct {
	kind   string
	team   *config.Team
	member *config.Member
	next   time.Time
	day    schedule.Date
}

// RunScheduler sends prompts and digests at each member's local times
// until ctx ends. It computes every job's next instant and sleeps until
// the earliest. On start, anything missed by less than the grace period
// runs at once; each message is queued under (kind, member, local date)
// so nothing runs twice for one date, across restarts too. A digest
// missed by more is folded into the next one: its watermark never moved.
func (g *Gateway) RunScheduler(ctx context.Context) {
	cfg := g.Config()
	jobs := plan(cfg, g.clock.Now().Add(-cfg.Grace))
	for {
		now := g.clock.Now()
		var w *window // loaded once per pass, if a digest is due
		var earliest time.Time
		for _, j := range jobs {
			for !j.next.IsZero() && !j.next.After(now) {
				g.fire(ctx, cfg, j, now, &w)
				j.next, j.day = NextRun(j.team, j.member, j.kind, j.next)
			}
			if !j.next.IsZero() && (earliest.IsZero() || j.next.Before(earliest)) {
				earliest = j.next
			}
		}
		wait := forever
		if !earliest.IsZero() {
			wait = earliest.Sub(now)
		}
		timer, stop := g.clock.Timer(wait)
		select {
		case <-ctx.Done():
		case <-g.reload:
			cfg = g.Config()
			jobs = plan(cfg, g.clock.Now())
		case <-timer:
		}
		stop()
		if ctx.Err() != nil {
			return
		}
	}
}

// plan lists every job with its first instant after `after`.
func plan(cfg *config.Config, after time.Time) []*job {
	var jobs []*job
	seen := map[string]bool{}
	for _, t := range cfg.Teams {
		for _, m := range t.Members {
			jobs = append(jobs, &job{kind: KindPrompt, team: t, member: m})
			if !seen[m.Email] {
				seen[m.Email] = true
				jobs = append(jobs, &job{kind: KindDigest, team: t, member: m})
			}
		}
	}
	for _, j := range jobs {
		j.next, j.day = NextRun(j.team, j.member, j.kind, after)
	}
	return jobs
}

func (g *Gateway) fire(ctx context.Context, cfg *config.Config, j *job, now time.Time, w **window) {
	log := g.log.With("kind", j.kind, "member", j.member.Email, "team", j.team.Name, "local_date", j.day.String())
	r := Rhythm(j.team, j.member, j.kind)
	if local := now.In(j.member.Location); !r.InWorkHours(schedule.Clock{Hour: local.Hour(), Minute: local.Minute()}) {
		log.Info("skipped: outside the member's working hours", "due", j.next)
		return
	}
	var err error
	if j.kind == KindDigest {
		if *w == nil {
			if *w, err = g.loadWindow(now); err != nil {
				log.Error("load updates for digest", "err", err)
				return
			}
		}
		err = g.queueDigest(cfg, j, now, *w, log)
	} else {
		err = g.queuePrompt(cfg, j, now, log)
	}
	if err != nil {
		log.Error("queue failed", "err", err)
		return
	}
	g.poke()
}

func (g *Gateway) queueDigest(cfg *config.Config, j *job, now time.Time, w *window, log interface{ Info(string, ...any) }) error {
	r, mark, err := g.BuildDigest(cfg, j.member, now, j.day, w)
	if err != nil {
		return err
	}
	if r.Empty && !sendEmpty(j.member) {
		log.Info("digest skipped: nothing happened")
		return nil
	}
	o, err := g.outbound(cfg, j.member, KindDigest, digestPrefix+j.member.Email+"/"+j.day.String(), r, now)
	if err != nil {
		return err
	}
	_, existed, err := g.db.Enqueue(o, &mark)
	if err == nil && !existed {
		log.Info("digest queued", "subject", r.Subject)
	}
	return err
}

func (g *Gateway) queuePrompt(cfg *config.Config, j *job, now time.Time, log interface{ Info(string, ...any) }) error {
	if g.postedOn(j.team, j.member, j.day) {
		log.Info("prompt skipped: already posted today")
		return nil
	}
	r := digest.Prompt(digest.PromptInput{
		Member: person(j.member), Team: j.team.Name, ListID: j.team.Address + "." + cfg.Domain,
		ReplyTo: g.replyAddr(cfg, j.team, TokenPrompt, 0, j.member.Email),
		Domain:  cfg.Domain, At: now, Day: j.day,
	})
	key := fmt.Sprintf("prompt/%s/%s/%s", j.team.Address, j.member.Email, j.day)
	o, err := g.outbound(cfg, j.member, KindPrompt, key, r, now)
	if err != nil {
		return err
	}
	_, existed, err := g.db.Enqueue(o, nil)
	if err == nil && !existed {
		log.Info("prompt queued")
	}
	return err
}

// postedOn reports whether m filed an update for t on their local date d.
func (g *Gateway) postedOn(t *config.Team, m *config.Member, d schedule.Date) bool {
	start := schedule.Instant(d, schedule.Clock{}, m.Location)
	posted := false
	g.db.RecentUpdates(start, func(u *store.Update) bool {
		if u.Team == t.Address && u.Author == m.Email && schedule.DateOf(u.Received.In(m.Location)) == d {
			posted = true
			return false
		}
		return true
	})
	return posted
}

// outbound composes a rendered message for m into a queue record.
func (g *Gateway) outbound(cfg *config.Config, m *config.Member, kind, key string, r digest.Rendered, now time.Time) (*store.Outbound, error) {
	msgID := strings.Trim(r.MessageID, "<>")
	header := map[string]string{}
	for k, v := range r.Header {
		if k != "Message-ID" && k != "Message-Id" {
			header[k] = v
		}
	}
	raw, err := compose(outMail{
		From: cfg.From, To: m.Email, Subject: r.Subject, Text: r.Text, HTML: r.HTML,
		MessageID: msgID, Date: now.In(m.Location), Header: header,
	})
	if err != nil {
		return nil, fmt.Errorf("compose %s: %w", kind, err)
	}
	return &store.Outbound{Key: key, Kind: kind, MessageID: msgID, From: envelopeFrom(cfg), To: []string{m.Email}, Raw: raw, Created: now}, nil
}

func sendEmpty(m *config.Member) bool {
	for _, t := range m.Teams {
		if t.SendEmpty {
			return true
		}
	}
	return false
}
