package digest

import (
	"hash/maphash"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/parser"
)

// A sumCase is one item the Renderer caches, on the path of the digest
// that renders it (an update of another member's, the reader's own,
// a question to them...).
type sumCase struct {
	name string
	item any // an Update, Blocker, Decision or Question
	// notShown lists the fields whose change leaves the whole digest as
	// it was, each with the reason. A key is a field path with "[]" for
	// any slice index ("Replies[].Author.Name"); it covers the fields
	// below it, the elements of a slice and its growing ("To+") and
	// shrinking ("To-"). A key "*.F" names field F anywhere.
	notShown map[string]string
}

// TestSumCoversShown holds the Renderer's hand-written sums (sum.go) to
// what the items show. For each item the Renderer caches, each exported
// field, down through sections, reply trees and people, is changed in a
// copy; both digests are rendered by fresh Renderers sharing a seed.
// Each item rendered under one kind and ID in both must render alike or
// differ in its sum: else a Renderer that rendered the first would serve
// the second stale. (An item's reply address is a hole, filled per
// recipient: the items compare with one address, so ReplyTo changes the
// digest and needs no sum.) A field whose change leaves the digest alone must be
// in notShown with its reason, and one listed there must leave it alone,
// so the test reaches every field it claims to.
func TestSumCoversShown(t *testing.T) {
	for _, c := range sumCases() {
		t.Run(c.name, func(t *testing.T) {
			seed := maphash.MakeSeed()
			base := reflect.ValueOf(c.item)
			wantText, wantItems := renderCached(sumDigest(c.item), seed)
			if len(wantItems) == 0 {
				t.Fatal("the digest renders no cached item")
			}
			used := map[string]bool{}
			for _, m := range mutations(t, base) {
				v := deepCopy(base)
				m.change(v)
				text, items := renderCached(sumDigest(v.Interface()), seed)
				for k, was := range wantItems {
					now, ok := items[k]
					if ok && now.shown != was.shown && now.sum == was.sum {
						t.Errorf("changing %s changes the %s %q but not its sum; add the field to sum.go",
							m.path, kindNames[k.kind], k.id)
					}
				}
				why, listed := notShownBy(c.notShown, m.path, used)
				switch {
				case text == wantText && !listed:
					t.Errorf("changing %s leaves the digest as it was; list it in notShown with why, or make the case show it", m.path)
				case text != wantText && listed:
					t.Errorf("changing %s changes the digest, but notShown says %q", m.path, why)
				}
			}
			for key := range c.notShown {
				if !used[key] {
					t.Errorf("notShown lists %s, which no field matches", key)
				}
			}
		})
	}
}

var kindNames = map[byte]string{'u': "update", 'o': "own update", 'y': "replies to your update",
	'b': "blocker", 'd': "decision", 'q': "question", 'a': "answered question"}

