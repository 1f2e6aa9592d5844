package parser

import (
	"reflect"
	"testing"
)

// TestDecisions: each decision once, in the sender's own words, with
// its rationale split at the sender's own connective or taken from a
// "Rationale:" line under it.
func TestDecisions(t *testing.T) {
	cases := []struct {
		name, body string
		want       []Decision
	}{
		{"de weil", "Entscheidung: Wir bleiben bei Postgres, weil das Team es kennt.\n\nNächste Schritte:\n- Review",
			[]Decision{{"Wir bleiben bei Postgres", "das Team es kennt"}}},
		{"de section weil", "Entscheidungen:\n- Wir bleiben bei Postgres, weil das Team es kennt.",
			[]Decision{{"Wir bleiben bei Postgres", "das Team es kennt"}}},
		{"rationale line", "Decision: move to weekly releases.\nRationale: QA cannot keep up.",
			[]Decision{{"Move to weekly releases", "QA cannot keep up"}}},
		{"rationale line in section", "Decisions:\n- Weekly releases\n- Why: QA cannot keep up\n- Night backfills only",
			[]Decision{{"Weekly releases", "QA cannot keep up"}, {"Night backfills only", ""}}},
		{"fr raison", "Décision : garder le bucket.\nRaison : l'audit.", []Decision{{"Garder le bucket", "l'audit"}}},
		{"dotted capital I before because", "Decision: keep İzmir replicas because latency.", []Decision{{"Keep İzmir replicas", "latency"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := &Message{Body: c.body, Sections: sections(c.body, builtinIndex)}
			extract(m, Options{})
			if !reflect.DeepEqual(m.Decisions, c.want) {
				t.Errorf("decisions = %+v, want %+v", m.Decisions, c.want)
			}
		})
	}
}
