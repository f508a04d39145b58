### The command line: errors and summaries (src/bin/zeren).

cli-error = error: { $message }
cli-stdout = cannot write to standard output: { $error }
render-witness = witness: { $ticket }

## zeren check

check-summary = { $errors } error(s), { $warnings } warning(s), { $notes } note(s)
cli-cannot-read = cannot read `{ $path }`: { $error }
cli-at-line = { $path }:{ $line }: { $error }

## zeren test

test-fail = FAIL { $name }
test-mismatch = {"  "}{ $field }: expected { $expected }, got { $actual }
test-fail-bad-ticket = FAIL { $name }: bad ticket: { $error }
test-summary = { $passed } passed, { $failed } failed
test-coverage = coverage: { $covered } of { $total } items routed to by a test ({ $pct }%)
test-untested = {"  "}untested: { $name }
test-not-a-case = { $path }:{ $line }: not a test case: { $error }
