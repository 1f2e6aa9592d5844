// Package digest builds and renders what Baton mails to one member: the
// daily digest of their teams' updates and the check-in prompt.
//
// The gateway maps stored data into the plain values below; this package
// orders and filters them, phrases times in the recipient's zone, and
// renders a text/plain part that reads well at 72 columns and a
// text/html part with inline CSS only. It is pure: "now" is an argument,
// and it does no I/O.
//
// A digest for one recipient shows, per team: first, what is for them
// ("For you": questions and blockers that name them, new replies to
// their own update, answers to their questions); then open blockers with
// their age; decisions with rationale, author and reply link; questions still
// unanswered past the team's response window, oldest first; each
// member's update by section with replies threaded under it (the
// recipient's own folded to one line); who is away; and who has not
// posted since the last digest.
package digest

import (
	"time"

	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/schedule"
)

// Person is a member as the digest names them.
type Person struct {
	Name  string
	Email string
	// Loc is the member's zone. Only the recipient's is used; nil is UTC.
	Loc *time.Location
}

// Digest is everything one recipient's digest shows.
type Digest struct {
	Recipient Person
	// Since is the recipient's watermark, the end of their last digest;
	// Until is this digest's instant.
	Since, Until time.Time
	// Day is the recipient's local date the digest belongs to (the
	// second result of schedule.Next); zero means Until's local date.
	Day schedule.Date
	// Domain names the host part of the Message-ID.
	Domain string
	// ReplyTo is the digest thread's reply address; empty uses the
	// single team's Address.
	ReplyTo string
	Teams   []Team
}

// Team is one of the recipient's teams, with the items for this digest.
type Team struct {
	Name    string
	ListID  string // RFC 2919 list identifier, e.g. "platform.baton.example"
	Address string // the team's posting address
	// ResponseWindow is how long a question may wait for an answer
	// before the digest raises it.
	ResponseWindow time.Duration
	// Updates are the updates posted since the recipient's last digest.
	Updates []Update
	// Blockers are the team's open blockers, whatever their age;
	// resolved ones are dropped.
	Blockers []Blocker
	// Decisions are the decisions made since the last digest.
	Decisions []Decision
	// Questions are the team's open questions; answered ones, and those
	// younger than ResponseWindow unless put to the recipient, are
	// dropped.
	Questions []Question
	// Silent are members who have not posted since the last digest,
	// absent members already excluded.
	Silent []Person
	// Away are members whose out-of-office reply arrived since the
	// recipient's last digest, with their first day back.
	Away []Away
}

// Away is a member away by their own out-of-office reply.
type Away struct {
	Person Person
	Until  schedule.Date // the first day back
}

// Update is one member's status update and the replies under it. Its
// blockers, decisions and questions travel on the Team, so only the
// sections of kind Done, Next and Notes (and unknown kinds) show here.
type Update struct {
	// ID names the update; a Renderer renders an ID and content once
	// and reuses the result for every recipient, whatever their ReplyTo.
	ID       string
	Author   Person
	At       time.Time
	Subject  string
	Sections []parser.Section
	Replies  []Reply
	ReplyTo  string // the update's own reply address
	Urgent   bool
}

// Reply is a reply in an update's thread, with the replies under it.
type Reply struct {
	Author  Person
	At      time.Time
	Text    string
	Replies []Reply
}

// Blocker is something a member is blocked on.
type Blocker struct {
	ID       string
	Text     string
	Author   Person
	Since    time.Time
	Resolved bool
	// To are the members it names; for them it is in "For you".
	To      []Person
	ReplyTo string
}

// Decision is a decision with its rationale.
type Decision struct {
	ID string
	parser.Decision
	Author Person
	At     time.Time
	State  string // e.g. "superseded"; empty for a standing decision
	// Replaces is the text of the earlier decision this one supersedes.
	Replaces string
	ReplyTo  string
}

// Question is a question put to the team.
type Question struct {
	ID       string
	Text     string
	Author   Person
	Asked    time.Time
	Answered bool
	// AnsweredBy and AnsweredAt say who answered it, when; its author
	// sees an answer that came since their last digest in "For you".
	AnsweredBy Person
	AnsweredAt time.Time
	// To are the members the question names ("@bo", "Dana, ..."); none
	// means it is for anyone. A question to the recipient is shown at
	// once, marked "to you"; others wait for the response window.
	To      []Person
	ReplyTo string
}

// Rendered is a message ready for the composer: the subject, both MIME
// parts and the extra headers, whose values are already RFC 2047
// encoded where needed.
type Rendered struct {
	Subject   string
	Text      string
	HTML      string
	MessageID string // with angle brackets; also in Header
	Header    map[string]string
	// Empty is true when a digest has nothing to show; the gateway then
	// sends nothing unless configured to.
	Empty bool
}
