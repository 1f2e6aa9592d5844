package ingest

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/mail"
	"strings"
	"sync"

	"github.com/baton-mail/baton/store"
	"github.com/baton-mail/baton/thread"
)

// ImportStats counts what an import did.
type ImportStats struct {
	Read       int `json:"read"`
	Imported   int `json:"imported"`
	Duplicates int `json:"duplicates"`
	Auto       int `json:"auto_skipped"`
	NonMembers int `json:"non_members_skipped"`
	Failed     int `json:"failed"`
}

// ImportMessage files one historic message through Ingest: dated by its
// Date header when it has one, deduplicated and threaded like any
// other. Auto-mail and mail from non-members come back with ID 0 and
// are not stored. A duplicate is not counted as accepted.
func (f *Filer) ImportMessage(raw []byte) (Result, error) {
	res, err := f.Ingest(raw, store.Envelope{Source: store.SourceImport}, nil)
	if err == nil && res.ID != 0 && !res.Duplicate {
		f.Count(store.SourceImport, res)
	}
	return res, err
}

// importSkip tells Ingest to leave out what an import does not file:
// auto-mail and mail from non-members. It fills res for the count.
func importSkip(env store.Envelope, c classified, refusal *Refusal, res *Result) bool {
	if env.Source != store.SourceImport || refusal == nil && c.class != store.ClassAuto {
		return false
	}
	res.Class, res.Reason = c.class, c.reason
	if refusal != nil {
		res.Class, res.Reason = store.ClassRefused, refusal.Reason
	}
	return true
}

// Import files every message next returns (until io.EOF) through
// ingest with up to workers at once, and counts the outcomes.
//
// Each message filed alone pays one fsync; concurrent ones share the
// store's group commit. Concurrency must not change what sequential
// filing would do, so a message waits while any message it could
// depend on is in flight: one with the same Message-ID (dedupe), one
// it names in In-Reply-To or References (its parent), or one with the
// same base subject (the subject fallback). progress, when set, is
// called after each message with the counts so far.
func Import(next func() ([]byte, error), ingest func([]byte) (Result, error), workers int, progress func(ImportStats)) (ImportStats, error) {
	var (
		mu      sync.Mutex
		cond    = sync.NewCond(&mu)
		busy    = map[string]bool{}
		st      ImportStats
		failure error
		wg      sync.WaitGroup
		slots   = make(chan struct{}, max(workers, 1))
	)
	var readErr error
	for {
		raw, err := next()
		if err == io.EOF {
			break
		}
		if err != nil {
			readErr = err
			break
		}
		keys := importKeys(raw)
		mu.Lock()
		for anyBusy(busy, keys) {
			cond.Wait()
		}
		for _, k := range keys {
			busy[k] = true
		}
		st.Read++
		mu.Unlock()
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := ingest(raw)
			mu.Lock()
			defer mu.Unlock()
			for _, k := range keys {
				delete(busy, k)
			}
			cond.Broadcast()
			<-slots
			switch {
			case err != nil:
				st.Failed++
				if failure == nil {
					failure = err
				}
			case res.Duplicate:
				st.Duplicates++
			case res.ID == 0 && res.Class == store.ClassAuto:
				st.Auto++
			case res.ID == 0:
				st.NonMembers++
			default:
				st.Imported++
			}
			if progress != nil {
				progress(st)
			}
		}()
	}
	wg.Wait()
	if readErr != nil {
		return st, readErr
	}
	if failure != nil {
		return st, errors.Join(errors.New("some messages were not filed"), failure)
	}
	return st, nil
}

// importKeys are the names a message may share with one it depends on:
// its own Message-ID, those it refers to, and its base subject.
func importKeys(raw []byte) []string {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil // Ingest copes; it only loses the ordering guarantee
	}
	h := m.Header
	var keys []string
	if id := strings.Trim(strings.TrimSpace(h.Get("Message-Id")), "<>"); id != "" {
		keys = append(keys, "id:"+id)
	}
	for _, f := range strings.Fields(h.Get("In-Reply-To") + " " + h.Get("References")) {
		if id := strings.Trim(f, "<>"); id != "" {
			keys = append(keys, "id:"+id)
		}
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(h.Get("Subject"))
	if err != nil {
		subject = h.Get("Subject")
	}
	if base, _ := thread.BaseSubject(subject); base != "" {
		keys = append(keys, "subject:"+strings.ToLower(base))
	}
	return keys
}

func anyBusy(busy map[string]bool, keys []string) bool {
	for _, k := range keys {
		if busy[k] {
			return true
		}
	}
	return false
}
