package validate

import "iter"

// Parallel runs check on every file with n workers and calls emit with the
// results in input order. At most 2n results wait to be emitted, so memory is
// bounded whatever the number of files. An error from emit stops the run and
// is returned.
func Parallel(files iter.Seq[Input], n int, check func(Input) *Result, emit func(*Result) error) error {
	type job struct {
		file Input
		res  chan *Result
	}
	jobs := make(chan job)
	order := make(chan chan *Result, 2*n)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(jobs)
		defer close(order)
		for f := range files {
			res := make(chan *Result, 1)
			select {
			case order <- res:
			case <-done:
				return
			}
			select {
			case jobs <- job{f, res}:
			case <-done:
				return
			}
		}
	}()
	for i := 0; i < n; i++ {
		go func() {
			for j := range jobs {
				j.res <- check(j.file)
			}
		}()
	}
	for res := range order {
		if err := emit(<-res); err != nil {
			return err
		}
	}
	return nil
}
