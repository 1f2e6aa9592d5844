package digest

import (
	"hash/maphash"
	"time"
)

// A summer hashes what an item shows, for the Renderer's key. Each
// string is hashed with the Renderer's seed and mixed into the sum in
// order, with the length of every list, so the fields' structure is
// part of the sum. The mixing step is a bijection of the sum, so a
// change in one field always changes it.
type summer struct {
	seed maphash.Seed
	h    uint64
}

func (r *Renderer) sum() summer { return summer{seed: r.seed} }

func (s *summer) int(n int64) {
	h := (s.h ^ uint64(n)) * 0x9e3779b97f4a7c15
	s.h = h ^ h>>29
}

func (s *summer) str(x string) { s.int(int64(maphash.String(s.seed, x))) }

func (s *summer) bool(x bool) {
	if x {
		s.int(1)
	} else {
		s.int(0)
	}
}

func (s *summer) time(t time.Time) {
	s.int(t.Unix())
	s.int(int64(t.Nanosecond()))
}

func (s *summer) person(p Person) {
	s.str(p.Name)
	s.str(p.Email)
}

// sumUpdate hashes an update's content: all of it but its reply
// address. The sums of the other items likewise.
func (r *Renderer) sumUpdate(u *Update) uint64 {
	s := r.sum()
	s.person(u.Author)
	s.time(u.At)
	s.str(u.Subject)
	s.bool(u.Urgent)
	s.int(int64(len(u.Sections)))
	for i := range u.Sections {
		sec := &u.Sections[i]
		s.str(string(sec.Kind))
		s.str(sec.Title)
		s.int(int64(len(sec.Items)))
		for _, it := range sec.Items {
			s.str(it)
		}
	}
	s.replies(u.Replies)
	return s.h
}

func (r *Renderer) sumBlocker(b *Blocker) uint64 {
	s := r.sum()
	s.str(b.Text)
	s.person(b.Author)
	s.time(b.Since)
	return s.h
}

func (r *Renderer) sumDecision(d *Decision) uint64 {
	s := r.sum()
	s.str(d.Text)
	s.str(d.Rationale)
	s.str(d.State)
	s.str(d.Replaces)
	s.person(d.Author)
	s.time(d.At)
	return s.h
}

func (r *Renderer) sumQuestion(q *Question, to string) uint64 {
	s := r.sum()
	s.str(to)
	s.str(q.Text)
	s.person(q.Author)
	s.time(q.Asked)
	return s.h
}

// sumRepliesToYou hashes the replies to the reader's update that came
// since their last digest, fresh, and the update's time, which heads
// them.
func (r *Renderer) sumRepliesToYou(u *Update, fresh []Reply) uint64 {
	s := r.sum()
	s.time(u.At)
	s.replies(fresh)
	return s.h
}

// sumAnswered hashes a question as its author sees it answered.
func (r *Renderer) sumAnswered(q *Question) uint64 {
	s := r.sum()
	s.str(q.Text)
	s.person(q.AnsweredBy)
	s.time(q.AnsweredAt)
	return s.h
}

func (s *summer) replies(rs []Reply) {
	s.int(int64(len(rs)))
	for i := range rs {
		s.person(rs[i].Author)
		s.time(rs[i].At)
		s.str(rs[i].Text)
		s.replies(rs[i].Replies)
	}
}
