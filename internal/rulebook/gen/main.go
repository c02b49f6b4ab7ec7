// Command gen converts the scorecard transcriptions of the shared
// reference into the JSON files embedded by package rulebook:
//
//	go run ./internal/rulebook/gen -src /work/shared/reference/scorecards -out internal/rulebook/data
//
// It exits non-zero, naming file and line, on anything it does not
// understand; source typos are corrected only through the table in
// convert/fixes.go.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/ocopvn/ocop/internal/rulebook/gen/convert"
)

func main() {
	src := flag.String("src", convert.DefaultSource(), "directory of the qd26-NN-*.md and qd148-NN-*.md transcriptions")
	out := flag.String("out", "internal/rulebook/data", "output directory (decisions.json, qd26/NN.json, qd148/NN.json)")
	quiet := flag.Bool("q", false, "do not print warnings")
	flag.Parse()

	res, err := convert.Generate(*src)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if !*quiet {
		for _, w := range res.Warnings {
			fmt.Fprintln(os.Stderr, "warning:", w)
		}
	}
	if err := convert.Write(*out, res); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gen: wrote %d files to %s\n", len(res.Files), *out)
}
