#!/usr/bin/env python3
"""Writes the reply-reading corpus: NAME.eml and NAME.want.json.

Each message is a reply (or forward) to Baton's check-in prompt as a
given client writes it: its quoting style, attribution line, footer,
charset and transfer encoding. The want file holds the new text the
person wrote (holdout labelling rules, ../holdout/README.md) and its
sections. Run from this directory: python3 gen.py
"""
import base64, json, os, quopri, re, glob

TEAM = "platform+k7q2m9@baton.example.com"
BATON = "Baton <%s>" % TEAM

PROMPT = """Good morning, Platform!

It's Tuesday, 24 November. Reply to this email with your update:
what you got done, what's next, and anything blocking you.
Headings are optional; plain prose works too.

Monday's digest, in short:

  Done
  - Ana: read replicas for the billing DB ready on Postgres 16
  - Bo: payments-api connection pool raised to 120

  Next
  - Invoice write-path cutover, proposed Wed 07:00 UTC

  Blockers
  - Security review for the new replica subnets (waiting since Tue)

Full digest: https://baton.example.com/t/platform/2026-11-23

-- 
Baton | reply above this line | unsubscribe: https://baton.example.com/u/k7q2m9"""

def q(text, mark="> "):
    return "\n".join((mark + l) if l else mark.rstrip() for l in text.split("\n"))

# ---------------------------------------------------------------- updates
# key: (text with sign-off, expected body, sections)
U = {}
def upd(key, core, sections, signoff=""):
    text = core + ("\n\n" + signoff if signoff else "")
    U[key] = (text, core, sections)

upd("en-headed", """Hi team,

Done:
- Moved the billing exporter to the new replica; the nightly run took 14 minutes.
- Reviewed Bo's PR for the retry queue.

Next:
- Cut over the invoice write path on Wednesday at 07:00 UTC.

Blockers:
- None.""", [("done", ["Moved the billing exporter to the new replica; the nightly run took 14 minutes.", "Reviewed Bo's PR for the retry queue."]), ("next", ["Cut over the invoice write path on Wednesday at 07:00 UTC."])], "Thanks,\nAna")

upd("en-prose", """Quick one today: the cache warmer is live in eu-west and the hit rate went from 61% to 88%.

Tomorrow I'll look at the cold-start numbers for the APAC region.""", [("notes", ["Quick one today: the cache warmer is live in eu-west and the hit rate went from 61% to 88%.", "Tomorrow I'll look at the cold-start numbers for the APAC region."])], "Cheers,\nBo")

upd("en-markdown", """## Done
- Finished the Kafka 3.6 upgrade plan for staging.
- Load test of the consumer group: 40k msg/s without lag.

## Next
- Upgrade staging on Thursday.

## Decisions
- We decided to keep the old brokers for two weeks because rollback is cheap.

## Questions
- @dana can we get a maintenance window on Saturday?""", [("done", ["Finished the Kafka 3.6 upgrade plan for staging.", "Load test of the consumer group: 40k msg/s without lag."]), ("next", ["Upgrade staging on Thursday."]), ("decisions", ["We decided to keep the old brokers for two weeks because rollback is cheap."]), ("questions", ["@dana can we get a maintenance window on Saturday?"])], "Chidi")

upd("en-emoji", """✅ Done
- Shipped the new onboarding emails to 10% of sign-ups.
- Fixed the broken unsubscribe link in the footer.

🚧 Blockers
- Legal hasn't approved the new consent wording yet.

➡️ Next
- Ramp to 50% once legal signs off.""", [("done", ["Shipped the new onboarding emails to 10% of sign-ups.", "Fixed the broken unsubscribe link in the footer."]), ("blockers", ["Legal hasn't approved the new consent wording yet."]), ("next", ["Ramp to 50% once legal signs off."])], "Best,\nDana")

upd("en-emoji-colon", """🎉 Done:
- Payments dashboard is live for the finance team.

🔜 Next:
- Add the refunds panel.

🛑 Blockers:
- Waiting for read access to the refunds table.""", [("done", ["Payments dashboard is live for the finance team."]), ("next", ["Add the refunds panel."]), ("blockers", ["Waiting for read access to the refunds table."])])

upd("en-inline", """Done: rotated the TLS certificates on the edge proxies.
Next: automate the rotation with cert-manager.
Blockers: none""", [("done", ["rotated the TLS certificates on the edge proxies."]), ("next", ["automate the rotation with cert-manager."])], "Regards,\nMateo Rossi\nSite Reliability Engineer\n+44 20 7946 0011")

upd("en-rationale", """Decision: move the payments service to weekly releases.
Rationale: QA cannot keep up with daily deploys and we had two rollbacks last week.

Next:
- Announce the new release calendar in #eng.""", [("decisions", ["move the payments service to weekly releases.", "Rationale: QA cannot keep up with daily deploys and we had two rollbacks last week."]), ("next", ["Announce the new release calendar in #eng."])], "Thanks!\nSanne")

upd("en-caps", """DONE
- Wrote the runbook for the Redis failover.

TODAY
- Game day with the on-call team at 14:00.

BLOCKERS
- The staging Redis cluster is still on 6.2.""", [("done", ["Wrote the runbook for the Redis failover."]), ("next", ["Game day with the on-call team at 14:00."]), ("blockers", ["The staging Redis cluster is still on 6.2."])], "--\nBo Chen")

upd("en-bold", """**Yesterday**
- Paired with Ana on the replica lag alert.

**Today**
- Write the postmortem for Sunday's outage.

**Blocked on**
- Access to the CDN logs.""", [("done", ["Paired with Ana on the replica lag alert."]), ("next", ["Write the postmortem for Sunday's outage."]), ("blockers", ["Access to the CDN logs."])])

upd("en-cutoff", """Update on the export bug: the CSV files we
sent via the partner portal were truncated at 64 KB. The vendor
wrote back at 10:15:
the limit is on their side and they will lift it on Friday.

Next I'll re-send the March files once they confirm.""", [("notes", ["Update on the export bug: the CSV files we sent via the partner portal were truncated at 64 KB. The vendor wrote back at 10:15: the limit is on their side and they will lift it on Friday.", "Next I'll re-send the March files once they confirm."])], "Ana")

upd("en-question", """Done:
- Upgraded the CI runners to 16 GB.

Questions:
- Should we keep the old runners as a fallback until January?
- Bo, do you still need the ARM builders?""", [("done", ["Upgraded the CI runners to 16 GB."]), ("questions", ["Should we keep the old runners as a fallback until January?", "Bo, do you still need the ARM builders?"])], "Thanks,\nDana Kim\nEngineering Manager | Platform")

upd("en-numbered", """1. Done
- Closed 14 support tickets about the login loop.
2. Next
- Pair with Chidi on the session store.
3. Blockers
- None""", [("done", ["Closed 14 support tickets about the login loop."]), ("next", ["Pair with Chidi on the session store."])], "Kind regards,\nPriya")

upd("de-headed", """Hallo zusammen,

Erledigt:
- Migration der Kundendatenbank auf Postgres 16 abgeschlossen.
- Dashboards für die Replikation gebaut.

Als Nächstes:
- Lasttest mit 2.000 gleichzeitigen Nutzern.

Blocker:
- Wir warten auf die Freigabe der Firewall-Regeln durch die IT-Sicherheit.""", [("done", ["Migration der Kundendatenbank auf Postgres 16 abgeschlossen.", "Dashboards für die Replikation gebaut."]), ("next", ["Lasttest mit 2.000 gleichzeitigen Nutzern."]), ("blockers", ["Wir warten auf die Freigabe der Firewall-Regeln durch die IT-Sicherheit."])], "Viele Grüße\nJonas")

upd("de-weil", """Entscheidung: Wir bleiben bei Postgres statt MySQL, weil das Team damit mehr Erfahrung hat.

Nächste Schritte:
- Schema-Review am Donnerstag.""", [("decisions", ["Wir bleiben bei Postgres statt MySQL, weil das Team damit mehr Erfahrung hat."]), ("next", ["Schema-Review am Donnerstag."])], "Beste Grüße,\nJonas Weber")

upd("de-prose", """Kurzes Update: Der neue Build-Cache spart uns etwa 40 % Laufzeit in der CI.

Morgen schaue ich mir die flakey Integrationstests im Checkout an.""", [("notes", ["Kurzes Update: Der neue Build-Cache spart uns etwa 40 % Laufzeit in der CI.", "Morgen schaue ich mir die flakey Integrationstests im Checkout an."])], "LG\nJonas")

