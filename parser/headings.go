package parser

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// builtinHeadings are the section names every team gets, per kind, in
// the languages of the trimmer. Options.Sections adds a team's own.
var builtinHeadings = map[Kind][]string{
	Done: {"done", "yesterday", "completed", "complete", "shipped", "accomplished",
		"accomplishments", "finished", "achievements", "wins", "progress", "last week",
		"done this week", "what i did", "did", "fait", "terminé", "hier", "réalisé",
		"erledigt", "gestern", "fertig", "hecho", "ayer", "completado", "terminado",
		"feito", "ontem", "concluído", "fatto", "ieri", "completato", "gedaan", "gisteren",
		"klaar", "afgerond", "klart", "igår", "i går", "gjort", "færdig", "færdigt", "ferdig", "ferdigt", "tehty",
		"eilen", "valmis", "zrobione", "wczoraj", "zrobiłem", "hotovo", "včera", "сделано",
		"вчера", "готово", "зроблено", "вчора", "yapıldı", "yapılanlar", "dün", "tamamlandı",
		"tamamlananlar", "完了", "昨日", "やったこと", "昨日やったこと", "実施したこと", "できたこと", "已完成", "昨天", "完成", "완료", "어제", "한 일"},
	Next: {"next", "today", "plan", "plans", "planned", "doing", "up next", "next up",
		"next week", "next steps", "todo", "to do", "in progress", "working on", "coming up",
		"tomorrow", "à faire", "aujourd'hui", "prochaines étapes", "prochaine étape", "ensuite", "à suivre", "prochain", "suite", "à venir",
		"prévu", "heute", "geplant", "als nächstes", "nächste schritte", "morgen", "hoy",
		"siguiente", "próximos pasos", "próximo", "próxima", "luego", "mañana", "pendiente", "hoje", "próximos passos",
		"amanhã", "a seguir", "oggi", "prossimi passi", "prossimo", "prossima", "domani", "da fare", "vandaag",
		"volgende", "morgen", "gepland", "idag", "i dag", "nästa", "imorgon", "næste",
		"neste", "i morgen", "tänään", "seuraavaksi", "huomenna", "dzisiaj", "dziś", "dalej", "następne", "następnie", "w planach",
		"plan na dziś", "jutro", "dnes", "další", "dále", "dál", "zítra", "plán", "сегодня", "план", "далее", "дальше", "планы", "следующие шаги",
		"завтра", "сьогодні", "далі", "завтра", "bugün", "sırada", "sıradaki", "sonraki", "planlanan", "yarın", "plan",
		"今日", "予定", "次", "今日やること", "やること", "次にやること", "今後の予定", "明日", "今天", "计划", "下一步", "明天", "오늘", "다음", "계획", "내일", "할 일"},
	Blockers: {"blockers", "blocker", "blocked", "blocking", "impediments", "impediment",
		"risks", "risk", "stuck", "blocked on", "risks and blockers", "blockers and risks",
		"blocages", "bloqué", "bloquants", "risques", "blockaden", "blocker", "hindernisse",
		"blockiert", "risiken", "bloqueos", "bloqueado", "impedimentos", "riesgos",
		"bloqueios", "riscos", "blocchi", "bloccato", "bloccanti", "bloccante", "impedimenti", "rischi", "blokkades", "geblokkeerd",
		"risico's", "blockerare", "blockerat", "blockerad", "blokeret", "blokkert", "阻礙", "障礙", "이슈", "hinder", "risker", "blokeringer", "blokkere", "risici",
		"esteet", "riskit", "blokery", "blokady", "ryzyka", "překážky", "blokátory", "rizika",
		"блокеры", "блокеры и риски", "риски", "блокери", "ризики", "engeller", "riskler",
		"engelleyiciler", "ブロッカー", "障害", "リスク", "阻碍", "阻塞", "风险",
		"problems", "issues", "problèmes", "probleme", "problemas", "problemi", "problemen",
		"problem", "ongelmat", "problemy", "проблемы", "проблеми", "sorunlar", "hindringer",
		"困っていること", "困りごと", "課題", "問題", "问题", "遇到的问题", "문제", "블로커",
		"장애물", "리스크"},
	Decisions: {"decisions", "decision", "decided", "decision log", "décisions", "décision",
		"entscheidungen", "entscheidung", "decisiones", "decisión", "decisões", "decisão",
		"decisioni", "decisione", "besluiten", "besluit", "beslut", "beslutninger",
		"beslutning", "päätökset", "päätös", "decyzje", "decyzja", "rozhodnutí", "решения",
		"решение", "рішення", "kararlar", "karar", "決定事項", "決定", "决定", "결정", "결정 사항"},
	Questions: {"questions", "question", "asks", "ask", "open questions", "questions for",
		"questions for the team", "help needed", "need help", "fragen", "offene fragen",
		"preguntas", "perguntas", "domande", "vragen", "frågor", "spørgsmål", "spørsmål",
		"kysymykset", "pytania", "pytanie", "frage", "pregunta", "pergunta", "domanda", "vraag",
		"fråga", "kysymys", "otázka", "вопрос", "soru", "otázky", "вопросы", "питання", "sorular", "質問", "疑问",
		"질문"},
	Notes: {"notes", "note", "other", "misc", "fyi", "other notes", "remarques", "notizen",
		"sonstiges", "notas", "otros", "outros", "altro", "opmerkingen", "overig",
		"anteckningar", "övrigt", "noter", "notater", "huomiot", "muuta", "uwagi", "inne",
		"poznámky", "ostatní", "заметки", "прочее", "нотатки", "інше", "notlar", "diğer",
		"メモ", "その他", "备注", "其他", "메모", "기타"},
}

