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