upd("fr-headed", """Bonjour à tous,

Fait :
- Mise en production du nouveau moteur de recherche sur le catalogue.
- Correction du bug de pagination signalé par le support.

À faire :
- Indexer les fiches produits en néerlandais.

Bloquants :
- Aucun.""", [("done", ["Mise en production du nouveau moteur de recherche sur le catalogue.", "Correction du bug de pagination signalé par le support."]), ("next", ["Indexer les fiches produits en néerlandais."])], "Cordialement,\nCamille Dubois")

upd("fr-prose", """Petit point rapide : la migration des sauvegardes est terminée, tout est vert depuis hier soir.

Je m'attaque demain à la rotation des clés KMS.""", [("notes", ["Petit point rapide : la migration des sauvegardes est terminée, tout est vert depuis hier soir.", "Je m'attaque demain à la rotation des clés KMS."])], "Bonne journée,\nCamille")

upd("fr-decision", """Décision : on garde l'ancien bucket en lecture seule pendant l'audit, parce que la conformité veut comparer les exports.

Prochaines étapes :
- Supprimer l'ancien bucket après le 31 décembre.""", [("decisions", ["on garde l'ancien bucket en lecture seule pendant l'audit, parce que la conformité veut comparer les exports."]), ("next", ["Supprimer l'ancien bucket après le 31 décembre."])], "Merci,\nCamille")

upd("es-headed", """Hola equipo,

Hecho:
- Terminé la integración con la pasarela de pagos de México.

Siguiente:
- Pruebas de carga con el equipo de QA.

Bloqueos:
- Necesitamos acceso al entorno de staging del proveedor.""", [("done", ["Terminé la integración con la pasarela de pagos de México."]), ("next", ["Pruebas de carga con el equipo de QA."]), ("blockers", ["Necesitamos acceso al entorno de staging del proveedor."])], "Saludos,\nLucía")

upd("es-prose", """Buenas, hoy terminé la revisión de los permisos de IAM en producción; quedan tres roles por limpiar.

Mañana sigo con los de staging.""", [("notes", ["Buenas, hoy terminé la revisión de los permisos de IAM en producción; quedan tres roles por limpiar.", "Mañana sigo con los de staging."])], "Un saludo,\nLucía")

upd("it-headed", """Ciao a tutti,

Fatto:
- Aggiornato il client Android alla versione 5.3.
- Risolto il crash all'avvio su Android 12.

Prossimi passi:
- Rilascio graduale al 20% degli utenti.

Bloccanti:
- Nessuno.""", [("done", ["Aggiornato il client Android alla versione 5.3.", "Risolto il crash all'avvio su Android 12."]), ("next", ["Rilascio graduale al 20% degli utenti."])], "Grazie,\nGiulia")

upd("nl-headed", """Hoi allemaal,

Gedaan:
- De nieuwe facturatie-API staat op acceptatie.

Volgende:
- Performancetest met 500 requests per seconde.

Blokkades:
- Geen.""", [("done", ["De nieuwe facturatie-API staat op acceptatie."]), ("next", ["Performancetest met 500 requests per seconde."])], "Groeten,\nSanne")

upd("pt-headed", """Olá pessoal,

Feito:
- Migração do serviço de notificações para o Kubernetes.

Próximos passos:
- Ajustar os limites de memória dos pods.

Bloqueios:
- Nenhum.""", [("done", ["Migração do serviço de notificações para o Kubernetes."]), ("next", ["Ajustar os limites de memória dos pods."])], "Abraços,\nRafael")

upd("pl-headed", """Cześć,

Zrobione:
- Wdrożyłem nową wersję serwisu płatności na produkcję.

Dalej:
- Monitoring błędów przez najbliższe dwa dni.

Blokery:
- Brak.""", [("done", ["Wdrożyłem nową wersję serwisu płatności na produkcję."]), ("next", ["Monitoring błędów przez najbliższe dwa dni."])], "Pozdrawiam,\nPiotr")

upd("sv-headed", """Hej!

Klart:
- Nya inloggningsflödet är ute för alla användare.

Nästa:
- Städa bort den gamla sessionstjänsten.

Hinder:
- Inga.""", [("done", ["Nya inloggningsflödet är ute för alla användare."]), ("next", ["Städa bort den gamla sessionstjänsten."])], "Hälsningar,\nErik")

upd("ja-headed", """お疲れ様です。

完了:
- 決済APIのタイムアウト設定を見直しました。
- ステージング環境の証明書を更新しました。

予定:
- 本番環境への反映（木曜日）

課題:
- なし""", [("done", ["決済APIのタイムアウト設定を見直しました。", "ステージング環境の証明書を更新しました。"]), ("next", ["本番環境への反映（木曜日）"])], "よろしくお願いします。\n田中")

upd("ja-firstname", """お疲れ様です。

昨日やったこと:
- ログ収集基盤の移行

今日やること:
- 監視アラートの整理""", [("done", ["ログ収集基盤の移行"]), ("next", ["監視アラートの整理"])], "宏")

upd("zh-headed", """大家好，

已完成：
- 修复了订单导出的编码问题。
- 完成了支付回调的压力测试。

计划：
- 周四上线新版本。

问题：
- 无""", [("done", ["修复了订单导出的编码问题。", "完成了支付回调的压力测试。"]), ("next", ["周四上线新版本。"])], "谢谢\n王伟")

upd("ru-headed", """Привет!

Сделано:
- Обновил кластер Redis до версии 7.2.

Дальше:
- Перевести сервис сессий на новый кластер.

Блокеры:
- Нет.""", [("done", ["Обновил кластер Redis до версии 7.2."]), ("next", ["Перевести сервис сессий на новый кластер."])], "С уважением,\nДмитрий")

upd("da-headed", """Hej alle,

Færdigt:
- Backup-jobbet kører nu hver nat kl. 02.

Næste:
- Test af gendannelse på staging.""", [("done", ["Backup-jobbet kører nu hver nat kl. 02."]), ("next", ["Test af gendannelse på staging."])], "Venlig hilsen\nMads")

upd("fi-prose", """Moi, tänään sain valmiiksi lokien säilytysajan muutoksen kaikkiin ympäristöihin.

Huomenna jatkan hälytysten siivousta.""", [("notes", ["Moi, tänään sain valmiiksi lokien säilytysajan muutoksen kaikkiin ympäristöihin.", "Huomenna jatkan hälytysten siivousta."])], "Terveisin,\nAino")

# Short replies: the whole update is one line.
for key, s in [("thankyou", "Thank you."), ("thanks", "Thanks!"), ("plus1", "+1"), ("danke", "Danke!"),
               ("merci", "Merci !"), ("gracias", "¡Gracias!"), ("arigato", "ありがとうございます。"),
               ("soundsgood", "Sounds good, go ahead."), ("dankje", "Dank je!"), ("okthumb", "OK 👍"),
               ("lgtm", "LGTM"), ("grazie", "Grazie mille!")]:
    upd("short-" + key, s, [("notes", [s])])

# ---------------------------------------------------------------- clients
# A client turns the person's text into the decoded body it sends.
def gmail(attr):
    return lambda t: t + "\n\n" + attr + "\n\n" + q(PROMPT) + "\n"

def bottom(attr):
    return lambda t: attr + "\n" + q(PROMPT) + "\n\n" + t + "\n"

def top_attr(attr):
    # The client wrote the attribution first; the person typed under it.
    return lambda t: attr + "\n\n" + t + "\n\n" + q(PROMPT) + "\n"

def outlook(keys, rule=True, nbsp=False):
    frm, sent, to, subj = keys
    sp = "\u00a0" if nbsp else ""
    def f(t):
        k = (lambda key: key.rstrip() + "\u00a0") if nbsp else (lambda key: key)
        h = ["%s: %s" % (k(frm[0]), frm[1]), "%s: %s" % (k(sent[0]), sent[1]),
             "%s: %s" % (k(to[0]), to[1]), "%s: %s" % (k(subj[0]), subj[1])]
        r = "________________________________\n" if rule else ""
        return t + "\n\n" + r + "\n".join(h) + "\n\n" + PROMPT + "\n"
    return f

