package parser

import (
	"strings"

	"github.com/emersion/go-message"
)

// Reasons a message is automatic. They are stable tokens: the gateway
// logs and stores them.
const (
	ReasonBounce        = "bounce"         // DSN, MAILER-DAEMON, postmaster
	ReasonOutOfOffice   = "out-of-office"  // vacation responders
	ReasonAutoSubmitted = "auto-submitted" // RFC 3834 Auto-Submitted, Exchange hints
	ReasonBulk          = "bulk"           // Precedence: bulk or junk
	ReasonList          = "list"           // mailing-list traffic
)

// oooSubjects start or make up out-of-office subjects, folded. Each is
// a phrase no ordinary subject starts with.
var oooSubjects = foldAll([]string{
	"out of office", "out of the office", "automatic reply", "auto-reply", "autoreply",
	"auto reply", "auto response", "autoresponse", "away from the office", "on vacation", "on leave",
	"abwesenheitsnotiz", "automatische antwort", "nicht im büro",
	"réponse automatique", "absent du bureau", "message d'absence",
	"respuesta automática", "fuera de la oficina", "fuera de oficina",
	"resposta automática", "fora do escritório",
	"risposta automatica", "fuori sede", "fuori ufficio",
	"automatisch antwoord", "niet aanwezig",
	"automatiskt svar", "ej på kontoret",
	"automatisk svar", "ikke til stede", "ikke på kontoret",
	"automaattinen vastaus", "poissaoloviesti",
	"odpowiedź automatyczna", "automatyczna odpowiedź", "poza biurem",
	"automatická odpověď", "mimo kancelář",
	"автоматический ответ", "автоответ", "нет на месте", "в отпуске", "вне офиса",
	"автоматична відповідь", "автовідповідь", "у відпустці",
	"otomatik yanıt", "otomatik cevap", "ofis dışında",
	"自動返信", "自動応答", "不在", "外出中", "休暇中",
	"自动回复", "自動回覆", "不在办公室", "休假", "자동 회신", "자동 응답", "부재중", "부재 중",
})

// oooWords are single words that make an out-of-office subject only
// when nothing or a time follows: "Absent", "Abwesend bis 3.12.",
// "Poissa huomenna"; "Absence of tests in billing" is not one.
var oooWords = foldAll([]string{
	"absence", "absent", "abwesend", "abwesenheit", "ausente", "ausência", "assente", "assenza",
	"afwezig", "afwezigheid", "frånvaro", "frånvarande", "fravær", "fraværende", "poissa",
	"lomalla", "nieobecność", "nieobecny", "nieobecna", "nepřítomnost", "nepřítomen",
	"відсутній", "відсутня", "отсутствую", "izinde", "izindeyim",
})

// oooTimeWords may follow an out-of-office word: when the sender is
// away. A word starting with a digit counts too.
var oooTimeWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range foldAll([]string{
		"today", "tomorrow", "until", "till", "from", "on", "this", "next", "monday", "tuesday", "wednesday",
		"thursday", "friday", "week", "aujourd'hui", "demain", "jusqu'au", "du", "le", "lundi", "mardi",
		"mercredi", "jeudi", "vendredi", "heute", "morgen", "bis", "ab", "am", "vom", "montag", "dienstag",
		"mittwoch", "donnerstag", "freitag", "hoy", "mañana", "hasta", "desde", "el", "lunes", "martes",
		"miércoles", "jueves", "viernes", "hoje", "amanhã", "até", "segunda", "terça", "quarta", "quinta",
		"sexta", "oggi", "domani", "fino", "dal", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì",
		"vandaag", "tot", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "idag", "imorgon",
		"måndag", "tisdag", "onsdag", "torsdag", "fredag", "i", "fra", "til", "mandag", "tirsdag",
		"tänään", "huomenna", "asti", "maanantaina", "tiistaina", "keskiviikkona", "torstaina",
		"perjantaina", "dziś", "dzisiaj", "jutro", "do", "od", "dnes", "zítra", "сегодня", "завтра",
		"до", "с", "сьогодні", "bugün", "yarın",
	}) {
		m[w] = true
	}
	return m
}()

// bounceSubjects are the subjects of delivery failure notices.
var bounceSubjects = foldAll([]string{
	"undelivered mail returned to sender", "delivery status notification",
	"mail delivery failed", "undeliverable:", "returned mail:", "delivery failure",
	"failure notice", "mail delivery subsystem", "message not delivered", "unzustellbar",
	"non remis", "no se puede entregar", "não entregue",
})

