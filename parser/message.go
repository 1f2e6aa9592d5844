package parser

import "time"

// Kind names what a section of an update holds. It is always one of the
// constants below.
type Kind string

// The section kinds, in the order a digest shows them.
const (
	Done      Kind = "done"
	Next      Kind = "next"
	Blockers  Kind = "blockers"
	Decisions Kind = "decisions"
	Questions Kind = "questions"
	Notes     Kind = "notes"
)

// Options carries what the parser cannot know by itself: the team's own
// section names and the names of its members. The zero value is valid.
type Options struct {
	// Sections adds headings per kind on top of the built-in synonyms,
	// e.g. {Done: {"Shipped this week"}}.
	Sections map[Kind][]string
	// Members are the display names (and local parts) of team members;
	// a line ending in "?" that names one of them is a question.
	Members []string
}

// Address is a mailbox: display name and addr-spec.
type Address struct {
	Name    string `json:"name,omitempty"`
	Address string `json:"address"`
}

// Section is one headed block of an update.
type Section struct {
	Title string   `json:"title"`
	Kind  Kind     `json:"kind"`
	Items []string `json:"items"`
}

// Decision is a decision with its rationale split out ("X because Y").
type Decision struct {
	Text      string `json:"text"`
	Rationale string `json:"rationale,omitempty"`
}

// Attachment describes a part that is not inline text. Its bytes are
// counted, never kept.
type Attachment struct {
	Filename    string `json:"filename,omitempty"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// Message is the parsed form of one raw RFC 5322 message.
type Message struct {
	MessageID  string    `json:"message_id"`
	InReplyTo  string    `json:"in_reply_to,omitempty"`
	References []string  `json:"references,omitempty"`
	From       Address   `json:"from"`
	To         []Address `json:"to,omitempty"`
	Subject    string    `json:"subject"`
	Date       time.Time `json:"date"`
	Auto       bool      `json:"auto"`
	AutoReason string    `json:"auto_reason,omitempty"`
	// Return is an out-of-office reply's first day back, YYYY-MM-DD, when
	// it names one.
	Return      string       `json:"return,omitempty"`
	Urgent      bool         `json:"urgent"`
	Body        string       `json:"body"`
	Sections    []Section    `json:"sections"`
	Decisions   []Decision   `json:"decisions"`
	Blockers    []string     `json:"blockers"`
	Questions   []string     `json:"questions"`
	Attachments []Attachment `json:"attachments"`
	Warnings    []string     `json:"warnings"`

	text string // the decoded text before trimming, for Blocks; not stored
}
