package parser

// Phrase tables for reply trimming, in the languages mail clients ship:
// en fr de es pt it nl sv da no fi pl cs ru uk tr ja zh ko. Every table
// is folded (lower case, no accents) at init and matched against folded
// lines.

// attributionVerbs mark "On … wrote:" lines: Gmail, Apple Mail,
// Thunderbird and Outlook for Mac in each language.
var attributionVerbs = foldAll([]string{
	"wrote", "writes", "a écrit", "a ecrit", "schrieb", "escribió", "escreveu",
	"ha scritto", "schreef", "skrev", "kirjoitti", "napisał", "napisala",
	"napisał(a)", "napsal", "написал", "написала", "пишет", "написав", "пише",
	"yazdı", "のメール", "書きました", "写道", "寫道", "작성", "님이 작성",
})

// forwardWords name a forwarded message inside a separator line such as
// "---------- Forwarded message ---------" or "Begin forwarded message:".
var forwardWords = foldAll([]string{
	"forwarded", "weitergeleitete", "transféré", "réenvoyé", "reenviado",
	"encaminhada", "reencaminhada", "inoltrato", "doorgestuurd",
	"vidarebefordrat", "videresendt", "välitetty", "przekazana",
	"przekazywanej", "přeposlaná", "přeposílané", "пересылаемое",
	"переадресованного", "переслане", "пересилається", "iletilen", "iletilmiş",
	"転送", "转发", "轉寄", "轉發", "전달",
})

// originalWords name the quoted original in Outlook's separator,
// "-----Original Message-----" and its translations.
var originalWords = foldAll([]string{
	"original message", "ursprüngliche nachricht", "message d'origine",
	"mensaje original", "mensagem original", "messaggio originale",
	"oorspronkelijk bericht", "ursprungligt meddelande", "oprindelig meddelelse",
	"opprinnelig melding", "alkuperäinen viesti", "wiadomość oryginalna",
	"oryginalna wiadomość", "původní zpráva", "исходное сообщение",
	"оригинальное сообщение", "оригінальне повідомлення", "вихідне повідомлення",
	"orijinal ileti", "özgün ileti", "元のメッセージ", "原始邮件", "原始郵件", "원본 메시지",
	"reply message", "antwort", "réponse",
})

// fromKeys start a quoted header block ("From: Ana …").
var fromKeys = newPrefixSet(foldAll([]string{
	"from:", "von:", "de:", "da:", "van:", "från:", "fra:", "lähettäjä:",
	"od:", "от:", "від:", "kimden:", "差出人:", "发件人:", "寄件者:", "寄件人:",
	"보낸 사람:", "보낸사람:",
	// Further languages Outlook ships its reply header in.
	"feladó:", "από:", "de la:", "šalje:", "saatja:", "no:", "nuo:", "מאת:", "من:",
	"từ:", "dari:", "daripada:", "จาก:", "प्रेषक:", "nga:", "frá:", "od koga:", "kimdən:",
}))

// headerKeys follow the From line in a quoted header block.
var headerKeys = newPrefixSet(foldAll([]string{
	"sent:", "date:", "to:", "cc:", "subject:",
	"gesendet:", "datum:", "an:", "betreff:",
	"envoyé:", "envoye:", "date :", "à:", "a:", "objet:", "cc :", "à :", "objet :", "envoyé :",
	"enviado:", "fecha:", "para:", "asunto:", "assunto:", "data:",
	"inviato:", "oggetto:", "verzonden:", "aan:", "onderwerp:",
	"skickat:", "till:", "ämne:", "sendt:", "til:", "emne:",
	"lähetetty:", "vastaanottaja:", "aihe:", "päivämäärä:",
	"wysłano:", "wysłane:", "do:", "temat:", "odesláno:", "komu:", "předmět:",
	"отправлено:", "дата:", "кому:", "тема:", "копия:", "надіслано:", "копія:",
	"gönderildi:", "gönderim tarihi:", "tarih:", "kime:", "konu:", "bilgi:",
	"送信日時:", "宛先:", "件名:", "日付:", "发送时间:", "日期:", "收件人:", "主题:", "抄送:",
	"寄件日期:", "收件者:", "主旨:", "副本:", "보낸 날짜:", "날짜:", "받는 사람:", "제목:", "참조:",
	"enviado el:", "enviada em:", "enviado em:", "enviat el:", "per a:", "tema:", "assumpte:",
	"elküldve:", "címzett:", "tárgy:", "másolatot kap:", "στάλθηκε:", "προς:", "θέμα:", "κοιν.:",
	"trimis:", "către:", "subiect:", "odoslané:", "predmet:", "poslano:", "prima:", "za:", "zadeva:",
	"poslato:", "изпратено:", "до:", "saadetud:", "adressaat:", "teema:", "nosūtīts:", "kam:", "tēma:",
	"išsiųsta:", "נשלח:", "אל:", "נושא:", "עותק:", "تم الإرسال:", "إلى:", "الموضوع:", "نسخة:",
	"đã gửi:", "đến:", "chủ đề:", "dikirim:", "kepada:", "subjek:", "perihal:", "dihantar:", "perkara:",
	"ส่ง:", "ถึง:", "เรื่อง:", "भेजा गया:", "प्रति:", "विषय:", "sendur:", "til:", "efni:",
	"gönderim:", "kopya:", "datum:",
}))