def original(word, keys):
    frm, sent, to, subj = keys
    return lambda t: t + "\n\n-----%s-----\n%s: %s\n%s: %s\n%s: %s\n%s: %s\n\n%s\n" % (
        word, frm[0], frm[1], sent[0], sent[1], to[0], to[1], subj[0], subj[1], PROMPT)

def footer(inner, line):
    return lambda t: inner(t + "\n\n" + line)

def zoho(quoted=True):
    attr = "---- On Tue, 24 Nov 2026 09:00:00 +0100 Baton <%s> wrote ----" % TEAM
    body = q(PROMPT) if quoted else PROMPT
    return lambda t: t + "\n\n\n" + attr + "\n\n" + body + "\n"

def pipe():
    return lambda t: t + "\n\nOn Tue, Nov 24, 2026 at 09:00, Baton wrote:\n" + q(PROMPT, "| ") + "\n"

ATTR = {
    "en": "On Tue, 24 Nov 2026 at 09:00, Baton <%s> wrote:" % TEAM,
    "en-quoted-name": 'On Tue, Nov 24, 2026 at 9:00 AM "Baton" <%s> wrote:' % TEAM,
    "apple": "On 24 Nov 2026, at 09:00, Baton <%s> wrote:" % TEAM,
    "tb": "On 24/11/2026 09:00, Baton wrote:",
    "yahoo": "On Tuesday, November 24, 2026, 09:00:00 AM GMT+1, Baton <%s> wrote:" % TEAM,
    "de": "Am Di., 24. Nov. 2026 um 09:00 Uhr schrieb Baton <%s>:" % TEAM,
    "de-quoted": 'Am 24.11.2026 09:00 schrieb "Baton Check-in" <%s>:' % TEAM,
    "fr": "Le mar. 24 nov. 2026 à 09:00, Baton <%s> a écrit :" % TEAM,
    "es": "El mar, 24 nov 2026 a las 9:00, Baton (<%s>) escribió:" % TEAM,
    "it": "Il giorno mar 24 nov 2026 alle ore 09:00 Baton <%s> ha scritto:" % TEAM,
    "nl": "Op di 24 nov. 2026 om 09:00 schreef Baton <%s>:" % TEAM,
    "pt": "Em ter., 24 de nov. de 2026 às 09:00, Baton <%s> escreveu:" % TEAM,
    "pl": "wt., 24 lis 2026 o 09:00 Baton <%s> napisał(a):" % TEAM,
    "sv": "Den tis 24 nov. 2026 kl 09:00 skrev Baton <%s>:" % TEAM,
    "da": "Den tir. 24. nov. 2026 kl. 09.00 skrev Baton <%s>:" % TEAM,
    "fi": "Baton <%s> kirjoitti ti 24.11.2026 klo 9.00:" % TEAM,
    "ru": "вт, 24 нояб. 2026 г. в 09:00, Baton <%s>:" % TEAM,
    "ja": "2026年11月24日(火) 9:00 Baton <%s>:" % TEAM,
    "zh": "Baton <%s> 于2026年11月24日周二 09:00写道：" % TEAM,
    "date-slash": "2013/7/20 Baton <%s>" % TEAM,
    "date-iso": "2016-03-03 17:21 GMT+01:00 Baton <%s>:" % TEAM,
    "split-mailto": "On Thu, 31 Mar 2016 at 11:16 Baton Check-in <\nmailto:%s> wrote:" % TEAM,
    "mutt": "* Baton <%s> [2026-11-24 09:00]:" % TEAM,
    "mutt-plain": "* Baton <%s> [Tue, 24 Nov 2026 09:00:12 +0100]:" % TEAM,
    "en-wrapped": "On Tue, 24 Nov 2026 at 09:00, Baton Platform Check-ins <\n%s> wrote:" % TEAM,
    "tb-wrapped": "On 11/24/26 9:00 AM, Baton Platform Check-ins wrote:",
}

OUTLOOK = {
    "en": (("From", BATON), ("Sent", "Tuesday, November 24, 2026 9:00 AM"), ("To", "Ana Souza <ana@example.com>"), ("Subject", "Platform check-in: Tuesday 24 November")),
    "en-mac": (("From", BATON), ("Date", "Tuesday, 24 November 2026 at 09:00"), ("To", "Ana Souza <ana@example.com>"), ("Subject", "Platform check-in: Tuesday 24 November")),
    "fr": (("De ", BATON), ("Envoyé ", "mardi 24 novembre 2026 09:00"), ("À ", "Camille Dubois <camille@example.fr>"), ("Objet ", "Platform check-in: Tuesday 24 November")),
    "de": (("Von", BATON), ("Gesendet", "Dienstag, 24. November 2026 09:00"), ("An", "Jonas Weber <jonas@example.de>"), ("Betreff", "Platform check-in: Tuesday 24 November")),
    "es": (("De", BATON), ("Enviado el", "martes, 24 de noviembre de 2026 9:00"), ("Para", "Lucía García <lucia@example.es>"), ("Asunto", "Platform check-in: Tuesday 24 November")),
    "it": (("Da", BATON), ("Inviato", "martedì 24 novembre 2026 09:00"), ("A", "Giulia Conti <giulia@example.it>"), ("Oggetto", "Platform check-in: Tuesday 24 November")),
    "nl": (("Van", BATON), ("Verzonden", "dinsdag 24 november 2026 09:00"), ("Aan", "Sanne de Vries <sanne@example.nl>"), ("Onderwerp", "Platform check-in: Tuesday 24 November")),
    "pt": (("De", BATON), ("Enviada em", "terça-feira, 24 de novembro de 2026 09:00"), ("Para", "Rafael Lima <rafael@example.com.br>"), ("Assunto", "Platform check-in: Tuesday 24 November")),
    "pl": (("Od", BATON), ("Wysłano", "wtorek, 24 listopada 2026 09:00"), ("Do", "Piotr Nowak <piotr@example.pl>"), ("Temat", "Platform check-in: Tuesday 24 November")),
    "sv": (("Från", BATON), ("Skickat", "den 24 november 2026 09:00"), ("Till", "Erik Lind <erik@example.se>"), ("Ämne", "Platform check-in: Tuesday 24 November")),
    "ja": (("差出人", BATON), ("送信日時", "2026年11月24日 9:00"), ("宛先", "田中 <tanaka@example.jp>"), ("件名", "Platform check-in: Tuesday 24 November")),
    "zh": (("发件人", BATON), ("发送时间", "2026年11月24日 9:00"), ("收件人", "王伟 <wangwei@example.cn>"), ("主题", "Platform check-in: Tuesday 24 November")),
    "ru": (("От", BATON), ("Отправлено", "24 ноября 2026 г. 9:00"), ("Кому", "Дмитрий <dmitry@example.ru>"), ("Тема", "Platform check-in: Tuesday 24 November")),
    "hu": (("Feladó", BATON), ("Elküldve", "2026. november 24., kedd 9:00"), ("Címzett", "Anna <anna@example.hu>"), ("Tárgy", "Platform check-in: Tuesday 24 November")),
    "el": (("Από", BATON), ("Στάλθηκε", "Τρίτη, 24 Νοεμβρίου 2026 9:00 πμ"), ("Προς", "Nikos <nikos@example.gr>"), ("Θέμα", "Platform check-in: Tuesday 24 November")),
    "ro": (("De la", BATON), ("Trimis", "marți, 24 noiembrie 2026 09:00"), ("Către", "Ioana <ioana@example.ro>"), ("Subiect", "Platform check-in: Tuesday 24 November")),
    "cs": (("Od", BATON), ("Odesláno", "úterý 24. listopadu 2026 9:00"), ("Komu", "Jan <jan@example.cz>"), ("Předmět", "Platform check-in: Tuesday 24 November")),
    "da": (("Fra", BATON), ("Sendt", "24. november 2026 09:00"), ("Til", "Mads <mads@example.dk>"), ("Emne", "Platform check-in: Tuesday 24 November")),
    "fi": (("Lähettäjä", BATON), ("Lähetetty", "tiistai 24. marraskuuta 2026 9.00"), ("Vastaanottaja", "Aino <aino@example.fi>"), ("Aihe", "Platform check-in: Tuesday 24 November")),
    "tr": (("Kimden", BATON), ("Gönderildi", "24 Kasım 2026 Salı 09:00"), ("Kime", "Elif <elif@example.com.tr>"), ("Konu", "Platform check-in: Tuesday 24 November")),
    "ko": (("보낸 사람", BATON), ("보낸 날짜", "2026년 11월 24일 화요일 오전 9:00"), ("받는 사람", "Jiwoo <jiwoo@example.kr>"), ("제목", "Platform check-in: Tuesday 24 November")),
    "he": (("מאת", BATON), ("נשלח", "יום שלישי 24 נובמבר 2026 09:00"), ("אל", "Noa <noa@example.co.il>"), ("נושא", "Platform check-in: Tuesday 24 November")),
    "ar": (("من", BATON), ("تم الإرسال", "الثلاثاء، 24 نوفمبر 2026 09:00"), ("إلى", "Omar <omar@example.ae>"), ("الموضوع", "Platform check-in: Tuesday 24 November")),
    "vi": (("Từ", BATON), ("Đã gửi", "Thứ Ba, ngày 24 tháng 11 năm 2026 09:00"), ("Đến", "Minh <minh@example.vn>"), ("Chủ đề", "Platform check-in: Tuesday 24 November")),
    "id": (("Dari", BATON), ("Dikirim", "Selasa, 24 November 2026 09.00"), ("Kepada", "Budi <budi@example.co.id>"), ("Subjek", "Platform check-in: Tuesday 24 November")),
    "uk": (("Від", BATON), ("Надіслано", "24 листопада 2026 р. 9:00"), ("Кому", "Олена <olena@example.ua>"), ("Тема", "Platform check-in: Tuesday 24 November")),
    "hr": (("Šalje", BATON), ("Poslano", "utorak, 24. studenoga 2026. 9:00"), ("Prima", "Ivan <ivan@example.hr>"), ("Predmet", "Platform check-in: Tuesday 24 November")),
    "sk": (("Od", BATON), ("Odoslané", "utorok 24. novembra 2026 9:00"), ("Komu", "Peter <peter@example.sk>"), ("Predmet", "Platform check-in: Tuesday 24 November")),
    "sl": (("Od", BATON), ("Poslano", "torek, 24. november 2026 9:00"), ("Za", "Maja <maja@example.si>"), ("Zadeva", "Platform check-in: Tuesday 24 November")),
    "bg": (("От", BATON), ("Изпратено", "вторник, 24 ноември 2026 г. 9:00"), ("До", "Georgi <georgi@example.bg>"), ("Тема", "Platform check-in: Tuesday 24 November")),
    "et": (("Saatja", BATON), ("Saadetud", "teisipäev, 24. november 2026 9:00"), ("Adressaat", "Kadri <kadri@example.ee>"), ("Teema", "Platform check-in: Tuesday 24 November")),
    "lv": (("No", BATON), ("Nosūtīts", "otrdiena, 2026. gada 24. novembris 9:00"), ("Kam", "Ilze <ilze@example.lv>"), ("Tēma", "Platform check-in: Tuesday 24 November")),
    "lt": (("Nuo", BATON), ("Išsiųsta", "2026 m. lapkričio 24 d. 9:00"), ("Kam", "Tomas <tomas@example.lt>"), ("Tema", "Platform check-in: Tuesday 24 November")),
    "ca": (("De", BATON), ("Enviat el", "dimarts, 24 de novembre de 2026 9:00"), ("Per a", "Jordi <jordi@example.cat>"), ("Tema", "Platform check-in: Tuesday 24 November")),
    "th": (("จาก", BATON), ("ส่ง", "24 พฤศจิกายน 2569 9:00"), ("ถึง", "Somchai <somchai@example.co.th>"), ("เรื่อง", "Platform check-in: Tuesday 24 November")),
    "no": (("Fra", BATON), ("Sendt", "tirsdag 24. november 2026 09:00"), ("Til", "Ola <ola@example.no>"), ("Emne", "Platform check-in: Tuesday 24 November")),
    "zh-tw": (("寄件者", BATON), ("寄件日期", "2026年11月24日 上午 09:00"), ("收件者", "林 <lin@example.tw>"), ("主旨", "Platform check-in: Tuesday 24 November")),
}

