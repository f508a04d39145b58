### The command line: errors and summaries (src/bin/zeren).

cli-error = error: { $message }
cli-stdout = cannot write to standard output: { $error }
render-witness = witness: { $ticket }

## zeren check

check-summary = { $errors } error(s), { $warnings } warning(s), { $notes } note(s)
cli-cannot-read = cannot read `{ $path }`: { $error }
cli-at-line = { $path }:{ $line }: { $error }

## zeren test

test-fail = FAIL { $name }{ $at }
test-mismatch = {"  "}{ $field }: expected { $expected }, got { $actual }
test-fail-bad-ticket = FAIL { $name }{ $at }: bad ticket: { $error }
test-summary = { $passed } passed, { $failed } failed
test-coverage = coverage: { $covered } of { $total } items routed to by a test ({ $pct }%)
test-untested = {"  "}untested: { $name }
test-not-a-case = { $path }:{ $line }: not a test case: { $error }
cli-cannot-write = cannot write `{ $path }`: { $error }
cli-bad-ticket = bad ticket: { $error }

## zeren route

route-why-not-unknown = `--why-not`: there is no item named `{ $name }`
route-why-not-unknown-suggest = `--why-not`: there is no item named `{ $name }`; did you mean `{ $suggestion }`?
route-ticket-not-object = bad ticket: `--ticket` needs a JSON object, e.g. --ticket '{"{"}"text": "…"{"}"}'
route-reading-stdin = reading tickets from standard input, one JSON object per line (Ctrl-D ends); to route one ticket, pass --ticket '{"{"}"text": "…"{"}"}'
route-ticket-id = ticket { $id } (line { $line })
route-ticket-line = ticket on line { $line }
route-cannot-read-line = cannot read the line: { $error }
route-bad-ticket-line = bad ticket: { $error }
    {"  "}{ $quoted }
route-lead = lead       { $name } ({ $id })
route-lead-none = lead       none
route-assists = assists    { $ids }
route-liaisons = liaisons   { $ids }
route-path = path       { $path }
route-method = method     { $method }
route-method-score = method     { $method } (score { $score })
route-analogy-of = analogy of { $item }
route-candidates = candidates { $items }
route-basis = basis      { $basis }
route-deadline = deadline   { $deadline }
route-territorial = territorial yes (a role was resolved by the ticket's place)
route-split = split      { $item } → { $roles }
route-split-lead = { $name } ({ $id })
route-split-assists = , assists { $ids }
route-split-liaisons = , liaisons { $ids }
route-split-deadline = , deadline { $deadline }

## zeren fmt

fmt-would-reformat = { $changed } file(s) would be reformatted; run `zeren fmt` on them
fmt-not-utf8 = `{ $path }` is not UTF-8 text
fmt-not-formatted = `{ $path }` was not formatted

## zeren replay (src/replay/report.rs)

replay-routed = { $tickets ->
    [one] 1 ticket
   *[other] { $tickets } tickets
} routed, { $bad ->
    [one] 1 bad line
   *[other] { $bad } bad lines
}
replay-by-lead = by lead department:
replay-no-lead = (no lead)
replay-by-method = by method:
replay-analogy = analogy (参照类比)
replay-disputed = disputed (争议, to the coordinator)
replay-unclaimed = unclaimed (无主, to the coordinator)
replay-first = , … (first { $count })
replay-listed = { $what }: { $count ->
    [one] 1 ticket
   *[other] { $count } tickets
}
replay-returns = returns (寻根溯源): { $returned } of { $total } tickets with an outcome were returned ({ $rate }%)
replay-no-returns = no responsibility with returns
replay-no-returns-min = no responsibility with returns and at least { $min } tickets
replay-ranked = ranked by return rate (returned/tickets):
replay-ranked-top = ranked by return rate (returned/tickets), the { $shown } highest of { $total }:
replay-unit-residual = { $name } (matter lead, 兜底)
replay-unit-coordinator = { $name } (coordinator: disputed and unclaimed)
replay-bad-lines = bad lines:
replay-bad-lines-first = bad lines (the first):
replay-bad-line = line { $line }: { $message }

## --help (the English texts are the doc comments in src/bin/zeren/main.rs; these are the same words)

help-about = Responsibility rules for public-service hotlines: which department owns a ticket, and who assists
help-lang = Language of messages: `zh` (Chinese) or `en` (English); default from LC_ALL, LC_MESSAGES or LANG.
help-route = Route tickets against a rule set (a dry run).
help-check = Report load errors and static-analysis findings.
help-test = Run inline `test` blocks and case files.
help-fmt = Rewrite rules files in the canonical layout (`--check`: only list them).
help-diff = What changed between two versions, and which tickets change hands.
help-graph = Draw the decision structure as a DOT or Mermaid flowchart.
help-handbook = Write the Markdown handbook: one memo per matter, a department index.
help-replay = Route a whole export (JSON lines or CSV) and summarise it.
help-schema = Print the JSON Schema (draft 2020-12) of a ticket, for the systems that send tickets.
help-serve = Serve routing over HTTP, with the web workbench at `/`.
test-unknown-names = { $path }: case `{ $name }` expects { $names }, which the rules do not declare

## zeren diff, text form (src/diff/text.rs)

diff-warning = warning: { $message }
diff-note = note: { $message }
diff-schema = schema:
diff-settings = settings:
diff-territory = territory map:
diff-otherwise = otherwise
diff-not-listed = (not listed)
diff-item = item
diff-matter = matter
diff-counts = { $items ->
    [true] items
   *[other] matters
}: { $added } added, { $removed } removed, { $changed } changed
diff-lead = (lead { $lead })
diff-top-level = (top level)
diff-moved = moved: { $old } → { $new }
diff-nobody = (nobody)
diff-no-handover = no ticket changes hands (searched with the solver, witnesses checked by routing)
diff-handovers = tickets that change hands: { $pairs } pair(s) of owners (found by the solver, checked by routing both versions)
diff-handover = { $from } → { $to }  (old: { $old }; new: { $new }{ $because })
diff-because-one = ; only because of its { $what }
diff-because-both = ; only because of its date and place
diff-replayed = replayed { $tickets } ticket(s): { $changed } change lead
diff-replayed-pair = { $from } → { $to }  { $count }  (first at line { $line })
diff-rejected = rejected: { $old } by the old schema, { $new } by the new (not routed)

## zeren graph

graph-mermaid-too-big = warning: the chart has { $edges } edges; Mermaid renderers refuse more than { $max } by default. Chart one matter with `--matter NAME`, or use `--format dot`.
diff-replay-error = { $path }: { $error }
diff-unnamed = (unnamed)