// kindOrder breaks ties when a title names two kinds.
var kindOrder = []Kind{Blockers, Questions, Decisions, Done, Next, Notes}

// headingIndex maps folded titles to kinds: the team's own names over
// the built-in synonyms, which are folded once for the process.
type headingIndex struct {
	team  map[string]Kind
	exact map[string]Kind
	stems []stem
}

type stem struct {
	s string
	n int // runes in s
	k Kind
}

// builtinIndex holds the folded built-in headings.
var builtinIndex = func() *headingIndex {
	x := &headingIndex{exact: map[string]Kind{}}
	for _, k := range kindOrder {
		for _, s := range builtinHeadings[k] {
			if _, dup := x.exact[fold(s)]; !dup {
				x.exact[fold(s)] = k
			}
		}
	}
	for s, k := range x.exact {
		if n := utf8.RuneCountInString(s); n >= 5 && !strings.ContainsRune(s, ' ') {
			x.stems = append(x.stems, stem{s, n, k})
		}
	}
	// Longest first, then alphabetical: deterministic and specific.
	sort.Slice(x.stems, func(i, j int) bool {
		if x.stems[i].n != x.stems[j].n {
			return x.stems[i].n > x.stems[j].n
		}
		return x.stems[i].s < x.stems[j].s
	})
	return x
}()

// newHeadingIndex adds opts.Sections to the built-in headings.
func newHeadingIndex(opts Options) *headingIndex {
	if len(opts.Sections) == 0 {
		return builtinIndex
	}
	x := *builtinIndex
	x.team = map[string]Kind{}
	for k, names := range opts.Sections {
		if !validKind(k) {
			continue
		}
		for _, s := range names {
			x.team[cleanTitle(fold(s))] = k
		}
	}
	return &x
}

// lookup finds a folded, cleaned title.
func (x *headingIndex) lookup(f string) (Kind, bool) {
	if k, ok := x.team[f]; ok {
		return k, true
	}
	k, ok := x.exact[f]
	return k, ok
}

func validKind(k Kind) bool {
	switch k {
	case Done, Next, Blockers, Decisions, Questions, Notes:
		return true
	}
	return false
}