# ---------------------------------------------------------------- encoding
def flowed(text):
    out = []
    for line in text.split("\n"):
        quote = re.match(r"^(>+ ?)", line)
        prefix = quote.group(1) if quote else ""
        body = line[len(prefix):]
        if line == "-- ":
            out.append(line); continue
        while len(prefix) + len(body) > 72:
            cut = body.rfind(" ", 0, 72 - len(prefix))
            if cut <= 0:
                break
            out.append(prefix + body[:cut + 1])
            body = body[cut + 1:]
        out.append(prefix + body)
    return "\n".join(out)

def encode(text, charset, cte):
    raw = text.replace("\n", "\r\n").encode(charset)
    if cte == "base64":
        b = base64.encodebytes(raw).decode().replace("\n", "\r\n")
        return b.encode()
    if cte == "quoted-printable":
        return quopri.encodestring(raw).replace(b"\r\n", b"\n").replace(b"=0D\n", b"\n").replace(b"\n", b"\r\n").replace(b"\r\r\n", b"\r\n")
    return raw

def hdr(name, value):
    try:
        value.encode("ascii")
        return "%s: %s" % (name, value)
    except UnicodeEncodeError:
        pass
    m = re.match(r"^(.*?) (<[^>]+>)$", value)
    if m:  # only the display name is an encoded word
        return "%s: =?utf-8?b?%s?= %s" % (name, base64.b64encode(m.group(1).encode()).decode(), m.group(2))
    return "%s: =?utf-8?b?%s?=" % (name, base64.b64encode(value.encode()).decode())

N = [0]
def headers(frm, subject, extra=()):
    N[0] += 1
    h = [hdr("From", frm), "To: Platform <%s>" % TEAM, hdr("Subject", subject),
         "Date: Tue, 24 Nov 2026 %02d:%02d:07 +0100" % (9 + N[0] % 9, N[0] % 60),
         "Message-ID: <corpus-%03d@mail.example.com>" % N[0],
         "In-Reply-To: <checkin-20261124-platform@baton.example.com>",
         "References: <checkin-20261124-platform@baton.example.com>"]
    h += list(extra)
    h.append("MIME-Version: 1.0")
    return "\r\n".join(h) + "\r\n"

OUT = os.path.dirname(os.path.abspath(__file__))
WRITTEN = []

def write(name, raw, body, sections):
    with open(os.path.join(OUT, name + ".eml"), "wb") as f:
        f.write(raw)
    want = {"body": body, "sections": [{"kind": k, "items": it} for k, it in sections]}
    with open(os.path.join(OUT, name + ".want.json"), "w", encoding="utf-8") as f:
        json.dump(want, f, ensure_ascii=False, indent=2)
        f.write("\n")
    WRITTEN.append(name)

def plain(name, frm, client, key, charset="utf-8", cte="8bit", subject="Re: Platform check-in: Tuesday 24 November", is_flowed=False, extra=()):
    text, body, sections = U[key]
    dec = client(text)
    ct = "text/plain; charset=\"%s\"" % charset
    if is_flowed:
        dec = flowed(dec)
        ct += "; format=flowed"
    raw = (headers(frm, subject, extra) + "Content-Type: %s\r\nContent-Transfer-Encoding: %s\r\n\r\n" % (ct, cte)).encode() + encode(dec, charset, cte)
    write(name, raw, body, sections)

def custom(name, frm, dec, body, sections, charset="utf-8", cte="8bit", subject="Re: Platform check-in: Tuesday 24 November", extra=()):
    raw = (headers(frm, subject, extra) + "Content-Type: text/plain; charset=\"%s\"\r\nContent-Transfer-Encoding: %s\r\n\r\n" % (charset, cte)).encode() + encode(dec, charset, cte)
    write(name, raw, body, sections)

def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

def to_html(text):
    """The person's text as a composer writes it: a div per line, lists as ul."""
    out, items = [], []
    for line in text.split("\n"):
        if line.startswith("- "):
            items.append("<li>%s</li>" % esc(line[2:])); continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>"); items = []
        out.append("<div>%s</div>" % (esc(line) if line else "<br>"))
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return "\n".join(out)

def prompt_html():
    return "".join("<div>%s</div>" % (esc(l) if l else "<br>") for l in PROMPT.split("\n"))

