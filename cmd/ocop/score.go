package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/scoring"
)

// score reads one sheet (or a council's sheets) as JSON on stdin and
// writes the engine's result as indented JSON on stdout. Invalid input
// exits with status 2 and one Vietnamese line on stderr.
func score(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "ocop score:", i18n.T("cli.score_args", strings.Join(args, " ")))
		return exitUsage
	}
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	q, err := scoring.Decode(stdin)
	var res any
	if err == nil {
		res, err = q.Score()
	}
	var invalid *scoring.Error
	if errors.As(err, &invalid) {
		fmt.Fprintln(stderr, "ocop score:", oneLine(invalid.Error()))
		return exitUsage
	} else if err != nil {
		fmt.Fprintln(stderr, "ocop score:", oneLine(err.Error()))
		return 1
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res); err != nil {
		fmt.Fprintln(stderr, "ocop score:", err)
		return 1
	}
	return 0
}

// oneLine keeps a message on one line whatever it quotes.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// rulebookCmd is `ocop rulebook list` and `ocop rulebook show`.
func rulebookCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "ocop rulebook:", i18n.T("cli.rulebook_usage"))
		return exitUsage
	}
	switch args[0] {
	case "list":
		if len(args) > 1 {
			fmt.Fprintln(stderr, "ocop rulebook list:", i18n.T("cli.extra_args", strings.Join(args[1:], " ")))
			return exitUsage
		}
		rulebookList(stdout)
		return 0
	case "show":
		return rulebookShow(args[1:], stdout, stderr)
	}
	fmt.Fprintln(stderr, "ocop rulebook:", i18n.T("cli.rulebook_usage"))
	return exitUsage
}

// rulebookList prints every decision and its scorecards with their maxima.
func rulebookList(w io.Writer) {
	current := scoring.Current(time.Now())
	for i, d := range rulebook.Decisions() {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s — %s\n", d.ID, d.Title)
		fmt.Fprintln(w, "  "+effective(d, current))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "  %s\tA\tB\tC\t%s\t%s\t  %s\n", i18n.T("cli.col_number"), i18n.T("cli.col_total"),
			i18n.T("cli.col_criteria"), i18n.T("cli.col_name"))
		for _, c := range d.Cards {
			parts := map[string]float64{}
			for _, p := range c.Parts {
				parts[p.Code] = p.Max
			}
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%d\t  %s\n", c.Number, pts(parts["A"]), pts(parts["B"]), pts(parts["C"]),
				pts(c.Max()), len(c.Criteria()), c.Name)
		}
		tw.Flush()
	}
}

// effective says when a decision applies.
func effective(d *rulebook.Decision, current *rulebook.Decision) string {
	s := i18n.T("cli.effective_from", i18n.Date(d.EffectiveFrom))
	if !d.EffectiveTo.IsZero() {
		s = i18n.T("cli.effective_range", i18n.Date(d.EffectiveFrom), i18n.Date(d.EffectiveTo))
	}
	if d == current {
		s += " " + i18n.T("cli.current")
	}
	return s
}

// rulebookShow prints one scorecard as text.
func rulebookShow(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rulebook show", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	decision := fs.String("decision", "", "")
	card := fs.String("card", "", "")
	fail := func(msg string) int {
		fmt.Fprintln(stderr, "ocop rulebook show:", msg)
		return exitUsage
	}
	if err := fs.Parse(args); err != nil {
		return fail(i18n.T("cli.bad_flag", strings.TrimPrefix(err.Error(), "flag provided but not defined: ")))
	}
	if fs.NArg() > 0 {
		return fail(i18n.T("cli.extra_args", strings.Join(fs.Args(), " ")))
	}
	d := scoring.Current(time.Now())
	if *decision != "" {
		var ok bool
		if d, ok = scoring.DecisionBySlug(*decision); !ok {
			return fail(i18n.T("cli.unknown_decision", *decision))
		}
	}
	if *card == "" {
		return fail(i18n.T("cli.need_card"))
	}
	n, err := strconv.Atoi(*card)
	if err != nil {
		return fail(i18n.T("cli.bad_card", *card, len(d.Cards)))
	}
	c, err := rulebook.CardOf(d.ID, n)
	if err != nil {
		return fail(i18n.T("cli.bad_card", *card, len(d.Cards)))
	}
	printCard(stdout, d, c)
	return 0
}

// printCard writes a scorecard the way it is printed on the form: parts,
// sections, criteria with their options, star minimums and rules.
func printCard(w io.Writer, d *rulebook.Decision, c *rulebook.Card) {
	fmt.Fprintln(w, i18n.T("cli.card_title", c.Number, c.Name))
	fmt.Fprintln(w, i18n.T("cli.card_decision", d.ID, effective(d, scoring.Current(time.Now()))))
	fmt.Fprintln(w, i18n.T("cli.card_path", scoring.Classification(c)))
	rules := func(title string, rs []rulebook.Rule) {
		if len(rs) == 0 {
			return
		}
		fmt.Fprintln(w, "\n"+title)
		for _, r := range rs {
			where := ""
			if r.Criterion != "" {
				where = " " + i18n.T("cli.rule_at", r.Criterion)
			}
			fmt.Fprintf(w, "  - [%s]%s %s\n", r.ID, where, r.Text)
		}
	}
	rules(i18n.T("rulebook.knockouts"), c.KnockOuts)
	rules(i18n.T("rulebook.stops"), c.Stops)
	fmt.Fprintln(w, "\n"+i18n.T("rulebook.legend"))
	for _, p := range c.Parts {
		fmt.Fprintf(w, "\n%s — %s\n", i18n.T("cli.part", p.Code, p.Title), i18n.T("cli.max", pts(p.Max)))
		for _, s := range p.Sections {
			fmt.Fprintf(w, "\n  %s. %s — %s\n", s.Code, s.Title, i18n.T("cli.max", pts(s.Max)))
			for _, cr := range s.Criteria {
				if len(s.Criteria) > 1 || cr.Code != s.Code {
					fmt.Fprintf(w, "    %s. %s — %s\n", cr.Code, cr.Title, i18n.T("cli.max", pts(cr.Max)))
				}
				if cr.Requirement != "" {
					fmt.Fprintf(w, "      %s\n", cr.Requirement)
				}
				switch {
				case cr.YesNo:
					fmt.Fprintf(w, "      %s\n", i18n.T("cli.yes_no", pts(cr.Max)))
				case len(cr.Alternatives) > 0:
					for _, a := range cr.Alternatives {
						fmt.Fprintf(w, "      %s\n", a.Label)
						printOptions(w, "        ", a.Options)
					}
				default:
					printOptions(w, "      ", cr.Options)
				}
				for _, n := range cr.Notes {
					fmt.Fprintf(w, "      %s\n", n)
				}
			}
		}
	}
	if len(c.Notes) > 0 {
		fmt.Fprintln(w, "\n"+i18n.T("rulebook.notes"))
		for _, n := range c.Notes {
			fmt.Fprintf(w, "  - %s\n", n)
		}
	}
}

func printOptions(w io.Writer, indent string, opts []rulebook.Option) {
	for _, o := range opts {
		line := fmt.Sprintf("%s[%s] %s", indent, i18n.T("rulebook.points", pts(o.Points)), o.Text)
		if o.MinFor > 0 {
			line += "  " + strings.Repeat("★", o.MinFor) + " " + i18n.T("rulebook.min_for", o.MinFor)
		}
		fmt.Fprintln(w, line)
		if o.Note != "" {
			fmt.Fprintf(w, "%s    %s %s\n", indent, i18n.T("cli.note"), o.Note)
		}
	}
}

var pts = scoring.Points