// kind classifies a heading title: exact synonym first, then a synonym
// at the start or end of a short title ("Done this week", "Plan for
// today", "What I did yesterday").
func (x *headingIndex) kind(title string) (Kind, bool) {
	f := cleanTitle(fold(title))
	if f == "" {
		return "", false
	}
	if k, ok := x.lookup(f); ok {
		return k, true
	}
	words := strings.Fields(f)
	if len(words) > 6 {
		return "", false
	}
	for n := min(len(words)-1, 3); n >= 1; n-- {
		if k, ok := x.lookup(strings.Join(words[:n], " ")); ok {
			return k, true
		}
		if k, ok := x.lookup(strings.Join(words[len(words)-n:], " ")); ok {
			return k, true
		}
	}
	return "", false
}

// cleanTitle strips decoration around a folded title: markdown, emoji,
// numbering, "(3)", trailing colons and dashes, possessives.
func cleanTitle(f string) string {
	if i := strings.IndexByte(f, '('); i > 0 {
		f = f[:i]
	}
	f = strings.TrimFunc(f, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
	f = cutNumbering.trimLeft(f)
	f = strings.ReplaceAll(f, "'s ", " ")
	f = strings.ReplaceAll(f, "’s ", " ")
	return strings.Join(strings.Fields(f), " ")
}

// heading is a recognised heading line.
type heading struct {
	title  string
	kind   Kind
	inline string // text after "Title:" on the same line
	lines  int    // lines consumed (2 for an underlined heading)
	known  bool   // the title named a kind
	strong bool   // styled as a heading (markdown, bold, underline, colon)
}

// parseHeading recognises lines[i] as a heading in any common style:
// "Done:", "DONE", "## Yesterday", "*Blockers*", "**Next**", "Today -",
// "[Done]", and a title underlined with "---" or "===". A heading whose
// title names no kind is returned with known false; the caller decides
// whether its layout still makes it a heading.
func parseHeading(x *headingIndex, lines []string, i int) (heading, bool) {
	raw := strings.TrimSpace(lines[i])
	if raw == "" {
		return heading{}, false
	}
	if text, ok := bulletText(raw); ok && headingMarker(raw) {
		// "✅ Done", "1. Next": a known title behind an emoji or
		// a number is a heading, anything else a list item.
		if h, ok := parseHeading(x, []string{text}, 0); ok && h.known && h.inline == "" {
			return h, true
		}
		return heading{}, false
	}
	if len(x.team) > 0 && strings.HasSuffix(raw, "?") {
		if k, ok := x.team[cleanTitle(fold(raw))]; ok {
			// One of the team's own check-in questions, asked by the
			// prompt ("What did you ship?"): the section takes its
			// kind's name.
			return heading{lines: 1, strong: true, kind: k, known: true}, true
		}
	}
	h := heading{lines: 1, strong: true}
	title := raw
	switch {
	case strings.HasPrefix(raw, "#"):
		title = cutHashes.trimLeft(raw)
	case wrapped(raw, "**") || wrapped(raw, "__") || wrapped(raw, "*") || wrapped(raw, "[", "]"):
		title = cutBracketed.trim(raw)
	case i+1 < len(lines) && isUnderline(lines[i+1]) && !isBullet(raw):
		h.lines = 2
	default:
		var colon bool
		var ok bool
		title, h.inline, colon, ok = splitTitle(raw)
		if !ok {
			return heading{}, false
		}
		h.strong = colon || isCaps(title)
	}
	if utf8.RuneCountInString(title) > 60 {
		return heading{}, false
	}
	title = strings.TrimRight(strings.TrimSpace(title), ":：-–— *")
	h.title = strings.TrimSpace(strings.Trim(title, "*_"))
	switch {
	case h.strong && h.inline == "":
		h.kind, h.known = x.kind(h.title)
	case h.inline != "":
		var whole bool
		h.kind, h.known, whole = x.leadKind(h.title)
		if whole {
			// "Question for @dana: …": the title says to whom; keep it.
			h.inline = raw
		}
	default:
		h.kind, h.known = x.exactKind(h.title)
	}
	if !h.known {
		h.kind = Notes
		if !h.strong || h.inline != "" || len(strings.Fields(h.title)) > 5 || strings.HasSuffix(h.title, "?") {
			return heading{}, false
		}
	}
	return h, true
}

// headingMarker reports whether a list line's marker may also decorate
// a heading: a number or a symbol such as "✅", not a dash or a dot.
func headingMarker(raw string) bool {
	r, _ := utf8.DecodeRuneInString(raw)
	return r >= '0' && r <= '9' || r > 0x2000 && unicode.Is(unicode.So, r)
}

func (x *headingIndex) exactKind(title string) (Kind, bool) {
	f := cleanTitle(fold(title))
	if k, ok := x.lookup(f); ok {
		return k, true
	}
	return x.stemKind(f)
}

// leadKind classifies the title of an inline heading ("Question for
// @bo: …"): exact, or a synonym as its first words.
// whole says the title held more than the synonym.
func (x *headingIndex) leadKind(title string) (k Kind, ok, whole bool) {
	if k, ok := x.exactKind(title); ok {
		return k, true, false
	}
	words := strings.Fields(cleanTitle(fold(title)))
	if len(words) > 4 {
		return "", false, false
	}
	for n := min(len(words)-1, 2); n >= 1; n-- {
		if k, ok := x.lookup(strings.Join(words[:n], " ")); ok {
			return k, true, true
		}
	}
	return "", false, false
}

// stemKind matches an inflected one-word title ("Blockerat",
// "Færdigt") against a one-word synonym of five or more letters.
func (x *headingIndex) stemKind(f string) (Kind, bool) {
	if f == "" || strings.ContainsRune(f, ' ') {
		return "", false
	}
	n := utf8.RuneCountInString(f)
	for _, st := range x.stems {
		if strings.HasPrefix(f, st.s) && n-st.n <= 3 {
			return st.k, true
		}
	}
	return "", false
}

// isCaps reports whether s has letters and all of them upper case.
func isCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			letters++
		}
	}
	return letters >= 2
}