def html_mail(name, frm, html, key, alt=None, charset="utf-8", cte="quoted-printable", subject="Re: Platform check-in: Tuesday 24 November", body=None, sections=None):
    text, wbody, wsections = U[key] if key else ("", body, sections)
    hpart = encode(html, charset, cte)
    if alt is None:
        raw = (headers(frm, subject) + "Content-Type: text/html; charset=\"%s\"\r\nContent-Transfer-Encoding: %s\r\n\r\n" % (charset, cte)).encode() + hpart
    else:
        b = "----=_Part_%d" % N[0]
        raw = (headers(frm, subject) + "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n--%s\r\nContent-Type: text/plain; charset=\"%s\"\r\nContent-Transfer-Encoding: %s\r\n\r\n" % (b, b, charset, cte)).encode() + encode(alt, charset, cte) + \
            ("\r\n--%s\r\nContent-Type: text/html; charset=\"%s\"\r\nContent-Transfer-Encoding: %s\r\n\r\n" % (b, charset, cte)).encode() + hpart + ("\r\n--%s--\r\n" % b).encode()
    write(name, raw, wbody, wsections)

# ---------------------------------------------------------------- messages
for f in glob.glob(os.path.join(OUT, "*.eml")) + glob.glob(os.path.join(OUT, "*.want.json")):
    os.remove(f)

ANA = "Ana Souza <ana@example.com>"
BO = "Bo Chen <bo@example.com>"
CHIDI = "Chidi Okafor <chidi@example.com>"
DANA = "Dana Kim <dana@example.com>"
MATEO = "Mateo Rossi <mateo@example.co.uk>"
SANNE = "Sanne de Vries <sanne@example.nl>"
PRIYA = "Priya Raman <priya@example.com>"
JONAS = "Jonas Weber <jonas@example.de>"
CAMILLE = "Camille Dubois <camille@example.fr>"
LUCIA = "Lucía García <lucia@example.es>"
GIULIA = "Giulia Conti <giulia@example.it>"
RAFAEL = "Rafael Lima <rafael@example.com.br>"
PIOTR = "Piotr Nowak <piotr@example.pl>"
ERIK = "Erik Lind <erik@example.se>"
TANAKA = "田中 <tanaka@example.jp>"
HIROSHI = "田中宏 <hiroshi@example.jp>"
WANG = "王伟 <wangwei@example.cn>"
DMITRY = "Дмитрий <dmitry@example.ru>"
MADS = "Mads Jensen <mads@example.dk>"
AINO = "Aino Virtanen <aino@example.fi>"

# Gmail, plain text, one per update, attribution in the writer's language.
G = [("en-headed", ANA, "en", "utf-8", "7bit"), ("en-prose", BO, "en", "utf-8", "7bit"),
     ("en-markdown", CHIDI, "en", "utf-8", "quoted-printable"), ("en-emoji", DANA, "en", "utf-8", "base64"),
     ("en-emoji-colon", ANA, "en-quoted-name", "utf-8", "base64"), ("en-inline", MATEO, "en", "utf-8", "7bit"),
     ("en-rationale", SANNE, "en", "utf-8", "7bit"), ("en-caps", BO, "en", "utf-8", "7bit"),
     ("en-bold", CHIDI, "en", "utf-8", "7bit"), ("en-cutoff", ANA, "en", "utf-8", "7bit"),
     ("en-question", DANA, "en", "utf-8", "quoted-printable"), ("en-numbered", PRIYA, "en", "utf-8", "7bit"),
     ("de-headed", JONAS, "de", "iso-8859-1", "quoted-printable"), ("de-weil", JONAS, "de", "utf-8", "8bit"),
     ("de-prose", JONAS, "de", "iso-8859-15", "8bit"), ("fr-headed", CAMILLE, "fr", "utf-8", "quoted-printable"),
     ("fr-prose", CAMILLE, "fr", "iso-8859-1", "8bit"), ("fr-decision", CAMILLE, "fr", "windows-1252", "quoted-printable"),
     ("es-headed", LUCIA, "es", "iso-8859-1", "quoted-printable"), ("es-prose", LUCIA, "es", "utf-8", "base64"),
     ("it-headed", GIULIA, "it", "utf-8", "quoted-printable"), ("nl-headed", SANNE, "nl", "utf-8", "8bit"),
     ("pt-headed", RAFAEL, "pt", "iso-8859-1", "base64"), ("pl-headed", PIOTR, "pl", "iso-8859-2", "quoted-printable"),
     ("sv-headed", ERIK, "sv", "iso-8859-1", "8bit"), ("ja-headed", TANAKA, "ja", "shift_jis", "base64"),
     ("ja-firstname", HIROSHI, "ja", "iso-2022-jp", "7bit"), ("zh-headed", WANG, "zh", "gb2312", "base64"),
     ("ru-headed", DMITRY, "ru", "koi8-r", "8bit"), ("da-headed", MADS, "da", "iso-8859-1", "quoted-printable"),
     ("fi-prose", AINO, "fi", "iso-8859-15", "quoted-printable")]
for key, frm, lang, cs, cte in G:
    plain("gmail-%s-%s" % (key, cs.replace("_", "-")), frm, gmail(ATTR[lang]), key, cs, cte)

# Outlook desktop and web, plain text: the quoted prompt is not marked,
# only the header block in the client's language says where it starts.
O = [("en", "en-headed", ANA, "us-ascii", "7bit", True), ("en-mac", "en-question", DANA, "utf-8", "quoted-printable", False),
     ("de", "de-headed", JONAS, "iso-8859-1", "quoted-printable", True), ("es", "es-headed", LUCIA, "windows-1252", "quoted-printable", True),
     ("it", "it-headed", GIULIA, "windows-1252", "8bit", True), ("nl", "nl-headed", SANNE, "utf-8", "quoted-printable", False),
     ("pt", "pt-headed", RAFAEL, "iso-8859-1", "quoted-printable", True), ("pl", "pl-headed", PIOTR, "windows-1250", "quoted-printable", True),
     ("sv", "sv-headed", ERIK, "iso-8859-1", "8bit", True), ("ja", "ja-headed", TANAKA, "iso-2022-jp", "7bit", True),
     ("zh", "zh-headed", WANG, "gb2312", "base64", True), ("ru", "ru-headed", DMITRY, "windows-1251", "base64", True),
     ("hu", "en-headed", "Anna Kovács <anna@example.hu>", "iso-8859-2", "quoted-printable", True),
     ("el", "en-prose", "Nikos Pappas <nikos@example.gr>", "utf-8", "base64", True),
     ("ro", "en-inline", "Ioana Pop <ioana@example.ro>", "utf-8", "quoted-printable", True),
     ("cs", "en-headed", "Jan Novák <jan@example.cz>", "windows-1250", "quoted-printable", True),
     ("da", "da-headed", MADS, "windows-1252", "8bit", True), ("fi", "fi-prose", AINO, "windows-1252", "quoted-printable", True),
     ("tr", "en-caps", "Elif Demir <elif@example.com.tr>", "iso-8859-9", "quoted-printable", True),
     ("ko", "en-bold", "Jiwoo Park <jiwoo@example.kr>", "utf-8", "base64", True),
     ("he", "en-question", "Noa Levi <noa@example.co.il>", "utf-8", "base64", True),
     ("ar", "en-headed", "Omar Haddad <omar@example.ae>", "utf-8", "base64", True),
     ("vi", "en-inline", "Minh Nguyen <minh@example.vn>", "utf-8", "quoted-printable", True),
     ("id", "en-prose", "Budi Santoso <budi@example.co.id>", "utf-8", "7bit", True),
     ("uk", "en-numbered", "Олена Коваль <olena@example.ua>", "windows-1251", "quoted-printable", True),
     ("hr", "en-emoji", "Ivan Horvat <ivan@example.hr>", "utf-8", "base64", True),
     ("sk", "en-caps", "Peter Kováč <peter@example.sk>", "utf-8", "quoted-printable", True),
     ("sl", "en-inline", "Maja Kralj <maja@example.si>", "utf-8", "quoted-printable", False),
     ("bg", "en-headed", "Georgi Ivanov <georgi@example.bg>", "windows-1251", "base64", True),
     ("et", "en-prose", "Kadri Tamm <kadri@example.ee>", "utf-8", "quoted-printable", True),
     ("lv", "en-bold", "Ilze Bērziņa <ilze@example.lv>", "utf-8", "base64", True),
     ("lt", "en-question", "Tomas Kazlauskas <tomas@example.lt>", "utf-8", "base64", True),
     ("ca", "es-prose", "Jordi Puig <jordi@example.cat>", "utf-8", "quoted-printable", True),
     ("th", "en-headed", "Somchai Wong <somchai@example.co.th>", "utf-8", "base64", True),
     ("no", "da-headed", "Ola Nordmann <ola@example.no>", "utf-8", "quoted-printable", True),
     ("zh-tw", "en-caps", "林志明 <lin@example.tw>", "big5", "base64", True)]
