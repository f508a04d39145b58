### The command line: errors and summaries (src/bin/zeren).

cli-error = error: { $message }
cli-stdout = cannot write to standard output: { $error }
render-witness = witness: { $ticket }

## zeren check

check-summary = { $errors } error(s), { $warnings } warning(s), { $notes } note(s)
