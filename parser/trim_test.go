package parser

import (
	"strings"
	"testing"
)

// trimCases are reply shapes per client and language: in is the decoded
// text, want the new text a person wrote.
var trimCases = []struct {
	name, in, want string
}{
	{"en gmail top post", "Done: x\n\nOn Mon, 23 Nov 2026 at 09:00, Baton <b@x.com> wrote:\n> hello\n> there", "Done: x"},
	{"en attribution wrapped", "Done: x\n\nOn Mon, 23 Nov 2026 at 09:00, Baton Platform Check-ins <platform@baton.example.com>\nwrote:\n> hello", "Done: x"},
	{"en bottom post", "On 23/11/2026 09:00, Baton wrote:\n> question?\n\nDone: x\nNext: y", "Done: x\nNext: y"},
	{"en interleaved", "Ana wrote:\n> first?\nYes.\n> second?\nNo, Friday.\n> third", "Yes.\nNo, Friday."},
	{"en outlook original", "Done: x\n\n-----Original Message-----\nFrom: Baton\nSent: Monday\nTo: team\nSubject: check-in\n\nold text", "Done: x"},
	{"en outlook header block", "Done: x\n\n________________________________\nFrom: Baton <b@x.com>\nSent: Monday, November 23, 2026 9:00 AM\nTo: Team\nSubject: check-in\n\nold", "Done: x"},
	{"en outlook bold headers", "Done: x\n\n*From:* Baton\n*Sent:* Monday\n*To:* Team\n*Subject:* check-in\nold", "Done: x"},
	{"fr", "Fait : x\n\nLe lun. 23 nov. 2026 à 09:00, Baton <b@x.com> a écrit :\n> bonjour", "Fait : x"},
	{"fr outlook", "Fait : x\n\nDe : Baton <b@x.com>\nEnvoyé : lundi 23 novembre 2026 09:00\nÀ : Équipe\nObjet : point\nvieux", "Fait : x"},
	{"de", "Erledigt: x\n\nAm Mo., 23. Nov. 2026 um 09:00 Uhr schrieb Baton <b@x.com>:\n> Hallo", "Erledigt: x"},
	{"de outlook", "Erledigt: x\n\nVon: Baton <b@x.com>\nGesendet: Montag, 23. November 2026 09:00\nAn: Team\nBetreff: Check-in\nalt", "Erledigt: x"},
	{"de original", "Erledigt: x\n\n-----Ursprüngliche Nachricht-----\nVon: Baton\nalt", "Erledigt: x"},
	{"es", "Hecho: x\n\nEl lun, 23 nov 2026 a las 9:00, Baton (<b@x.com>) escribió:\n> Hola", "Hecho: x"},
	{"es outlook", "Hecho: x\n\nDe: Baton\nEnviado: lunes\nPara: Equipo\nAsunto: check-in\nviejo", "Hecho: x"},
	{"pt", "Feito: x\n\nEm seg., 23 de nov. de 2026 às 09:00, Baton <b@x.com> escreveu:\n> Olá", "Feito: x"},
	{"it", "Fatto: x\n\nIl giorno lun 23 nov 2026 alle ore 09:00 Baton <b@x.com> ha scritto:\n> Ciao", "Fatto: x"},
	{"nl", "Gedaan: x\n\nOp ma 23 nov. 2026 om 09:00 schreef Baton <b@x.com>:\n> Hoi", "Gedaan: x"},
	{"nl outlook", "Gedaan: x\n\nVan: Baton\nVerzonden: maandag\nAan: Team\nOnderwerp: check-in\noud", "Gedaan: x"},
	{"sv", "Klart: x\n\nDen mån 23 nov. 2026 kl 09:00 skrev Baton <b@x.com>:\n> Hej", "Klart: x"},
	{"da", "Færdig: x\n\nDen man. 23. nov. 2026 kl. 09.00 skrev Baton <b@x.com>:\n> Hej", "Færdig: x"},
	{"no", "Ferdig: x\n\nman. 23. nov. 2026 kl. 09:00 skrev Baton <b@x.com>:\n> Hei", "Ferdig: x"},
	{"fi", "Tehty: x\n\nBaton <b@x.com> kirjoitti ma 23.11.2026 klo 9.00:\n> Moi", "Tehty: x"},
	{"pl", "Zrobione: x\n\nW dniu pon., 23.11.2026 o 09:00 Baton <b@x.com> napisał(a):\n> Cześć", "Zrobione: x"},
	{"cs", "Hotovo: x\n\nDne po 23. 11. 2026 9:00 uživatel Baton <b@x.com> napsal:\n> Ahoj", "Hotovo: x"},
	{"ru", "Сделано: x\n\nпн, 23 нояб. 2026 г. в 09:00, Baton <b@x.com>:\n> Привет", "Сделано: x"},
	{"ru napisal", "Сделано: x\n\n23.11.2026 09:00, Baton пишет:\n> Привет", "Сделано: x"},
	{"uk", "Зроблено: x\n\nпн, 23 лист. 2026 р. о 09:00 Baton <b@x.com> пише:\n> Привіт", "Зроблено: x"},
	{"tr", "Tamamlandı: x\n\nBaton <b@x.com>, 23 Kas 2026 Pzt, 09:00 tarihinde şunu yazdı:\n> Merhaba", "Tamamlandı: x"},
	{"ja", "完了: x\n\n2026年11月23日(月) 9:00 Baton <b@x.com>:\n> こんにちは", "完了: x"},
	{"zh", "完成：x\n\nBaton <b@x.com> 于2026年11月23日周一 09:00写道：\n> 你好", "完成：x"},
	{"ko", "완료: x\n\n2026년 11월 23일 (월) 오전 9:00, Baton <b@x.com>님이 작성:\n> 안녕하세요", "완료: x"},
	{"gmail forward", "FYI, see below.\n\n---------- Forwarded message ---------\nFrom: X\nDate: Y\nSubject: Z\n\nold", "FYI, see below."},
	{"apple forward", "Bo, can you check?\n\nBegin forwarded message:\n\nFrom: X\nSubject: Z\nold", "Bo, can you check?"},
	{"de forward", "Zur Info.\n\n---------- Weitergeleitete Nachricht ---------\nVon: X", "Zur Info."},
	{"signature dash", "Done: x\n\n-- \nAna Souza\nPlatform", "Done: x"},
	{"signoff thanks name", "Done: x\nNext: y\n\nThanks,\nAna", "Done: x\nNext: y"},
	{"signoff best regards block", "Done: x\n\nBest regards,\nBo Chen\nStaff Engineer, Platform\n+1 555 0100", "Done: x"},
	{"signoff inline", "Done: x\n\nCheers, Bo", "Done: x"},
	{"signoff de", "Erledigt: x\n\nViele Grüße\nJörg", "Erledigt: x"},
	{"signoff ja", "完了: x\n\nよろしくお願いします。\n山田", "完了: x"},
	{"dash name", "Done: x\n\n—Ana", "Done: x"},
	{"bullet is not a name", "Next:\n- Review", "Next:\n- Review"},
	{"iphone", "Done: x\n\nSent from my iPhone", "Done: x"},
	{"iphone de", "Erledigt: x\n\nVon meinem iPhone gesendet", "Erledigt: x"},
	{"iphone fr", "Fait : x\n\nEnvoyé de mon iPhone", "Fait : x"},
	{"iphone ja", "完了: x\n\niPhoneから送信", "完了: x"},
	{"outlook mobile", "Done: x\n\nGet Outlook for iOS", "Done: x"},
	{"disclaimer", "Done: x\n\nCONFIDENTIALITY NOTICE: This e-mail message is for the sole use of the intended recipient(s).", "Done: x"},
	{"disclaimer long", "Done: x\n\nThis email and any attachments are confidential and intended solely for the addressee. If you received it in error, delete it.", "Done: x"},
	{"keeps wrote in prose", "Here is what I wrote:\nthe plan is fine", "Here is what I wrote:\nthe plan is fine"},
	{"keeps from line", "From: now on we deploy on Tuesdays", "From: now on we deploy on Tuesdays"},
	{"keeps thanks sentence", "Done: x\n\nThanks for the quick review, Bo!", "Done: x\n\nThanks for the quick review, Bo!"},
	{"top attribution then text", "On Tue, 24 Nov 2026, \"Baton\" <b@x.com> wrote:\n\nDone: x\n\n> hello", "Done: x"},
	{"date-first slash", "Done: x\n\n2013/7/20 Baton <b@x.com>\n\n> hello", "Done: x"},
	{"date-first iso", "Done: x\n\n2016-03-03 17:21 GMT+01:00 Baton <b@x.com>:\n> hello", "Done: x"},
	{"split mailto", "Done: x\n\nOn Thu, 31 Mar 2016 at 11:16 Baton <\nmailto:b@x.com> wrote:\n> hello", "Done: x"},
	{"zoho", "Done: x\n\n---- On Tue, 24 Nov 2026 09:00:00 +0100 Baton <b@x.com> wrote ----\n\nold", "Done: x"},
	{"de quoted name", "Erledigt: x\n\nAm 21.04.2016 17:48 schrieb \"Baton\" <b@x.com>:\n> Hallo", "Erledigt: x"},
	{"mutt interleaved", "* Baton <b@x.com> [2026-11-24 09:00]:\n> first?\n\nYes.", "Yes."},
	{"pipe quotes", "Done: x\n\nOn Tue, Baton wrote:\n| hello\n| there", "Done: x"},
	{"table row is not a quote", "Done:\n| a | b |", "Done:\n| a | b |"},
	{"fr outlook nbsp", "Fait : x\n\nDe\u00a0: Baton <b@x.com>\nEnvoyé\u00a0: mardi\nÀ\u00a0: Équipe\nObjet\u00a0: point\nvieux", "Fait : x"},
	{"es outlook enviado el", "Hecho: x\n\nDe: Baton\nEnviado el: martes\nPara: Equipo\nAsunto: check-in\nviejo", "Hecho: x"},
	{"hu outlook", "Done: x\n\nFeladó: Baton\nElküldve: kedd\nCímzett: Csapat\nTárgy: check-in\nold", "Done: x"},
	{"short reply kept", "Thank you.\n\nSent from my iPhone\n\n> hello", "Thank you."},
	{"short danke kept", "Danke!\n\nAm Di., 24. Nov. 2026 um 09:00 Uhr schrieb Baton <b@x.com>:\n> Hallo", "Danke!"},
	{"footer words in prose", "The files we\nsent via the portal were cut.\nMore tomorrow.", "The files we\nsent via the portal were cut.\nMore tomorrow."},
	{"wrote in prose before text", "The vendor\nwrote back at 10:15:\nthe limit is theirs.", "The vendor\nwrote back at 10:15:\nthe limit is theirs."},
	{"quoting someone in prose", "Heads-up for on-call. As Priya wrote on Monday:\n> no restarts\nDone tonight.", "Heads-up for on-call. As Priya wrote on Monday:\nDone tonight."},
	{"empty", "", ""},
	{"only quote", "> a\n> b", ""},
}