for lang, key, frm, cs, cte, rule in O:
    plain("outlook-%s-%s-%s" % (lang, key, cs), frm, outlook(OUTLOOK[lang], rule), key, cs, cte,
          subject="RE: Platform check-in: Tuesday 24 November")
# French Outlook puts a non-breaking space before each colon.
plain("outlook-fr-nbsp-headed-windows-1252", CAMILLE, outlook(OUTLOOK["fr"], True, nbsp=True), "fr-headed", "windows-1252", "8bit", subject="RE : Platform check-in: Tuesday 24 November")
plain("outlook-fr-nbsp-prose-utf-8", CAMILLE, outlook(OUTLOOK["fr"], False, nbsp=True), "fr-prose", "utf-8", "quoted-printable", subject="RE : Platform check-in: Tuesday 24 November")
plain("outlook-fr-nbsp-decision-iso-8859-1", CAMILLE, outlook(OUTLOOK["fr"], True, nbsp=True), "fr-decision", "iso-8859-1", "quoted-printable", subject="RE : Platform check-in: Tuesday 24 November")
plain("outlook-fr-space-en-update-utf-8", "Hugo Martin <hugo@example.fr>", outlook(OUTLOOK["fr"], True), "en-headed", "utf-8", "8bit", subject="RE : Platform check-in: Tuesday 24 November")
plain("outlook-original-en", BO, original("Original Message", OUTLOOK["en"]), "en-caps", "us-ascii", "7bit", subject="RE: Platform check-in: Tuesday 24 November")
plain("outlook-original-de", JONAS, original("Ursprüngliche Nachricht", OUTLOOK["de"]), "de-prose", "iso-8859-1", "quoted-printable", subject="AW: Platform check-in: Tuesday 24 November")
plain("outlook-original-fr", CAMILLE, original("Message d'origine", OUTLOOK["fr"]), "fr-decision", "iso-8859-1", "8bit", subject="RE : Platform check-in: Tuesday 24 November")
plain("outlook-ios-get-outlook-en-rationale", SANNE, footer(outlook(OUTLOOK["en"], True), "Get Outlook for iOS"), "en-rationale", "utf-8", "quoted-printable")
plain("outlook-android-get-outlook-de-weil", JONAS, footer(outlook(OUTLOOK["de"], True), "Outlook für Android herunterladen"), "de-weil", "utf-8", "base64")

# Apple Mail, iOS and Android: footers under the text.
plain("apple-iphone-en-prose", BO, footer(gmail(ATTR["apple"]), "Sent from my iPhone"), "en-prose", "utf-8", "quoted-printable")
plain("apple-mail-en-headed", ANA, gmail(ATTR["apple"]), "en-headed", "utf-8", "quoted-printable")
plain("apple-iphone-de-headed", JONAS, footer(gmail(ATTR["de"]), "Von meinem iPhone gesendet"), "de-headed", "utf-8", "quoted-printable")
plain("apple-iphone-fr-headed", CAMILLE, footer(gmail("Le 24 nov. 2026 à 09:00, Baton <%s> a écrit :" % TEAM), "Envoyé de mon iPhone"), "fr-headed", "utf-8", "quoted-printable")
plain("android-gmail-en-inline", MATEO, footer(gmail(ATTR["en"]), "Sent from my Pixel 8"), "en-inline", "utf-8", "7bit")
plain("samsung-en-question", DANA, footer(gmail(ATTR["en"]), "Sent from my Galaxy"), "en-question", "utf-8", "7bit")
plain("yahoo-android-es-headed", LUCIA, footer(gmail(ATTR["yahoo"]), "Enviado desde Yahoo Mail para Android"), "es-headed", "utf-8", "quoted-printable")
plain("yahoo-en-bold", CHIDI, gmail(ATTR["yahoo"]), "en-bold", "utf-8", "7bit")
plain("apple-iphone-it-headed", GIULIA, footer(gmail(ATTR["it"]), "Inviato da iPhone"), "it-headed", "utf-8", "quoted-printable")
plain("apple-iphone-nl-headed", SANNE, footer(gmail(ATTR["nl"]), "Verstuurd vanaf mijn iPhone"), "nl-headed", "utf-8", "quoted-printable")
plain("apple-iphone-pt-headed", RAFAEL, footer(gmail(ATTR["pt"]), "Enviado do meu iPhone"), "pt-headed", "utf-8", "quoted-printable")
plain("apple-iphone-ja-headed", TANAKA, footer(gmail(ATTR["ja"]), "iPhoneから送信"), "ja-headed", "utf-8", "base64")
plain("docomo-ja-firstname-shift-jis", HIROSHI, gmail(ATTR["ja"]), "ja-firstname", "shift_jis", "base64")

# Short replies above a footer and the quoted prompt.
S = [("thankyou", "Sent from my iPhone", "apple", ANA, "utf-8", "7bit"),
     ("thanks", "Sent from my iPhone", "apple", BO, "utf-8", "7bit"),
     ("plus1", "Sent from my Pixel 8", "en", CHIDI, "utf-8", "7bit"),
     ("danke", "Von meinem iPhone gesendet", "de", JONAS, "iso-8859-1", "quoted-printable"),
     ("merci", "Envoyé de mon iPhone", "fr", CAMILLE, "utf-8", "quoted-printable"),
     ("gracias", "Enviado desde mi iPhone", "es", LUCIA, "iso-8859-1", "8bit"),
     ("arigato", "iPhoneから送信", "ja", TANAKA, "shift_jis", "base64"),
     ("soundsgood", "Get Outlook for Android", "en", DANA, "utf-8", "7bit"),
     ("dankje", "Verzonden vanaf mijn iPhone", "nl", SANNE, "utf-8", "7bit"),
     ("okthumb", "", "en", MATEO, "utf-8", "base64"),
     ("lgtm", "", "tb", PRIYA, "utf-8", "7bit"),
     ("grazie", "Inviato da iPhone", "it", GIULIA, "utf-8", "quoted-printable")]
for key, foot, lang, frm, cs, cte in S:
    c = gmail(ATTR[lang])
    if foot:
        c = footer(c, foot)
    plain("short-%s-%s" % (key, lang), frm, c, "short-" + key, cs, cte)
plain("short-thanks-outlook", BO, outlook(OUTLOOK["en"]), "short-thanks", "us-ascii", "7bit", subject="RE: Platform check-in: Tuesday 24 November")
plain("short-danke-outlook-de", JONAS, outlook(OUTLOOK["de"]), "short-danke", "iso-8859-1", "quoted-printable", subject="AW: Platform check-in: Tuesday 24 November")
plain("short-thankyou-signed", ANA, lambda t: gmail(ATTR["en"])(t + "\n\nAna"), "short-thankyou")