// mobileFooters start the one-line footers phones and webmail append.
var mobileFooters = newPrefixSet(foldAll([]string{
	"outlook für android herunterladen", "outlook für ios herunterladen", "obtenir outlook pour ",
	"descargar outlook para ", "scarica outlook per ", "outlook voor android downloaden",
	"outlook voor ios downloaden", "baixe o outlook para ", "pobierz outlook dla ", "skaffa outlook för ",
	"sent from my ", "sent from outlook", "sent from mail for", "sent from yahoo",
	"sent from samsung", "sent from the ", "sent via ", "sent with proton", "sent using ",
	"get outlook for ", "sent from gmail", "sent from mobile",
	"von meinem ", "gesendet von meinem", "gesendet mit ", "gesendet vom ",
	"envoyé de mon ", "envoyé depuis mon ", "envoyé à partir de",
	"enviado desde mi ", "enviado desde ", "enviado do meu ", "enviado de meu ", "enviado do ",
	"inviato da ", "inviato dal mio", "verzonden vanaf mijn ", "verzonden met ", "verstuurd vanaf ",
	"verzonden vanaf ", "skickat från min ", "skickat från ", "skickad från ",
	"sendt fra min ", "sendt fra ", "lähetetty iphonesta", "lähetetty android",
	"lähetetty mobiili", "lähetetty laitteesta", "wysłane z ", "wysłano z ",
	"odesláno z ", "odeslano z ", "отправлено с ", "отправлено из ", "надіслано з ",
	"iphone'umdan gönderildi", "iphone’umdan gönderildi", "android'den gönderildi",
	"iphoneから送信", "androidから送信", "发自我的", "从我的", "從我的", "我的iphone",
}))

// mobileFooterSuffixes end footers in languages that put the verb last.
var mobileFooterSuffixes = foldAll([]string{
	"から送信", "에서 보냄", "에서 보냈습니다", "den gönderildi", "dan gönderildi",
})

// disclaimerStarts begin legal footers. Matching one cuts the rest of
// the new text, so each is specific enough not to start real content.
var disclaimerStarts = newPrefixSet(foldAll([]string{
	"this email and any", "this e-mail and any", "this message and any",
	"this email (including", "this e-mail (including", "this message (including",
	"this email is confidential", "this e-mail is confidential", "this message is confidential",
	"this email may contain", "this e-mail may contain", "this message may contain",
	"this email contains confidential", "this message contains confidential",
	"this email is intended", "this e-mail is intended", "this message is intended",
	"this communication is confidential", "this communication may contain",
	"this communication and any", "the information contained in this",
	"the information in this email", "the information in this e-mail",
	"the information transmitted", "the contents of this email", "the content of this email",
	"confidentiality notice", "confidentiality note", "confidential notice", "disclaimer",
	"legal notice", "legal disclaimer", "important notice", "important: this", "privileged and confidential",
	"notice: this", "if you are not the intended recipient", "please consider the environment",
	"please don't print", "please do not print", "p please consider", "think before you print",
	"diese e-mail enthält", "diese nachricht enthält", "diese e-mail ist vertraulich",
	"diese e-mail kann", "diese e-mail und", "vertraulichkeitshinweis", "haftungsausschluss",
	"ce message et", "ce courriel et", "ce message est confidentiel", "ce courriel est confidentiel",
	"ce message électronique", "avis de confidentialité", "ce message contient",
	"este correo electrónico", "este mensaje y", "este mensaje es confidencial",
	"este mensaje contiene", "aviso de confidencialidad", "aviso legal",
	"esta mensagem e", "esta mensagem é", "esta mensagem contém", "este e-mail e", "este email e",
	"aviso de confidencialidade", "questo messaggio e", "questa e-mail", "questa email",
	"il presente messaggio", "questo messaggio è", "avviso di riservatezza",
	"dit bericht is vertrouwelijk", "dit e-mailbericht", "deze e-mail is vertrouwelijk",
	"deze e-mail en", "dit bericht en", "detta e-postmeddelande", "detta meddelande är",
	"detta mejl", "denne e-mail er", "denne e-mail og", "denne e-posten", "denne meldingen er",
	"denne e-post", "tämä sähköposti", "tämä viesti on luottamuksellinen", "tämä viesti ja",
	"ta wiadomość jest", "ta wiadomość e-mail", "treść tej wiadomości", "niniejsza wiadomość",
	"tento e-mail je", "tato zpráva je", "tento e-mail a", "tato zpráva a",
	"это сообщение конфиденциально", "данное сообщение", "настоящее сообщение",
	"это письмо и", "это письмо содержит", "конфиденциальная информация",
	"це повідомлення", "цей лист містить", "цей електронний лист",
	"bu e-posta", "bu mesaj ve", "bu mesaj gizli", "bu elektronik posta",
	"このメールは機密", "このメールには機密", "本メールは", "本メールには", "このメールは、",
	"本邮件", "此邮件", "本電子郵件", "本郵件", "이 메일은", "본 메일은", "본 이메일은", "이 이메일은",
}))