// sumCases are the items TestSumCoversShown changes, one case for each
// way the Renderer caches an item.
func sumCases() []sumCase {
	day := func(h, m int) time.Time { return time.Date(2026, 11, 23, h, m, 0, 0, time.UTC) }
	ana := Person{"Ana Lima", sumReader, time.UTC}
	bo := Person{"Bo Chen", "bo@example.com", time.UTC}
	chris := Person{"Chris Doe", "chris@example.com", time.UTC}
	sections := []parser.Section{
		{Title: "Shipped", Kind: parser.Done, Items: []string{"Rotated the certificates", "Reviewed the plan"}},
		{Kind: parser.Next, Items: []string{"Load test the importer"}},
		{Kind: parser.Notes, Items: []string{"Out on Friday"}},
	}
	replies := []Reply{
		{Author: chris, At: day(9, 5), Text: "Does it handle CSV?",
			Replies: []Reply{{Author: bo, At: day(9, 30), Text: "Yes, and TSV."}}},
		{Author: ana, At: day(10, 0), Text: "Nice."},
	}
	// The reader's own update: one reply before their last digest
	// (sumSince, 08:00) leading to a new one, and one new reply.
	ownReplies := []Reply{
		{Author: chris, At: day(7, 5), Text: "Does it handle CSV?",
			Replies: []Reply{{Author: bo, At: day(9, 30), Text: "Yes, and TSV."}}},
		{Author: chris, At: day(10, 0), Text: "Nice."},
	}
	oldReplies := []Reply{
		{Author: chris, At: day(6, 5), Text: "Does it handle CSV?",
			Replies: []Reply{{Author: bo, At: day(6, 30), Text: "Yes, and TSV."}}},
	}
	const (
		email     = "*.Email"
		emailWhy  = "a person shows by name; only the reader's address counts, which this is not"
		folded    = "the reader's own update folds to counts of items and replies"
		otherTo   = "it names others; only whether it names the reader counts"
		answerWhy = "an open question shows neither who answered nor when"
	)
	common := func(m map[string]string) map[string]string {
		m["ID"] = "keys the cache; never shown"
		m["*.Loc"] = "only the reader's zone phrases times"
		return m
	}
	return []sumCase{
		{"update", Update{ID: "u1", Author: bo, At: day(9, 0), Subject: "Importer",
			Sections: sections, Replies: replies, ReplyTo: "platform+u1@baton.example"},
			common(map[string]string{
				email:     emailWhy,
				"Subject": "an update shows under its author and time, not its mail subject",
			})},
		{"own update", Update{ID: "u2", Author: ana, At: day(7, 0), Subject: "Importer",
			Sections: sections, Replies: oldReplies, ReplyTo: "platform+u2@baton.example", Urgent: true},
			common(map[string]string{
				"Author.Name":                "the reader's own update shows as \"You\"",
				"Sections[].Items[]":         folded,
				"Replies[].Author":           folded,
				"Replies[].Text":             folded,
				"Replies[].Replies[].Author": folded,
				"Replies[].Replies[].Text":   folded,
				"Subject":                    "an update shows under its author and time, not its mail subject",
			})},
		{"replies to you", Update{ID: "u3", Author: ana, At: day(7, 0), Subject: "Importer",
			Sections: sections, Replies: ownReplies, ReplyTo: "platform+u3@baton.example"},
			common(map[string]string{
				"Replies[].Author.Email":           emailWhy,
				"Replies[].Replies[].Author.Email": emailWhy,
				"Author.Name":                      "the reader's own update shows as \"You\"",
				"Sections[].Items[]":               folded,
				"Subject":                          "an update shows under its author and time, not its mail subject",
			})},
		{"blocker", Blocker{ID: "b1", Text: "Staging is read-only", Author: bo, Since: day(6, 0),
			To: []Person{chris}, ReplyTo: "platform+b1@baton.example"},
			common(map[string]string{email: emailWhy, "To": otherTo})},
		{"blocker for you", Blocker{ID: "b2", Text: "Need Ana to approve", Author: bo, Since: day(6, 0),
			To: []Person{ana}, ReplyTo: "platform+b2@baton.example"},
			common(map[string]string{
				"Author.Email": emailWhy,
				"To[].Name":    "it shows in For you, named by no one",
				"To+":          "it names the reader still",
			})},
		{"decision", Decision{ID: "d1", Decision: parser.Decision{Text: "Adopt Postgres 17", Rationale: "replication fixes"},
			Author: chris, At: day(14, 2), State: "superseded", Replaces: "Stay on 16", ReplyTo: "platform+d1@baton.example"},
			common(map[string]string{email: emailWhy})},
		{"question to you", Question{ID: "q1", Text: "Can you review the rota?", Author: bo, Asked: day(7, 0),
			To: []Person{ana}, ReplyTo: "platform+q1@baton.example",
			AnsweredBy: chris, AnsweredAt: day(9, 0)},
			common(map[string]string{
				"Author.Email": emailWhy,
				"To[].Name":    "it shows as to \"you\"",
				"To+":          "it names the reader still",
				"AnsweredBy":   answerWhy,
				"AnsweredAt":   answerWhy,
			})},
		{"question to others", Question{ID: "q2", Text: "Who owns the rota?", Author: chris, Asked: day(0, 0).AddDate(0, 0, -2),
			To: []Person{bo, chris}, ReplyTo: "platform+q2@baton.example",
			AnsweredBy: bo, AnsweredAt: day(9, 0)},
			common(map[string]string{
				email:        emailWhy,
				"AnsweredBy": answerWhy,
				"AnsweredAt": answerWhy,
			})},
		{"answered", Question{ID: "q3", Text: "Is the proxy back?", Author: ana, Asked: day(0, 0).AddDate(0, 0, -2),
			Answered: true, AnsweredBy: chris, AnsweredAt: day(10, 0), To: []Person{bo},
			ReplyTo: "platform+q3@baton.example"},
			common(map[string]string{
				"AnsweredBy.Email": emailWhy,
				"Author.Name":      "the reader asked it; the answer shows who answered",
				"Asked":            "the answer shows when it was answered",
				"To":               "an answer shows to its asker, whomever the question named",
			})},
	}
}

const sumReader = "ana@example.com"

var sumSince = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

// sumDigest is a one-team digest for sumReader showing item.
func sumDigest(item any) Digest {
	tm := Team{Name: "Platform", ListID: "platform.baton.example", Address: "platform@baton.example",
		ResponseWindow: 24 * time.Hour}
	switch x := item.(type) {
	case Update:
		tm.Updates = []Update{x}
	case Blocker:
		tm.Blockers = []Blocker{x}
	case Decision:
		tm.Decisions = []Decision{x}
	case Question:
		tm.Questions = []Question{x}
	default:
		panic("sumDigest: unknown item " + reflect.TypeOf(item).String())
	}
	return Digest{Recipient: Person{Name: "Ana Lima", Email: sumReader, Loc: time.UTC},
		Since: sumSince, Until: sumSince.Add(24 * time.Hour), Domain: "baton.example", Teams: []Team{tm}}
}

type cacheID struct {
	kind byte
	id   string
}

// cachedItem is what a Renderer remembered of an item: its sum and its
// text and HTML, holes filled.
type cachedItem struct {
	sum   uint64
	shown string
}

