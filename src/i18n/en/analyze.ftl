
## src/analyze/coverage.rs

an-too-complex-to-analyse-whether = too complex to analyse: whether a ticket can go without a lead (no coordinator is declared; { $reason })
an-its-when-contradicts-itself-or = its `when` contradicts itself or an enclosing matter's guard; fix the condition or remove the item
an-shadowed-was-not-decided-for = `shadowed` was not decided for this item; raise the analysis budget
an-on-the-witness-it-raise = on the witness it { $how_d }; raise its `priority`, add `over`, or remove it
an-raise-the-analysis-budget-or = raise the analysis budget, or give the matter a `lead`
an-the-witness-give-the-matter = the witness { $how_d }; give the matter a `lead` (主办兜底) or widen its items
an-no-coordinator-was-not-decided = `no-coordinator` was not decided; declare a coordinator, or raise the analysis budget
an-add-basis-the-law-or = add `basis "《…》"` (the law or policy that assigns the duty) to the item or its matter

## src/analyze/overlap.rs

an-overlaps-involving-this-item-were = overlaps involving this item were not checked; split it into simpler items, or raise the analysis budget

## src/live.rs

live-no-coordinator = no coordinator

## src/analyze/coverage.rs

an-no-ticket-can-meet-the = no ticket can meet the condition of item `{ $item_name }`
an-too-complex-to-analyse-item = too complex to analyse: item `{ $item_name }`: { $reason }
an-too-complex-to-analyse-whether-2 = too complex to analyse: whether item `{ $name }` can win a ticket ({ $reason })
an-item-can-match-tickets-but = item `{ $name }` can match tickets but never wins any
an-item-has-no-basis-its = item `{ $item_name }` has no basis, its own or inherited

## src/analyze/overlap.rs

an-a-ticket-about-one-thing = a ticket about one thing is disputed between `{ $nx }` and `{ $ny }`
an-a-ticket-raising-both-and = a ticket raising both `{ $na }` and `{ $nb }` is disputed
an-too-complex-to-analyse-whether-3 = too complex to analyse: whether { $undecided } pair(s) of items can be disputed together, first `{ $na }` and `{ $nb }` ({ $reason })
an-how-disputed = is disputed ({ $candidates }) and goes to the coordinator
an-how-unclaimed = goes unclaimed to the coordinator
an-how-residual = falls to the residual owner of `{ $matter }`
an-how-analogy = goes by analogy to `{ $item }`
an-how-goes-to = goes to `{ $item }` ({ $method })
an-how-decided-by = is decided by `{ $method }`
an-no-coordinator = a ticket can be { $what }, and no coordinator is declared to receive it
an-no-coordinator-help = declare one with `coordinator ID` (for example the city's social-governance service centre); such tickets now get no lead
an-too-complex-gap = too complex to analyse: whether matter `{ $matter }` has a gap ({ $reason })
an-gap-not-decided = `gap` not decided
an-gap = matter `{ $name }` has no lead, and a ticket can meet its guard while none of its items matches
an-gap-label = no `lead` catches what its items miss
an-overlap-fix-over = add `over { $ny }` to item `{ $nx }` (or `over { $nx }` to `{ $ny }`)
an-overlap-fix-or = { $first }; or { $second }
an-overlap-help = the witness carries only what `{ $topic }` needs, and both items claim it; smallest fix: { $fix }; or settle it with `priority`, or a narrower condition (one implying the other)
an-place-guard = the guard of matter `{ $matter }`
an-place-item = item `{ $item }`
an-nested-keyword = `{ $keyword }` in { $place } matches inside `{ $outer }`: narrow that keyword
an-mixed-undecided-help = these pairs are not counted as `mixed-topics`; raise the analysis budget
an-mixed = { $at_least ->
    [yes] at least { $count }
   *[other] { $count }
} pair(s) of items with different owners are disputed only by tickets that raise both topics at once (一单多诉); such tickets go to the coordinator by design
an-mixed-truncated = { $at_least ->
    [yes] at least { $count }
   *[other] { $count }
} pair(s) of items with different owners are disputed only by tickets that raise both topics at once (一单多诉); such tickets go to the coordinator by design (counting stopped after { $budget } pairs: the analysis budget)
an-mixed-help = `zeren check --mixed` lists each pair with a witness ticket, those worth a look first
an-mixed-help-notable = worth a look first: { $inside } pair(s) inside one matter, { $two } whose ticket needs only two keywords — { $names }
    `zeren check --mixed` lists each pair with a witness ticket, those worth a look first
an-empty-rule-set = the rule set is empty: it declares no departments, matters or items, so no ticket gets a lead
an-no-items = the rule set has no items, so no ticket gets a lead
an-no-items-help = add an item: `item NAME {"{"} when … lead ID {"}"}` (see `zeren::language`, "Matters and items")

## src/analyze/declared.rs

an-department-is-declared-but-no = department `{ $dept_id }` ({ $dept_name }) is declared but no role, `territory` line or `coordinator` names it
an-name-it-in-a-lead = name it in a `lead`, `assist` or `liaise` clause, or remove the declaration if the department no longer takes tickets
an-never-named = never named
an-item-is-no-longer-in = item `{ $item_name }` is no longer in force: its `effective` range ended on { $end }, before the clock's date { $today }
an-matter-is-no-longer-in = matter `{ $matter_name }` is no longer in force: its `effective` range ended on { $end }, before the clock's date { $today }
an-in-force-until = in force until { $end }
an-expired-help = it routes only tickets dated { $end } or earlier; keep it while such tickets are still judged, then remove it (or extend its range if the rule still applies)
an-never-in-force = item `{ $item_name }` is never in force: its `effective` range and its matters' ranges do not meet
an-never-in-force-help = together they would start on { $start } and end on { $end }; correct the dates, or remove the item

## Why a search was too complex (the `reason` above)

an-reason-rounds = { $rounds } refinements
an-reason-cases = its condition expands to more than { $budget } minimal cases
an-reason-single-topic = it has more than { $budget } single-topic tickets
an-reason-budget = the search gave up after { $budget } steps (the budget)