func TestTrim(t *testing.T) {
	for _, c := range trimCases {
		t.Run(c.name, func(t *testing.T) {
			if got := trim(c.in, "").text; got != c.want {
				t.Errorf("trim(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

// TestBareNameSignOffWithoutDisplayName: a reply from an address with
// no display name still loses a closing line that is the sender's first
// name, matched against the address's local part.
func TestBareNameSignOffWithoutDisplayName(t *testing.T) {
	for _, from := range []string{"dana@example.com", "dana.kim@example.com", "Dana Kim <dk@example.com>"} {
		m := Parse([]byte("From: "+from+"\r\nSubject: Re: x\r\n\r\nThursday is fine with me.\r\n\r\nDana\r\n"), Options{})
		if m.Body != "Thursday is fine with me." {
			t.Errorf("From %s: body %q, want the sign-off dropped", from, m.Body)
		}
	}
	m := Parse([]byte("From: bo@example.com\r\nSubject: Re: x\r\n\r\nThursday is fine with me.\r\n\r\nDana\r\n"), Options{})
	if !strings.HasSuffix(m.Body, "Dana") {
		t.Errorf("another's name was dropped as a sign-off: %q", m.Body)
	}
}

// TestCJKGivenNameSignOff: a Japanese or Chinese reply closed with the
// sender's given name alone ("宏" from 田中宏) loses that line, and it
// is not filed as a note.
func TestCJKGivenNameSignOff(t *testing.T) {
	for _, from := range []string{"=?utf-8?b?55Sw5Lit5a6P?= <hiroshi@example.jp>", "=?utf-8?b?55Sw5LitIOWujw==?= <hiroshi@example.jp>"} {
		m := Parse([]byte("From: "+from+"\r\nSubject: Re: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n完了:\r\n- 移行\r\n\r\n宏\r\n"), Options{})
		if m.Body != "完了:\n- 移行" {
			t.Errorf("From %s: body %q, want the given name dropped", from, m.Body)
		}
	}
}