// renderCached renders in with a fresh Renderer of seed and returns the
// digest's text and HTML, and the items the Renderer remembered.
func renderCached(in Digest, seed maphash.Seed) (string, map[cacheID]cachedItem) {
	r := &Renderer{seed: seed, items: map[itemKey]*pair{}}
	out := r.Render(in, in.Until)
	items := map[cacheID]cachedItem{}
	for k, p := range r.items {
		var b strings.Builder
		p.text.write(&b, time.UTC, in.Until, "reply@baton.example")
		p.html.write(&b, time.UTC, in.Until, "reply@baton.example")
		items[cacheID{k.kind, k.id}] = cachedItem{k.sum, b.String()}
	}
	return out.Text + "\x00" + out.HTML, items
}

// notShownBy returns a reason notShown gives for leaving path out of
// the digest, marking every key that matches path used.
func notShownBy(notShown map[string]string, path string, used map[string]bool) (string, bool) {
	bare := stripIndices(path)
	var reason string
	var found bool
	for key, why := range notShown {
		var match bool
		if field, ok := strings.CutPrefix(key, "*."); ok {
			match = bare == field || strings.HasSuffix(bare, "."+field) ||
				strings.Contains(bare, "."+field+".") || strings.HasPrefix(bare, field+".")
		} else {
			rest, ok := strings.CutPrefix(bare, key)
			match = ok && (rest == "" || strings.ContainsAny(rest[:1], ".[+-"))
		}
		if match {
			used[key] = true
			reason, found = why, true
		}
	}
	return reason, found
}

// stripIndices drops the slice indices from a path: "Replies[0].Text"
// is "Replies[].Text".
func stripIndices(path string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(path, '[')
		if i < 0 {
			return b.String() + path
		}
		b.WriteString(path[:i+1])
		path = path[i+strings.IndexByte(path[i:], ']'):]
	}
}

// A mutation changes one field of an item, at path.
type mutation struct {
	path   string
	change func(root reflect.Value)
}

var (
	timeType = reflect.TypeFor[time.Time]()
	locType  = reflect.TypeFor[*time.Location]()
)

// mutations lists a change of every exported field below root: each
// string, bool, time and zone, each slice element, and each slice grown
// by a copy of its last element and shrunk by one.
func mutations(t *testing.T, root reflect.Value) []mutation {
	var out []mutation
	var walk func(v reflect.Value, path string, at func(reflect.Value) reflect.Value)
	walk = func(v reflect.Value, path string, at func(reflect.Value) reflect.Value) {
		leaf := func(set func(reflect.Value)) {
			out = append(out, mutation{path, func(r reflect.Value) { set(at(r)) }})
		}
		switch {
		case v.Type() == timeType:
			leaf(func(f reflect.Value) {
				f.Set(reflect.ValueOf(f.Interface().(time.Time).Add(49*time.Hour + 7*time.Minute)))
			})
			return
		case v.Type() == locType:
			leaf(func(f reflect.Value) { f.Set(reflect.ValueOf(time.FixedZone("UTC+5:30", 5*3600+1800))) })
			return
		}
		switch v.Kind() {
		case reflect.String:
			leaf(func(f reflect.Value) { f.SetString(f.String() + "x") })
		case reflect.Bool:
			leaf(func(f reflect.Value) { f.SetBool(!f.Bool()) })
		case reflect.Struct:
			for i := range v.NumField() {
				sf := v.Type().Field(i)
				if !sf.IsExported() {
					continue
				}
				name := sf.Name
				if path != "" {
					name = path + "." + name
				}
				walk(v.Field(i), name, func(r reflect.Value) reflect.Value { return at(r).Field(i) })
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i), path+"["+strconv.Itoa(i)+"]", func(r reflect.Value) reflect.Value { return at(r).Index(i) })
			}
			out = append(out, mutation{path + "+", func(r reflect.Value) {
				s := at(r)
				x := reflect.Zero(s.Type().Elem())
				if n := s.Len(); n > 0 {
					x = deepCopy(s.Index(n - 1))
				}
				s.Set(reflect.Append(s, x))
			}})
			if v.Len() > 0 {
				out = append(out, mutation{path + "-", func(r reflect.Value) {
					s := at(r)
					s.Set(s.Slice(0, s.Len()-1))
				}})
			}
		default:
			t.Fatalf("%s: the test cannot change a %s; teach mutations", path, v.Type())
		}
	}
	walk(root, "", func(r reflect.Value) reflect.Value { return r })
	return out
}

// deepCopy returns an addressable copy of v sharing no slice with it.
func deepCopy(v reflect.Value) reflect.Value {
	c := reflect.New(v.Type()).Elem()
	c.Set(v)
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if f := c.Field(i); f.CanSet() {
				f.Set(deepCopy(v.Field(i)))
			}
		}
	case reflect.Slice:
		if !v.IsNil() {
			c.Set(reflect.MakeSlice(v.Type(), v.Len(), v.Len()))
			for i := range v.Len() {
				c.Index(i).Set(deepCopy(v.Index(i)))
			}
		}
	}
	return c
}
