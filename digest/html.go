package digest

import (
	"html/template"
	"strings"
)

// The HTML part: one centred single-column table (Outlook ignores
// max-width on a div), inline styles only, no images or external assets,
// system fonts. html/template escapes every value, and mailto: links
// carry the reply addresses.
const (
	font  = `font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;`
	muted = `font-size:13px;color:#57606a;`
	link  = `color:#0969da;text-decoration:underline;`
)

var htmlT = template.Must(template.New("").Parse(strings.NewReplacer(
	"FONT", font, "MUTED", muted, "LINK", link).Replace(`
{{- define "head" -}}
<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{.Subject}}</title></head>
<body style="margin:0;padding:0;background-color:#f4f5f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f5f7;"><tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:640px;background-color:#ffffff;border:1px solid #dfe2e6;"><tr><td style="padding:20px 24px;FONTfont-size:15px;line-height:1.5;color:#1f2328;text-align:left;overflow-wrap:break-word;word-wrap:break-word;">
<p style="margin:0 0 8px 0;MUTED">{{.Lead}}</p>
{{end -}}

{{- define "foot" -}}
<p style="margin:24px 0 0 0;padding-top:12px;border-top:1px solid #dfe2e6;MUTED">{{.}}</p>
</td></tr></table>
</td></tr></table>
</body></html>
{{end -}}

{{- define "team" -}}
<h2 style="margin:24px 0 8px 0;padding:0 0 4px 0;border-bottom:2px solid #1f2328;FONTfont-size:20px;line-height:1.3;color:#1f2328;">{{.}}</h2>
{{end -}}

{{- define "kind" -}}
<h3 style="margin:16px 0 6px 0;FONTfont-size:13px;letter-spacing:0.05em;text-transform:uppercase;color:#57606a;">{{.}}</h3>
{{end -}}

{{- define "item" -}}
<p style="margin:0 0 10px 0;padding:0 0 0 10px;border-left:3px solid {{if eq .Kind "blocker"}}#cf222e{{else if eq .Kind "decision"}}#1a7f37{{else}}#9a6700{{end}};">
{{- .Text}}{{if .State}} <span style="MUTED">({{.State}})</span>{{end}}
{{- if .Rationale}}<br><em>Why:</em> {{.Rationale}}{{end}}
<br><span style="MUTED">{{.Author}},
{{- if eq .Kind "blocker"}} blocked for {{.When}}{{else if eq .Kind "question"}} asked {{.When}} ago{{else}} {{.When}}{{end}}
{{- if .ReplyTo}} · <a href="mailto:{{.ReplyTo}}" style="LINK">Reply</a>{{end}}</span></p>
{{end -}}

{{- define "update" -}}
<div style="margin:0 0 14px 0;padding:0 0 10px 0;border-bottom:1px solid #eaecef;">
<p style="margin:0;"><strong>{{.Author}}</strong> <span style="MUTED">{{.When}}</span>
{{- if .Urgent}} <span style="font-size:12px;font-weight:bold;color:#cf222e;">URGENT</span>{{end}}</p>
{{- range .Sections}}
<p style="margin:6px 0 2px 0;font-weight:bold;">{{.Title}}</p>
<ul style="margin:0;padding:0 0 0 20px;">{{range .Items}}<li style="margin:0 0 2px 0;">{{.}}</li>{{end}}</ul>
{{- end}}
{{- range .Replies}}
<div style="margin:6px 0 0 {{.Indent}}px;padding:0 0 0 10px;border-left:3px solid #d0d7de;"><span style="MUTED"><strong style="color:#1f2328;">{{.Author}}</strong> {{.When}}</span><br>
{{- range $i, $l := .Lines}}{{if $i}}<br>{{end}}{{$l}}{{end}}</div>
{{- end}}
{{- if .ReplyTo}}
<p style="margin:6px 0 0 0;font-size:13px;"><a href="mailto:{{.ReplyTo}}" style="LINK">Reply to {{.Author}}</a></p>
{{- end}}
</div>
{{end -}}

{{- define "prompt" -}}
<!DOCTYPE html>
<html><head><meta charset="utf-8"></head>
<body style="margin:0;padding:16px;FONTfont-size:15px;line-height:1.5;color:#1f2328;">
<p style="margin:0 0 12px 0;">{{.Greeting}}</p>
<p style="margin:0 0 12px 0;">{{.Ask}}</p>
<p style="margin:0 0 12px 0;MUTED">{{.Hint}}</p>
<p style="margin:0;font-family:Menlo,Consolas,monospace;font-size:14px;">{{range .Skeleton}}{{.}}<br>{{end}}</p>
</body></html>
{{end -}}

{{- define "silent" -}}
<p style="margin:12px 0 0 0;MUTED">Not posted {{.Since}}: {{range $i, $n := .Names}}{{if $i}}, {{end}}{{$n}}{{end}}.</p>
{{end -}}
`)))

// execHTML runs template name on data; the templates cannot fail on the
// views this package builds, so an error is a bug.
func execHTML(name string, data any) string {
	var b strings.Builder
	if err := htmlT.ExecuteTemplate(&b, name, data); err != nil {
		panic("digest: template " + name + ": " + err.Error())
	}
	return b.String()
}