func wrapped(s string, open string, close ...string) bool {
	if !strings.HasPrefix(s, open) {
		return false // trimming the end below keeps the start
	}
	c := open
	if len(close) > 0 {
		c = close[0]
	}
	s = cutColonSpace.trimRight(s)
	return len(s) > len(open)+len(c) && strings.HasPrefix(s, open) && strings.HasSuffix(s, c) &&
		!strings.Contains(s[len(open):len(s)-len(c)], open)
}

func isUnderline(l string) bool {
	t := strings.TrimSpace(l)
	return len(t) >= 3 && (strings.Trim(t, "-") == "" || strings.Trim(t, "=") == "")
}

// fieldsAtMost reports whether s has at most n fields as
// strings.Fields counts them, without building them.
func fieldsAtMost(s string, n int) bool {
	fields, inField := 0, false
	for i := 0; i < len(s); {
		sp, size := spaceAt(s, i)
		if !sp && !inField {
			if fields++; fields > n {
				return false
			}
		}
		inField = !sp
		i += size
	}
	return true
}

// splitTitle splits a plain heading line: "Done:", "Done: text",
// "Today -", "Today – text", or a bare title such as "DONE". colon says
// a separator followed the title.
func splitTitle(raw string) (title, inline string, colon, ok bool) {
	if isBullet(raw) {
		return "", "", false, false
	}
	best, size := -1, 0
	for _, sep := range []string{":", "：", " - ", " – ", " — "} {
		if i := strings.Index(raw, sep); i > 0 && (best < 0 || i < best) {
			best, size = i, len(sep)
		}
	}
	if best > 0 {
		return strings.TrimSpace(raw[:best]), strings.TrimSpace(raw[best+size:]), true, true
	}
	for _, suf := range []string{" -", " –", " —"} {
		if strings.HasSuffix(raw, suf) {
			return strings.TrimSpace(strings.TrimSuffix(raw, suf)), "", true, true
		}
	}
	if fieldsAtMost(raw, 4) && !strings.ContainsAny(raw, ".,;!?") {
		return raw, "", false, true
	}
	return "", "", false, false
}
