package parser

// Blocks splits m's decoded text into blocks, for a reply written
// under several quoted passages (answering a digest item by item),
// without decoding it again. It is empty for a Message that did not come from Parse
// (one read back from the store).
func (m *Message) Blocks() (blocks []Block) {
	defer func() {
		if r := recover(); r != nil {
			blocks = nil // a bug must not lose the message; Body still has it
		}
	}()
	if m.text == "" {
		return nil
	}
	return splitQuotes(m.text, senderName(m))
}

// Piece reads text, a part of m's new text (a Block's), as an update of
// its own: its sections, decisions, blockers and questions, with m's
// header fields. Nothing is decoded again.
func Piece(m *Message, text string, opts Options) (p Message) {
	p = Message{MessageID: m.MessageID, InReplyTo: m.InReplyTo, References: m.References,
		From: m.From, To: m.To, Subject: m.Subject, Date: m.Date, Body: text}
	defer func() {
		if r := recover(); r != nil {
			p.Warnings = append(p.Warnings, "internal parser error")
		}
		finish(&p)
	}()
	p.Sections = sections(p.Body, newHeadingIndex(opts))
	extract(&p, opts)
	return p
}
