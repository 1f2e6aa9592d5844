package digest

import (
	"strings"
)

// The text part: items as "- " bullets with a hanging indent, replies
// indented two columns per level, every line within textWidth columns
// unless a single word, URL or address is longer.

func textUpdate(v *updateView, h *holes) string {
	var b strings.Builder
	b.Grow(512)
	head := v.Author + ", " + v.When
	if v.Own && v.Summary == "" { // new replies to the reader's update
		head = "- " + v.Author + " of " + v.When + ":"
	}
	if v.Urgent {
		head += " (urgent)"
	}
	if v.Summary != "" {
		head += ": " + v.Summary
	}
	wrap(&b, head, "", "  ", textWidth)
	for _, s := range v.Sections {
		wrap(&b, s.Title+":", "  ", "  ", textWidth)
		for _, it := range s.Items {
			wrap(&b, it, "  - ", "    ", textWidth)
		}
	}
	if len(v.Replies) > 0 && !v.Own {
		b.WriteString("  Replies:\n")
	}
	for _, r := range v.Replies {
		ind := strings.Repeat("  ", r.Depth+1)
		wrap(&b, r.Author+", "+r.When+":", ind, ind+"  ", textWidth)
		for _, l := range r.Lines {
			if l == "" {
				b.WriteByte('\n')
				continue
			}
			wrap(&b, l, ind+"  ", ind+"  ", textWidth)
		}
	}
	// "  Reply: addr" on a line of its own.
	b.WriteString(h.reply(replyHole{pre: "  ", post: "\n", col: 2, empty: true, rest: "  "}))
	return b.String()
}

func textItem(v *itemView, h *holes) string {
	var b strings.Builder
	b.Grow(256)
	text := v.Text
	if v.State != "" {
		text += " (" + v.State + ")"
	}
	if v.To != "" {
		text += " (to " + v.To + ")"
	}
	wrap(&b, text, "- ", "  ", textWidth)
	if v.Rationale != "" {
		wrap(&b, "Why: "+v.Rationale, "  ", "  ", textWidth)
	}
	if v.Replaces != "" {
		wrap(&b, "Replaces: "+v.Replaces, "  ", "  ", textWidth)
	}
	var meta string
	switch v.Kind {
	case "blocker":
		meta = v.Author + ", blocked for " + v.When + "."
	case "question":
		meta = v.Author + ", asked " + v.When + " ago."
	case "answered":
		meta = "Answered by " + v.Author + ", " + v.When + "."
	default:
		meta = v.Author + ", " + v.When + "."
	}
	// The meta line, ending in " Reply: addr" if it fits.
	b.WriteString("  ")
	l := liner{b: &b, col: 2, empty: true, rest: "  ", w: textWidth}
	l.words(meta, false)
	b.WriteString(h.reply(replyHole{glued: true, col: l.col, empty: l.empty, rest: l.rest}))
	b.WriteByte('\n')
	return b.String()
}

// textHeading underlines a team name: "Platform\n========".
func textHeading(name string) string {
	return name + "\n" + strings.Repeat("=", max(3, strWidth(name))) + "\n"
}

// textAway lists who is away: "Away: Ana Souza until Mon 14 Dec."
func textAway(away []awayOut) string {
	var parts []string
	for _, a := range away {
		parts = append(parts, a.name+" until "+a.until)
	}
	var b strings.Builder
	wrap(&b, "Away: "+strings.Join(parts, "; ")+".", "", "  ", textWidth)
	return b.String()
}

// textSilent lists who has not posted: "Not posted since Mon 08:00:
// Dee Park, Eli Roth."
func textSilent(names []string, since string) string {
	var b strings.Builder
	wrap(&b, "Not posted "+since+": "+strings.Join(names, ", ")+".", "", "  ", textWidth)
	return b.String()
}
