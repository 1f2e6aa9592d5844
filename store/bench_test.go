package store

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
)

// BenchmarkDeliver measures durable deliveries (fsync per commit) of
// ~4 KB messages by 1 and 32 concurrent writers.
func BenchmarkDeliver(b *testing.B) {
	body := make([]byte, 4000)
	for i := range body {
		body[i] = 'a' + byte(i%26)
	}
	for _, writers := range []int{1, 32} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			db, _ := newTestDB(b)
			var n atomic.Int64
			deliver := func() {
				i := n.Add(1)
				d := testDelivery(int(i), fmt.Sprintf("%d@bench", i))
				d.Raw = append(d.Raw, body...)
				if _, _, err := db.Deliver(d); err != nil {
					b.Error(err)
				}
			}
			b.ResetTimer()
			if writers == 1 {
				for b.Loop() {
					deliver()
				}
			} else {
				b.SetParallelism(writers / runtime.GOMAXPROCS(0))
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						deliver()
					}
				})
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}

// BenchmarkRead measures the read paths that walk a bucket, over 1,000
// updates in threads of ten with one item state per reply: a full
// list, a list of states, and a prefix scan of children.
func BenchmarkRead(b *testing.B) {
	db, _ := newTestDB(b)
	answer := statesRule(func(u *Update, chain []*Update) []State {
		if len(chain) == 0 {
			return nil
		}
		return []State{{Update: chain[0].ID, Kind: ItemQuestion, State: StateAnswered, By: u.Author, Reply: u.ID}}
	})
	var root uint64
	for i := range 1000 {
		d := testDelivery(i, fmt.Sprintf("%d@read", i))
		if i%10 != 0 {
			d.Update.Parent = root
		}
		d.Effects = answer
		id, _, err := db.Deliver(d)
		if err != nil {
			b.Fatal(err)
		}
		if i%10 == 0 {
			root = id
		}
	}
	b.Run("ListUpdates", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			db.ListUpdates(0, func(*Update) bool { n++; return true })
			if n != 1000 {
				b.Fatalf("listed %d updates, want 1000", n)
			}
		}
	})
	b.Run("ListStates", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			db.ListStates(0, func(*State) bool { n++; return true })
			if n != 100 {
				b.Fatalf("listed %d states, want 100", n)
			}
		}
	})
	b.Run("Children", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if ids, err := db.Children(root); err != nil || len(ids) != 9 {
				b.Fatalf("children %v, %v; want 9", ids, err)
			}
		}
	})
}