# Attribution forms.
plain("top-attribution-en-quoted-name", ANA, top_attr(ATTR["en-quoted-name"]), "en-headed")
plain("top-attribution-de", JONAS, top_attr(ATTR["de"]), "de-prose", "utf-8", "quoted-printable")
plain("top-attribution-fr", CAMILLE, top_attr(ATTR["fr"]), "fr-headed", "utf-8", "quoted-printable")
plain("top-attribution-en-prose", BO, top_attr(ATTR["en"]), "en-prose")
plain("date-slash-gmail-en-prose", BO, gmail(ATTR["date-slash"]), "en-prose")
plain("date-slash-gmail-en-headed", ANA, gmail(ATTR["date-slash"]), "en-headed")
plain("date-iso-gmail-en-inline", MATEO, gmail(ATTR["date-iso"]), "en-inline")
plain("date-iso-gmail-de-headed", JONAS, gmail("2016-03-03 17:21 GMT+01:00 Baton <%s>:" % TEAM), "de-headed", "utf-8", "quoted-printable")
plain("split-mailto-en-question", DANA, gmail(ATTR["split-mailto"]), "en-question")
plain("split-mailto-en-emoji", ANA, gmail(ATTR["split-mailto"]), "en-emoji", "utf-8", "base64")
plain("zoho-quoted-en-headed", ANA, zoho(True), "en-headed")
plain("zoho-unquoted-fr-prose", CAMILLE, zoho(False), "fr-prose", "utf-8", "quoted-printable")
plain("zoho-quoted-short-thanks", BO, zoho(True), "short-thanks")
plain("de-quoted-name-headed", JONAS, gmail(ATTR["de-quoted"]), "de-headed", "utf-8", "quoted-printable")
plain("de-quoted-name-weil", JONAS, gmail(ATTR["de-quoted"]), "de-weil", "iso-8859-1", "8bit")
plain("pipe-quotes-en-markdown", CHIDI, pipe(), "en-markdown")
plain("pipe-quotes-en-prose", BO, pipe(), "en-prose")
plain("thunderbird-en-headed", ANA, gmail(ATTR["tb"]), "en-headed")
plain("thunderbird-wrapped-en-question", DANA, gmail(ATTR["tb-wrapped"]), "en-question")
plain("gmail-wrapped-attr-en-bold", CHIDI, gmail(ATTR["en-wrapped"]), "en-bold")
plain("thunderbird-flowed-en-prose", BO, gmail(ATTR["tb"]), "en-prose", is_flowed=True)
plain("thunderbird-flowed-en-cutoff", ANA, gmail(ATTR["tb"]), "en-cutoff", is_flowed=True)
plain("thunderbird-flowed-de-prose", JONAS, gmail(ATTR["de"]), "de-prose", "utf-8", "quoted-printable", is_flowed=True)
plain("thunderbird-flowed-fr-decision", CAMILLE, gmail(ATTR["fr"]), "fr-decision", "iso-8859-15", "8bit", is_flowed=True)
plain("bottom-post-en-headed", ANA, bottom(ATTR["en"]), "en-headed")
plain("bottom-post-sv-headed", ERIK, bottom(ATTR["sv"]), "sv-headed", "utf-8", "8bit")
plain("bottom-post-ru-headed", DMITRY, bottom(ATTR["ru"]), "ru-headed", "koi8-r", "8bit")
plain("mutt-bottom-en-inline", PRIYA, bottom(ATTR["mutt-plain"]), "en-inline")

# mutt: an attribution line of its own, answers between quoted passages.
custom("mutt-interleaved-en", ANA, """* Baton <%s> [2026-11-24 09:00]:
> It's Tuesday, 24 November. Reply to this email with your update:
> what you got done, what's next, and anything blocking you.

Done: the log shipper now runs on all 40 hosts.

>   Blockers
>   - Security review for the new replica subnets (waiting since Tue)

That review came back approved this morning, so it is no longer blocking.

-- 
Ana Souza, platform team
""" % TEAM, "Done: the log shipper now runs on all 40 hosts.\n\nThat review came back approved this morning, so it is no longer blocking.",
       [("done", ["the log shipper now runs on all 40 hosts."]), ("notes", ["That review came back approved this morning, so it is no longer blocking."])])
custom("mutt-interleaved-pipe", BO, """* Baton <%s> [Tue, 24 Nov 2026 09:00:12 +0100]:
| It's Tuesday, 24 November. Reply to this email with your update:
| what you got done, what's next, and anything blocking you.

Done: moved the DNS zones to the new provider.
Next: lower the TTLs back to one hour on Friday.

|   Blockers
|   - Security review for the new replica subnets (waiting since Tue)

Not blocked on anything myself.
""" % TEAM, "Done: moved the DNS zones to the new provider.\nNext: lower the TTLs back to one hour on Friday.\n\nNot blocked on anything myself.",
       [("done", ["moved the DNS zones to the new provider."]), ("next", ["lower the TTLs back to one hour on Friday."]), ("notes", ["Not blocked on anything myself."])])
custom("gmail-interleaved-en", DANA, """On Tue, 24 Nov 2026 at 09:00, Baton <%s> wrote:
> It's Tuesday, 24 November. Reply to this email with your update:
> what you got done, what's next, and anything blocking you.

Finished the access review for prod; 12 stale accounts removed.

>   Blockers
>   - Security review for the new replica subnets (waiting since Tue)

I pinged the security team again, they promised an answer by Thursday.

Dana
""" % TEAM, "Finished the access review for prod; 12 stale accounts removed.\n\nI pinged the security team again, they promised an answer by Thursday.",
       [("notes", ["Finished the access review for prod; 12 stale accounts removed.", "I pinged the security team again, they promised an answer by Thursday."])])

# Text around an embedded quote.
custom("embedded-quote-en", BO, """Bo here. Ana asked about the replica lag yesterday. From the alert:

> replica-2 lag 340s (threshold 60s) at 02:14 UTC

It was the nightly export; I moved it to replica-3 and the lag is back under 5 s.

On Tue, 24 Nov 2026 at 09:00, Baton <%s> wrote:
%s
""" % (TEAM, q(PROMPT)), "Bo here. Ana asked about the replica lag yesterday. From the alert:\n\nIt was the nightly export; I moved it to replica-3 and the lag is back under 5 s.",
       [("notes", ["Bo here. Ana asked about the replica lag yesterday. From the alert:", "It was the nightly export; I moved it to replica-3 and the lag is back under 5 s."])])
custom("embedded-quote-colon-en", CHIDI, """Heads-up for the on-call rotation. As Priya wrote on Monday:

> Please do not restart the ingest workers during the backfill.

The backfill finishes tonight, after that restarts are fine again.

%s:
%s
""" % (ATTR["en"][:-1], q(PROMPT)), "Heads-up for the on-call rotation. As Priya wrote on Monday:\n\nThe backfill finishes tonight, after that restarts are fine again.",
       [("notes", ["Heads-up for the on-call rotation. As Priya wrote on Monday:", "The backfill finishes tonight, after that restarts are fine again."])])

# Forwards: the note is the update.
VENDOR = """Dear customer,

the maintenance of the eu-west storage cluster moves from Wednesday to
Thursday, 26 November, 22:00-02:00 UTC. No action is needed.

Done:
- Nothing for you to do.

Regards,
Vendor Operations"""
custom("fwd-gmail-note-en", ANA, """FYI, the vendor moved the storage maintenance to Thursday night. Nothing for us to do before then.

---------- Forwarded message ---------
From: Vendor Ops <ops@vendor.example>
Date: Mon, Nov 23, 2026 at 6:12 PM
Subject: Maintenance window moved
To: <ana@example.com>


%s
""" % VENDOR, "FYI, the vendor moved the storage maintenance to Thursday night. Nothing for us to do before then.",
       [("notes", ["FYI, the vendor moved the storage maintenance to Thursday night. Nothing for us to do before then."])], subject="Fwd: Maintenance window moved")
custom("fwd-gmail-short-note-thanks", BO, """Thanks, Dana!

---------- Forwarded message ---------
From: Dana Kim <dana@example.com>
Date: Mon, Nov 23, 2026 at 5:40 PM
Subject: Load test numbers
To: Bo Chen <bo@example.com>

Bo, here are the numbers from the load test: 40k msg/s, p99 180 ms.
""", "Thanks, Dana!", [("notes", ["Thanks, Dana!"])], subject="Fwd: Load test numbers")
custom("fwd-outlook-fr-nbsp-note", CAMILLE, """Pour info : la sécurité a validé l'ouverture des ports, déploiement ce soir.

________________________________
De\u00a0: Priya Raman <priya@example.com>
Envoyé\u00a0: mardi 24 novembre 2026 08:41
À\u00a0: Camille Dubois <camille@example.fr>
Objet\u00a0: Ouverture des ports validée

Validé, vous pouvez y aller après 18 h.

Fait :
- Revue de sécurité terminée.
""", "Pour info : la sécurité a validé l'ouverture des ports, déploiement ce soir.",
       [("notes", ["Pour info : la sécurité a validé l'ouverture des ports, déploiement ce soir."])], charset="windows-1252", cte="quoted-printable", subject="TR : Ouverture des ports validée")
