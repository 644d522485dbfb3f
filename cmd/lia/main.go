// Command lia supports Legitimate Interest Assessments under Art. 6(1)(f) GDPR.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], systemStreams()))
}
