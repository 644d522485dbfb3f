package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/gen"
	"github.com/lia-project/lia/internal/trust"
	"github.com/lia-project/lia/internal/validate"
)

// writeBenchRecords writes n distinct, valid records into dir, 500 per
// subdirectory: the four examples with their own id and subject count, each
// with the result lia computes for it and signed by a DPO. It returns the
// allowed_signers file that trusts the DPO's key.
func writeBenchRecords(tb testing.TB, cat *assessment.Catalog, dir string, n int) (allowedSigners string) {
	tb.Helper()
	key, line, err := gen.Key(1, "dpo@example.com")
	if err != nil {
		tb.Fatal(err)
	}
	allowedSigners = filepath.Join(tb.TempDir(), "allowed_signers")
	if err := os.WriteFile(allowedSigners, []byte(line), 0o644); err != nil {
		tb.Fatal(err)
	}
	signedAt := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	paths, err := filepath.Glob("../../testdata/examples/*.lia.yaml")
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no examples: %v", err)
	}
	var bases []*assessment.Record
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		rec, err := assessment.ParseRecord(p, b, cat.Questionnaire, assessment.DefaultLimits)
		if err != nil {
			tb.Fatal(err)
		}
		bases = append(bases, rec)
	}
	for i := 0; i < n; i++ {
		base := bases[i%len(bases)]
		rec := *base
		rec.APIVersion, rec.Kind = assessment.APIVersion, assessment.Kind
		rec.Answers = base.Answers.Clone()
		rec.Metadata.ID = fmt.Sprintf("%s-%05d", base.Metadata.ID, i)
		rec.Answers["data.subject_count"] = assessment.Value{Type: assessment.TypeInt, Int: int64(500 + i*397)}
		rec.Result = &cat.Rules.Evaluate(rec.Metadata.Jurisdiction, rec.Answers).Result
		rec.Signatures = nil
		if err := trust.Sign(cat.Questionnaire, &rec, key, "Dana Okoye <dpo@example.com>", "dpo", signedAt); err != nil {
			tb.Fatal(err)
		}
		b, err := assessment.MarshalRecord(&rec, cat.Questionnaire)
		if err != nil {
			tb.Fatal(err)
		}
		sub := filepath.Join(dir, fmt.Sprintf("team-%02d", i/500))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, rec.Metadata.ID+".lia.yaml"), b, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return allowedSigners
}

// heapPeak samples the heap until stop is called and returns two peaks: the
// heap including garbage not yet collected (which depends on GC pacing and
// load) and the live heap marked by each GC (what the run really holds).
func heapPeak() (stop func() (heap, live uint64)) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
	var peak, peakLive uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			peakLive = max(peakLive, sample[1].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() (uint64, uint64) { close(done); wg.Wait(); return peak, peakLive }
}

// BenchmarkValidate runs lia validate with every check (schema,
// completeness, result, review date, signatures verified against an
// allowed_signers file, signature count and role, policy) over generated
// signed records, and reports records/s and the peak live heap. Run: go test -run '^$' -bench BenchmarkValidate ./cmd/lia
func BenchmarkValidate(b *testing.B) {
	a := newApp(&streams{Out: io.Discard, Err: io.Discard, Env: func(k string) string {
		if k == "LIA_TODAY" {
			return "2026-11-23"
		}
		return ""
	}})
	cat, err := a.catalog()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			allowed := writeBenchRecords(b, cat, dir, n)
			opts := &validateOptions{glob: "*.lia.yaml", format: "json", expiresWithin: "30d", allowedSigners: allowed,
				requireSignatures: 1, requireRoles: []string{"dpo"}, failOn: assessment.OutcomeFail}
			benchCheckOutput(b, a, opts, dir, n)
			var peak, peakLive uint64
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				// Start from a collected heap, so the peak is this run's.
				b.StopTimer()
				runtime.GC()
				b.StartTimer()
				stop := heapPeak()
				err := validateRun(a, opts, []string{dir})
				heap, live := stop()
				peak, peakLive = max(peak, heap), max(peakLive, live)
				// Records whose outcome is fail are policy errors (exit 1).
				var silent errSilent
				if err != nil && !errors.As(err, &silent) {
					b.Fatal(err)
				}
			}
			// CPU time per record says what the machine can do when other
			// processes share it: records/s on 2 idle cores is about 2e6/cpu-µs.
			cpu := cpuTime() - cpu0
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
			b.ReportMetric(float64(cpu.Microseconds())/float64(n*b.N), "cpu-µs/record")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(peakLive)/(1<<20), "peak-live-MiB")
		})
	}
}

// benchCheckOutput runs the benchmark's validation once and checks that it
// did the work: every record read, every signature verified, and no problem
// but the policy failures of records whose outcome is fail.
func benchCheckOutput(b *testing.B, a *app, opts *validateOptions, dir string, n int) {
	var out bytes.Buffer
	saved := a.io.Out
	a.io.Out = &out
	defer func() { a.io.Out = saved }()
	_ = validateRun(a, opts, []string{dir})
	var rep validate.JSONReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		b.Fatalf("output is not JSON: %v", err)
	}
	if rep.Summary.Files != n || rep.Summary.Signatures != validate.SigsVerified {
		b.Fatalf("summary = %+v", rep.Summary)
	}
	for _, f := range rep.Files {
		for _, p := range f.Problems {
			if p.Check != assessment.CheckPolicy {
				b.Fatalf("%s: %+v", f.Path, p)
			}
		}
	}
}
