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

// oooSubjects start or make up out-of-office subjects, folded.
var oooSubjects = foldAll([]string{
	"out of office", "out of the office", "automatic reply", "auto-reply", "autoreply",
	"auto reply", "auto response", "autoresponse", "away from the office", "on vacation", "on leave",
	"abwesenheitsnotiz", "automatische antwort", "abwesend", "nicht im büro",
	"réponse automatique", "absence", "absent du bureau", "message d'absence",
	"respuesta automática", "fuera de la oficina", "ausente", "fuera de oficina",
	"resposta automática", "fora do escritório", "ausência",
	"risposta automatica", "fuori sede", "fuori ufficio", "assente",
	"automatisch antwoord", "afwezig", "niet aanwezig", "afwezigheid",
	"automatiskt svar", "frånvaro", "frånvarande", "ej på kontoret",
	"automatisk svar", "fraværende", "fravær", "ikke til stede", "ikke på kontoret",
	"automaattinen vastaus", "poissa", "lomalla", "poissaoloviesti",
	"odpowiedź automatyczna", "automatyczna odpowiedź", "nieobecność", "poza biurem",
	"automatická odpověď", "nepřítomnost", "mimo kancelář",
	"автоматический ответ", "автоответ", "нет на месте", "в отпуске", "вне офиса",
	"автоматична відповідь", "автовідповідь", "відсутній", "у відпустці",
	"otomatik yanıt", "otomatik cevap", "ofis dışında", "izinde",
	"自動返信", "自動応答", "不在", "外出中", "休暇中",
	"自动回复", "自動回覆", "不在办公室", "休假", "자동 회신", "자동 응답", "부재중", "부재 중",
})

// bounceSubjects are the subjects of delivery failure notices.
var bounceSubjects = foldAll([]string{
	"undelivered mail returned to sender", "delivery status notification",
	"mail delivery failed", "undeliverable:", "returned mail:", "delivery failure",
	"failure notice", "mail delivery subsystem", "message not delivered", "unzustellbar",
	"non remis", "no se puede entregar", "não entregue",
})

// autoReason classifies automatic mail (RFC 3834, RFC 3464, RFC 2369)
// and returns the reason, or "" for mail a person wrote.
func autoReason(h message.Header, mediaType, fromAddr, subject string) string {
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
	if hasAnyPrefix(fs, bounceSubjects) {
		return ReasonBounce
	}
	as := strings.ToLower(strings.TrimSpace(h.Get("Auto-Submitted")))
	prec := strings.ToLower(strings.Trim(strings.TrimSpace(h.Get("Precedence")), `"`))
	if as == "auto-replied" || h.Has("X-Autoreply") || h.Has("X-Autorespond") ||
		prec == "auto_reply" || isOOOSubject(fs) {
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
	if hasAnyPrefix(fs, oooSubjects) {
		return true
	}
	if i := strings.IndexByte(fs, ':'); i >= 0 && i < 40 {
		return hasAnyPrefix(strings.TrimSpace(fs[:i]), oooSubjects)
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