// signOffs close a message before the sender's name block.
var signOffs = foldAll([]string{
	"thanks", "thank you", "thanks!", "many thanks", "thanks all", "thanks everyone",
	"thanks again", "thanks in advance", "thx", "ty", "cheers", "best", "best regards",
	"regards", "kind regards", "warm regards", "warmly", "all the best", "br", "rgds",
	"sincerely", "yours", "talk soon", "take care", "best wishes", "with thanks",
	"many thanks", "thank you all", "thanks team", "cheers all", "later", "ttyl",
	"merci", "merci beaucoup", "cordialement", "bien cordialement", "bien à vous",
	"bonne journée", "à bientôt", "amicalement", "bises", "merci à tous",
	"danke", "vielen dank", "viele grüße", "vg", "mfg", "mit freundlichen grüßen",
	"beste grüße", "liebe grüße", "lg", "grüße", "gruß", "schöne grüße", "bis bald", "danke euch",
	"gracias", "muchas gracias", "saludos", "un saludo", "atentamente", "abrazos",
	"un abrazo", "saludos cordiales", "gracias a todos",
	"obrigado", "obrigada", "abraços", "abraço", "atenciosamente", "cumprimentos",
	"att", "abs", "saudações", "grazie", "grazie mille", "saluti", "cordiali saluti",
	"un saluto", "a presto", "ciao", "grazie a tutti",
	"bedankt", "dank je", "dank je wel", "dank jullie", "groeten", "met vriendelijke groet",
	"met vriendelijke groeten", "groetjes", "groet", "hartelijke groet", "mvg", "gr",
	"tack", "hälsningar", "vänliga hälsningar", "mvh", "med vänlig hälsning", "ha det bra",
	"tak", "hilsen", "venlig hilsen", "med venlig hilsen", "kh", "kærlig hilsen",
	"de bedste hilsner", "takk", "vennlig hilsen", "med vennlig hilsen",
	"kiitos", "terveisin", "ystävällisin terveisin", "parhain terveisin", "t.",
	"dzięki", "dziękuję", "pozdrawiam", "pozdrowienia", "z poważaniem", "serdecznie pozdrawiam",
	"díky", "děkuji", "s pozdravem", "zdravím", "pozdrav",
	"спасибо", "с уважением", "всего доброго", "всего хорошего", "удачи",
	"дякую", "з повагою", "щиро", "гарного дня",
	"teşekkürler", "saygılarımla", "iyi çalışmalar", "sevgiler", "kolay gelsin", "teşekkür ederim",
	"よろしくお願いします", "よろしくお願いいたします", "宜しくお願いします", "よろしくお願い致します",
	"ありがとうございます", "以上、よろしくお願いします", "以上です", "以上",
	"谢谢", "謝謝", "此致", "此致敬礼", "敬礼", "祝好", "多谢",
	"감사합니다", "고맙습니다", "수고하세요",
})

// quoteHidden are placeholders webmail leaves where it folded a quote.
var quoteHidden = newPrefixSet(foldAll([]string{
	"[quoted text hidden]", "[zitierten text ausblenden]", "[texte des messages précédents masqué]",
	"[texto citado oculto]", "- show quoted text -",
}))
