### The account of one decision (src/explain.rs): `zeren route --explain`, failing tests.

explain-nobody = nobody
explain-decision = decision: { $lead }, method { $method }
explain-because = because:  { $reason }
explain-step1 = step 1, candidates:
explain-step1-none = step 1, candidates: none
explain-removed = {"  "}(removed by priority/over)
explain-priority = priority { $priority }
explain-differ = the remaining candidates differ in: { $roles }
explain-step3 = step 3, `near` held for: { $names }
explain-step4 = step 4, guards held for matters: { $names }; innermost: { $inner }
explain-step5 = step 5, nearest items (threshold { $threshold }):
explain-split = split (拆单): each matter the ticket raises, settled alone, for the coordinator to dispatch:
explain-no-split = no split: the candidates do not fall into two or more matters that each settle alone
explain-deadline = deadline: { $deadline }
explain-deadline-shortest = deadline: { $deadline } (the shortest of the agreeing items')
explain-basis = basis: { $basis }
explain-guard-pitfall = note: the own condition of `{ $item }` holds, but the guard of its matter `{ $matter }` does not ({ $guard }): does the guard lack this item's words? (see "The guard pitfall" in the language reference)
explain-role-lead = lead { $depts }
explain-role-assists = assists { $depts }
explain-role-liaisons = liaisons { $depts }
explain-met = met: { $atoms }
explain-missed = missed: { $atoms }
explain-by-sound = by sound: { $atoms }

## why not this item? (src/why_not.rs): `zeren route --explain --why-not ITEM`

why-not-title = why not `{ $item }` (lead { $lead })?
why-not-held = held
why-not-not-held = did not hold
why-not-guard = guard:
why-not-own = own condition:
why-not-won = it is the winner
why-not-guard-pitfall = its own condition holds but its matter's guard does not hold: does the guard lack this item's words?
why-not-near-held = its condition does not hold; its `near` does, but something came first
why-not-failed = its condition does not hold (see above)
why-not-beaten = `priority` or `over` removed it; left: { $left }
why-not-disputed = disputed with { $with }: the coordinator decides
why-not-lost = `{ $winner }` won ({ $method })
why-not-lost-none = `no item` won ({ $method })

## The router's reason, `because:` (src/matcher/reference.rs)

reason-near = no item matched; the `near` condition of `{ $item }` held
reason-nearest = no item, `near` or matter claimed the ticket; `{ $item }` is the nearest item (score { $score }, threshold { $threshold })
reason-unclaimed-threshold = nothing claimed the ticket and no item scored at least { $threshold }
reason-unclaimed = nothing claimed the ticket (no `fallback` block, so no nearest item)
reason-only-item = `{ $item }` is the only item whose condition holds
reason-agree = { $count } items match and agree on lead, assists and liaisons; the first declared wins
reason-priority = `priority`/`over` left { $count } item(s); the first declared wins
reason-specific = `{ $item }` is more specific than every other remaining candidate
reason-disputed = { $count } candidates disagree and none is more specific than all the others
reason-residual = no item or `near` matched; the residual owner of matter `{ $matter }` catches the ticket
reason-matter-specific = the guard of matter `{ $matter }` is more specific than the other matters'
reason-matters-disputed = { $count } matters could catch the ticket and none is more specific