// autoReason classifies automatic mail (RFC 3834, RFC 3464, RFC 2369)
// and returns the reason, or "" for mail a person wrote. Header
// signals decide first; a subject phrase alone (an out-of-office word,
// a bounce subject without a bounce sender or report) only classifies
// mail without update structure, since people write "Assente venerdì"
// above their Done and Next too.
func autoReason(h message.Header, mediaType, fromAddr, subject string, structured bool) string {
	local := fromAddr
	if i := strings.LastIndexByte(local, '@'); i >= 0 {
		local = local[:i]
	}
	switch {
	case mediaType == "multipart/report", h.Has("X-Failed-Recipients"),
		local == "mailer-daemon", local == "postmaster":
		return ReasonBounce
	}
	fs := fold(subject)
	if !structured && hasAnyPrefix(fs, bounceSubjects) {
		return ReasonBounce
	}
	as := strings.ToLower(strings.TrimSpace(h.Get("Auto-Submitted")))
	prec := strings.ToLower(strings.Trim(strings.TrimSpace(h.Get("Precedence")), `"`))
	if as == "auto-replied" || h.Has("X-Autoreply") || h.Has("X-Autorespond") ||
		prec == "auto_reply" || !structured && isOOOSubject(fs) {
		return ReasonOutOfOffice
	}
	if as != "" && as != "no" || h.Has("X-Auto-Response-Suppress") {
		return ReasonAutoSubmitted
	}
	switch prec {
	case "bulk", "junk":
		return ReasonBulk
	case "list":
		return ReasonList
	}
	if h.Has("List-Id") || h.Has("List-Unsubscribe") {
		return ReasonList
	}
	return ""
}

// isOOOSubject matches an out-of-office phrase at the start of the
// subject, after any "Re:"-style prefix, or right after a colon.
func isOOOSubject(fs string) bool {
	fs = stripReplyPrefix(fs)
	if isOOOStart(fs) {
		return true
	}
	if i := strings.IndexByte(fs, ':'); i >= 0 && i < 40 {
		return isOOOStart(strings.TrimSpace(fs[:i]))
	}
	return false
}

// isOOOStart reports whether folded fs starts with an out-of-office
// phrase, or with an out-of-office word followed by nothing, a
// separator or a time ("abwesend bis", "poissa huomenna").
func isOOOStart(fs string) bool {
	if hasAnyPrefix(fs, oooSubjects) {
		return true
	}
	for _, w := range oooWords {
		if !strings.HasPrefix(fs, w) {
			continue
		}
		rest := fs[len(w):]
		if rest == "" || strings.IndexAny(rest[:1], ":-–(,/|!.") == 0 {
			return true
		}
		if rest[0] != ' ' {
			continue // "absentee", "absences"
		}
		next, _, _ := strings.Cut(strings.TrimSpace(rest), " ")
		next = strings.TrimRight(next, ",.:;")
		if next == "" || next[0] >= '0' && next[0] <= '9' || oooTimeWords[next] || strings.IndexAny(next[:1], "-–(") == 0 {
			return true
		}
	}
	return false
}

// hasStructure reports whether a parsed message reads as an update: a
// headed section, a decision, a question or a blocker.
func hasStructure(m *Message) bool {
	if len(m.Decisions) > 0 || len(m.Questions) > 0 || len(m.Blockers) > 0 {
		return true
	}
	for _, s := range m.Sections {
		if s.Kind != Notes || s.Title != "" {
			return true
		}
	}
	return false
}

// stripReplyPrefix removes "Re:", "AW:", "Fwd:" style prefixes.
func stripReplyPrefix(fs string) string {
	for {
		fs = strings.TrimSpace(fs)
		i := strings.IndexByte(fs, ':')
		if i <= 0 || i > 5 || !replyPrefixes[strings.TrimSpace(fs[:i])] {
			return fs
		}
		fs = fs[i+1:]
	}
}

// replyPrefixes are folded subject prefixes for replies and forwards.
var replyPrefixes = map[string]bool{
	"re": true, "aw": true, "sv": true, "vs": true, "antw": true, "r": true, "rif": true,
	"res": true, "odp": true, "ynt": true, "ha": true, "回复": true, "答复": true, "返信": true,
	"fwd": true, "fw": true, "wg": true, "tr": true, "rv": true, "enc": true, "i": true,
	"doorst": true, "vb": true, "vl": true, "pd": true, "fs": true, "ilt": true, "转发": true, "転送": true,
}

// forwardPrefixes mark a forwarded message's subject.
var forwardPrefixes = map[string]bool{
	"fwd": true, "fw": true, "wg": true, "tr": true, "rv": true, "enc": true, "i": true,
	"doorst": true, "vb": true, "vl": true, "pd": true, "fs": true, "ilt": true, "转发": true, "転送": true,
}

func isForwardSubject(subject string) bool {
	fs := strings.TrimSpace(fold(subject))
	i := strings.IndexByte(fs, ':')
	return i > 0 && i <= 6 && forwardPrefixes[strings.TrimSpace(fs[:i])]
}
