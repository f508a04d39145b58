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