custom("fwd-apple-note-en", CHIDI, """Bo, can you take this one? It's the cert expiry warning for the staging CDN.

Begin forwarded message:

From: CDN Alerts <alerts@cdn.example>
Subject: Certificate expires in 7 days
Date: 23 November 2026 at 22:10:03 CET
To: chidi@example.com

The certificate for staging.example.com expires on 30 November 2026.
""", "Bo, can you take this one? It's the cert expiry warning for the staging CDN.",
       [("notes", ["Bo, can you take this one? It's the cert expiry warning for the staging CDN."])], subject="Fwd: Certificate expires in 7 days")
custom("fwd-thunderbird-note-de", JONAS, """Zur Info: das Rechenzentrum in Frankfurt ist am Samstag zwei Stunden offline, ich verschiebe unseren Deploy auf Montag.

-------- Weitergeleitete Nachricht --------
Betreff: Wartung RZ Frankfurt
Datum: Mon, 23 Nov 2026 16:02:11 +0100
Von: RZ Betrieb <betrieb@rz.example>
An: jonas@example.de

Am Samstag, 28.11., 06:00-08:00 Uhr ist das RZ Frankfurt nicht erreichbar.
""", "Zur Info: das Rechenzentrum in Frankfurt ist am Samstag zwei Stunden offline, ich verschiebe unseren Deploy auf Montag.",
       [("notes", ["Zur Info: das Rechenzentrum in Frankfurt ist am Samstag zwei Stunden offline, ich verschiebe unseren Deploy auf Montag."])], charset="iso-8859-1", cte="quoted-printable", subject="WG: Wartung RZ Frankfurt")
custom("fwd-outlook-note-en-signed", PRIYA, """Blocker for the cutover: the payments provider hasn't issued the new API keys yet, see below.

Priya

From: Payments Support <support@payments.example>
Sent: Monday, November 23, 2026 7:02 PM
To: Priya Raman <priya@example.com>
Subject: API key request #4471

We are still processing your request.
""", "Blocker for the cutover: the payments provider hasn't issued the new API keys yet, see below.",
       [("blockers", ["Blocker for the cutover: the payments provider hasn't issued the new API keys yet, see below."])], subject="FW: API key request #4471")

# HTML-only and multipart/alternative mail.
def gmail_html(key, attr):
    return ('<div dir="ltr">%s</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">%s<br></div>'
            '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">%s</blockquote></div>\n'
            % (to_html(U[key][0]), esc(attr), prompt_html()))
html_mail("gmail-html-only-en-headed", ANA, gmail_html("en-headed", ATTR["en"]), "en-headed")
html_mail("gmail-html-only-en-emoji", DANA, gmail_html("en-emoji", ATTR["en"]), "en-emoji")
html_mail("gmail-html-only-short-plus1", CHIDI, gmail_html("short-plus1", ATTR["en"]), "short-plus1")
html_mail("gmail-alternative-de-weil", JONAS, gmail_html("de-weil", ATTR["de"]), "de-weil", alt=gmail(ATTR["de"])(U["de-weil"][0]))
html_mail("gmail-alternative-en-rationale", SANNE, gmail_html("en-rationale", ATTR["en"]), "en-rationale", alt=gmail(ATTR["en"])(U["en-rationale"][0]))

def spark(key, sig=""):
    body = "<br />\n".join(esc(l) for l in U[key][0].split("\n"))
    return ('<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n<title></title>\n</head>\n<body>\n'
            '<div name="messageBodySection">\n<div dir="auto">%s</div>\n</div>\n'
            '<div name="messageReplySection">On 24 Nov 2026 at 09:00 +0100, Baton &lt;%s&gt;, wrote:<br />\n'
            '<blockquote type="cite" style="border-left-color: grey; border-left-width: thin; border-left-style: solid; margin: 5px 5px;padding-left: 10px;">\n%s\n</blockquote>\n</div>\n</body>\n</html>\n'
            % (body, TEAM, prompt_html()))
html_mail("spark-html-only-en-inline", MATEO, spark("en-inline"), "en-inline")
html_mail("spark-html-only-short-thanks", BO, spark("short-thanks"), "short-thanks")
html_mail("spark-html-only-en-prose", BO, spark("en-prose"), "en-prose")
html_mail("spark-html-only-fr-prose", CAMILLE, spark("fr-prose"), "fr-prose")

def spark_bare(key):
    # Spark without a wrapping div: the text sits in <body> before the quote.
    body = "<br />\n".join(esc(l) for l in U[key][0].split("\n"))
    return ('<html><head></head><body>%s<br />\n<br />\nOn 24 Nov 2026 at 09:00 +0100, Baton &lt;%s&gt;, wrote:<br />\n'
            '<blockquote type="cite">%s</blockquote></body></html>\n' % (body, TEAM, prompt_html()))
html_mail("spark-bare-html-en-question", DANA, spark_bare("en-question"), "en-question")
html_mail("spark-bare-html-short-thankyou", ANA, spark_bare("short-thankyou"), "short-thankyou")

def outlook_html(key, lang, nbsp=False):
    frm, sent, to, subj = OUTLOOK[lang]
    sp = "&nbsp;" if nbsp else ""
    hb = "<br>".join("<b>%s%s:</b> %s" % (k.rstrip() if nbsp else k, sp, esc(v)) for k, v in (frm, sent, to, subj))
    return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>'
            '<div style="font-family: Calibri, Arial, Helvetica, sans-serif; font-size: 12pt;">%s</div>'
            '<hr style="display:inline-block;width:98%%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr">'
            '<font face="Calibri, sans-serif" style="font-size:11pt" color="#000000">%s</font><div>&nbsp;</div></div>'
            '<div>%s</div></body></html>\n' % (to_html(U[key][0]), hb, prompt_html()))
html_mail("outlook-web-html-de-headed", JONAS, outlook_html("de-headed", "de"), "de-headed")
html_mail("outlook-web-html-fr-nbsp-headed", CAMILLE, outlook_html("fr-headed", "fr", True), "fr-headed", charset="windows-1252")
html_mail("outlook-web-html-es-headed", LUCIA, outlook_html("es-headed", "es"), "es-headed")
html_mail("outlook-web-html-short-soundsgood", DANA, outlook_html("short-soundsgood", "en"), "short-soundsgood")

def apple_html(key):
    return ('<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body dir="auto">%s'
            '<div dir="ltr"><br><blockquote type="cite">On 24 Nov 2026, at 09:00, Baton &lt;%s&gt; wrote:<br><br></blockquote></div>'
            '<blockquote type="cite"><div dir="ltr">%s</div></blockquote></body></html>\n' % (to_html(U[key][0]), TEAM, prompt_html()))
html_mail("apple-html-fr-prose", CAMILLE, apple_html("fr-prose"), "fr-prose")
html_mail("apple-html-short-danke", JONAS, apple_html("short-danke"), "short-danke")

def tb_html(key):
    return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body>'
            '<p>%s</p><div class="moz-cite-prefix">On 24/11/2026 09:00, Baton wrote:<br></div>'
            '<blockquote type="cite" cite="mid:checkin-20261124-platform@baton.example.com">%s</blockquote></body></html>\n'
            % ("<br>\n".join(esc(l) for l in U[key][0].split("\n")), prompt_html()))
html_mail("thunderbird-html-es-headed", LUCIA, tb_html("es-headed"), "es-headed")
html_mail("thunderbird-html-en-emoji-colon", ANA, tb_html("en-emoji-colon"), "en-emoji-colon")

def yahoo_html(key):
    return ('<html><head></head><body><div class="ydp1" style="font-family:Helvetica Neue, Helvetica, Arial, sans-serif;font-size:13px;">'
            '<div dir="ltr">%s</div></div><div id="ydp2yahoo_quoted_1" class="yahoo_quoted"><div style="font-family:Helvetica Neue;font-size:13px;color:#26282a;">'
            '<div>On Tuesday, November 24, 2026, 09:00:00 AM GMT+1, Baton &lt;%s&gt; wrote:</div><div><br></div>%s</div></div></body></html>\n'
            % (to_html(U[key][0]), TEAM, prompt_html()))
html_mail("yahoo-html-en-markdown", CHIDI, yahoo_html("en-markdown"), "en-markdown")
html_mail("yahoo-html-pt-headed", RAFAEL, yahoo_html("pt-headed"), "pt-headed", charset="iso-8859-1")

print(len(WRITTEN), "messages")
