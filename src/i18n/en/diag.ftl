### Load-time diagnostics: messages, labels and help (src/check, src/syntax, src/load.rs).
### Variables are names and ids as written; code stays in backticks.

load-error-io = cannot load `{ $path }`: { $message }
load-error-rules = the rule set failed to load with { $count ->
    [one] 1 error
   *[other] { $count } errors
}

## Reading files (src/load.rs)

load-no-rules-files = the directory holds no `.rules` files
load-too-large = the file is larger than the limit of { $max } bytes (`Limits::max_file_bytes`)
load-not-found = no such file or directory
load-permission-denied = permission denied
load-not-utf8 = the file is not UTF-8 text (invalid bytes on line { $line }, byte { $offset }); save it as UTF-8
load-not-utf8-gbk = the file is not UTF-8 text (invalid bytes on line { $line }, byte { $offset }); it looks like GBK (GB2312/GB18030), the encoding Windows editors use for Chinese: re-save it as UTF-8 (Notepad: 另存为 → 编码 UTF-8), or convert it with `iconv -f GBK -t UTF-8`

## src/check/names.rs

names-the-rule-set-has-two = the rule set has two `ruleset` headers
names-the-rule-set-names-two = the rule set names two coordinators
names-the-rule-set-has-two-2 = the rule set has two `fallback` blocks
names-the-rule-set-has-two-3 = the rule set has two `territory` blocks
names-the-rule-set-has-two-4 = the rule set has two `clock` declarations
names-is-listed-twice-in-the = `{ $v }` is listed twice in the domain of `{ $a_name }`
names-has-an-empty-domain-no = `{ $a_name }` has an empty domain: no ticket could carry it
names-is-declared-only-a-symbol = `{ $a_name }` is declared `{ $ty }`; only a `symbol` attribute may list its values
names-is-declared-only-a-number = `{ $a_name }` is declared `{ $a_ty }`; only a `number` attribute may give a range
names-a-bound-of-the-range = a bound of the range is too large
names-the-range-of-starts-after = the range of `{ $a_name }` starts after it ends
names-is-defined-twice = `{ $name }` is defined twice
names-department-is-declared-twice = department `{ $dep_id }` is declared twice
names-is-only-allowed-on-an = `{ $kw }` is only allowed on an item, not on a { $block }
names-is-given-twice-in-this = `{ $kw }` is given twice in this { $block }
names-there-is-no-department = there is no department `{ $text }`
names-keep-one-ruleset-version-line = keep one `ruleset "…" version "…"` line for the whole rule set
names-one-department-receives-disputed-and = one department receives disputed and unclaimed tickets; keep one `coordinator`
names-keep-one-fallback = keep one `fallback {"{"} nearest threshold … {"}"}`
names-map-every-place-in-one = map every place in one `territory ATTR {"{"} … otherwise ID {"}"}` block
names-keep-one-clock-attr-default = keep one `clock ATTR default DATE`
names-remove-the-repeated-value = remove the repeated value
names-list-the-values-or-leave = list the values, or leave the domain out for an open symbol
names-declare-symbol-or-remove-the = declare `{ $a_name }: symbol [...]`, or remove the list
names-declare-number-or-remove-the = declare `{ $a_name }: number { $min_max }`, or remove the range
names-write-a-smaller-bound-or = write a smaller bound, or leave that end open (`0..`)
names-write-the-smaller-bound-first = write the smaller bound first: `{ $hi }..{ $lo }`
names-is-already-attributes-define-s = `{ $name }` is already { $first_describe }; attributes, `define`s and `words` lists share one namespace, so rename one of them
names-department-ids-are-unique-remove = department ids are unique; remove one declaration or rename it
names-is-already-matter-and-item = `{ $name }` is already { $first_what }; matter and item names are unique across the rule set, so rename one of them
names-move-into-the-s-items = move `{ $kw }` into the { $block }'s items
names-second-header = second header
names-second-coordinator = second `coordinator`
names-second-fallback = second `fallback`
names-second-territory = second `territory`
names-second-clock = second `clock`
names-listed-again-here = listed again here
names-no-values-listed = no values listed
names-a-domain-on-a-non = a domain on a non-symbol attribute
names-a-range-on-a-non = a range on a non-number attribute
names-not-a-finite-number = not a finite number
names-is-above = { $lo } is above { $hi }
names-defined-again-here-as = defined again here as { $sym_describe }
names-declared-again-here = declared again here
names-defined-again-here-as-2 = defined again here as { $what }
names-on-a = `{ $kw }` on a { $block }
names-given-again-here = given again here
names-not-declared = not declared
names-first-defined-here = first defined here
names-first-given-here = first given here
kind-an-attribute = an attribute
kind-a-define = a `define`
kind-a-words-list = a `words` list
kind-a-matter = a matter
kind-an-item = an item
names-combine-conditions = combine the conditions into one `{ $kw }` with `or` or `and`
names-list-in-one-clause = list every name in one `{ $kw }` clause, separated by commas
names-keep-one-clause = keep one `{ $kw }` clause
names-display-name-write-id = `{ $text }` is the display name of department `{ $id }`: write the id `{ $id }`
names-declare-department = declare it with `department ID "display name"`
names-did-you-mean-by-name = did you mean { $candidates }? a role names the department's id
did-you-mean = did you mean `{ $name }`?

## src/check/cases.rs

cases-is-given-twice-in-this = `{ $field_name }` is given twice in this ticket
cases-the-value-of-is-not = the value of `{ $field_name }` is not a finite number
cases-expect-is-given-twice-in = `expect { $kind }` is given twice in this test
cases-is-a-matter-not-an = `{ $name }` is a matter, not an item
cases-is-not-a-method-the = `{ $m }` is not a method; the methods are { $methods_join }
cases-a-score-is-between-0 = a score is between 0 and 1
cases-a-ticket-carries-one-value = a ticket carries one value per attribute; keep one
cases-write-a-smaller-number = write a smaller number
cases-give-a-value-of-the = give a value of the attribute's declared type (and from its domain, if it has one)
cases-keep-one-expect = keep one `expect { $kind }`
cases-expect-item-names-the-winning = `expect item` names the winning item; for a residual decision write `expect item none`
cases-proximity-scores-run-from-0 = proximity scores run from 0 to 1; a direct match scores 1
cases-too-large = too large
cases-does-not-fit-the-schema = does not fit the schema
cases-a-matter = a matter
cases-unknown-method = unknown method
cases-outside-0-1 = outside [0, 1]
cases-the-schema-declares-no-attribute = the schema declares no attribute `{ $field_name }`
cases-declare-it-in-the-schema = declare it in the `schema`, or remove it from the ticket
cases-there-is-no-item-named = there is no item named `{ $name }`
cases-name-a-declared-item-or = name a declared item, or `none`
cases-expect-split-lists-the-items = `expect split` lists the items of the split, in order

## src/check/conds.rs

conds-define-refers-back-to-itself = `define { $name_first }` refers back to itself: { $chain_join }
conds-is-not = `{ $name }` is { $other_describe }, not { $what }
conds-is-declared-needs = `{ $name }` is declared `{ $ty }`; { $what } needs { $needs }
conds-has-needs-at-least-one = `has` needs at least one keyword, and these `words` lists are empty
conds-the-number-is-too-large = the number is too large to compare with
conds-is-declared-bool-compare-it = `{ $attr_name }` is declared `bool`; compare it with `true` or `false`, not `{ $s }`
conds-is-declared-symbol-is-a = `{ $attr_name }` is declared `symbol`; `{ $b }` is a bool value
conds-is-not-a-value-of = `{ $s }` is not a value of `{ $attr_name }`, whose domain is [{ $domain_join }]
conds-is-not-a-words-list = `{ $name }` is { $other_describe }, not a `words` list
conds-this-condition-expands-to-more = this condition expands to more than { $max_cond_size } tests
conds-an-empty-keyword-would-match = an empty keyword would match every text
conds-a-define-cannot-depend-on = a `define` cannot depend on itself; write the shared part as a separate `define`
conds-add-keywords-to-the-words = add keywords to the `words` list
conds-write-a-smaller-bound = write a smaller bound
conds-write-true-or-false = write `{ $attr_name } = true` or `{ $attr_name } = false`
conds-to-mean-the-symbol-value = to mean the symbol value, quote it: `"{ $b }"`
conds-has-takes-strings-or-the = `has` takes strings, or the names of `words` lists
conds-a-define-used-many-times = a `define` used many times inside another is copied each time; simplify the nesting of `define`s
conds-remove-it-or-write-the = remove it, or write the word to look for
conds-uses-this = `{ $name_first }` uses this
conds-used-as = { $other_describe } used as { $what }
conds-is = `{ $name }` is `{ $ty }`
conds-no-keywords = no keywords
conds-not-a-bool = not a bool
conds-a-bool-value = a bool value
conds-not-in-the-domain = not in the domain
conds-not-a-words-list = not a `words` list
conds-too-large-once-define-s = too large once `define`s are expanded
conds-empty-keyword = empty keyword
conds-uses-this-2 = `{ $name_from }` uses this
conds-there-is-no-attribute-define = there is no attribute, `define` or `words` list named `{ $name }`
conds-declare-it-in-the-schema = declare it in the `schema`, or with `define NAME = …`
conds-there-is-no-words-list = there is no `words` list named `{ $name }`
conds-declare-it-with-words-name = declare it with `words NAME = ["…", …]`, or quote the keyword
conds-a-bool-attribute-or-a = a `bool` attribute or a `define`
conds-a-bare-name = a bare name
conds-a-text-attribute = a `text` attribute
conds-has = `has`
conds-in = `in`
conds-a-number-attribute = a `number` attribute

## src/check/dated.rs

dated-place-is-mapped-twice-in = place `{ $v }` is mapped twice in the `territory` block
dated-is-not-a-value-of = `{ $v }` is not a value of `{ $t_attr }`, whose domain is [{ $domain_join }]
dated-the-range-starts-on-after = the range starts on { $start }, after it ends on { $end }
dated-effective-needs-a-clock-to = `effective` needs a `clock` to date tickets by
dated-a-deadline = a deadline { $problem }: `{ $dl_value } { $dl_unit }`
dated-the-homophone-weight-must-be = the `homophone` weight must be above 0 and at most 1
dated-is-declared-needs-a-attribute = `{ $name }` is declared `{ $attr_ty }`; { $what } needs a `{ $ty }` attribute ({ $is })
dated-a-place-belongs-to-one = a place belongs to one department: keep it on one line
dated-write-the-earlier-date-first = write the earlier date first: `effective { $end }..{ $start }`
dated-declare-the-date-attribute-and = declare the date attribute and its default, e.g. `schema {"{"} 受理日期: date {"}"}` and `clock 受理日期 default 2025-01-01`
dated-write-the-time-limit-as = write the time limit as a positive whole number, e.g. `deadline 5 workdays`
dated-a-keyword-matched-by-sound = a keyword matched by sound scores this weight; `homophone 0.8` scores it 0.8
dated-declare-in-the-schema-or = declare `{ $name }: { $ty }` in the schema, or name another attribute
dated-mapped-again-here = mapped again here
dated-start-after-end = start after end
dated-no-clock-declared = no `clock` declared
dated-outside-0-1 = outside (0, 1]
dated-is = `{ $name }` is `{ $attr_ty }`
dated-first-mapped-here = first mapped here
dated-names-which-is-not-an = { $what } names `{ $name }`, which is not an attribute of the schema

## src/check/roles.rs

roles-like-needs-an-item-but = `like` needs an item, but `{ $name }` is a matter
roles-like-leads-back-to = `like` leads back to `{ $name_first }`: { $chain_join }
roles-item-has-no-lead-department = item `{ $item_name }` has no lead department
roles-is-here = { $who } is { $roles } here
roles-territory-names-the-department-of = `territory` names the department of the ticket's place, but there is no `territory` block
roles-name-one-of-the-matter = name one of the matter's items; `like` borrows an item's lead, assists, liaisons and basis
roles-an-item-cannot-borrow-its = an item cannot borrow its roles from itself; give one of these items its own `lead`
roles-every-item-has-exactly-one = every item has exactly one lead: add `lead ID` to it or to an enclosing matter, or borrow one with `like`
roles-a-department-holds-one-role = a department holds one role per ticket; remove it from one of the clauses
roles-declare-territory-attr-or-name = declare `territory ATTR {"{"} VALUE, ... -> ID ... otherwise ID {"}"}`, or name a department here (a department whose id is `territory` is written quoted: `"territory"`)
roles-over-must-not-lead-back = `over` must not lead back to the item (directly, through a matter that contains it, or through other items)
roles-is-like-this = `{ $name_first }` is like this
roles-no-lead = no lead
roles-second-role = second role
roles-no-territory-block-maps-places = no `territory` block maps places to departments
roles-is-over-this = `{ $name_first }` is over this
roles-is-like-this-2 = `{ $name_from }` is like this
roles-is-over-this-2 = `{ $name_from }` is over this
roles-like-names-an-item = `like` names an item
roles-there-is-no-item-or = there is no item or matter named `{ $name }`
roles-over-names-items-or-matters = `over` names items or matters

## src/check/limits.rs

limits-the-file-is-bytes-more = the file is { $value } bytes, more than the limit of { $limits_get_max_file_bytes } bytes
limits-this-keyword-is-characters-long = this keyword is { $chars } characters long, more than the limit of { $limits_get_max_keyword_chars }
limits-the-rule-set-declares-more = the rule set declares more than { $limits_get_max_items } items
limits-this-condition-nests-levels-deep = this condition nests { $depth } levels deep once `define`s are expanded, more than the limit of { $limits_get_max_nesting }
limits-split-the-rule-set-into = split the rule set into several files, or raise `Limits::max_file_bytes`
limits-a-keyword-is-a-word = a keyword is a word or short phrase found in the ticket text; use a shorter, distinctive part
limits-raise-limits-max-items-if = raise `Limits::max_items` if this many items are intended
limits-each-define-used-inside-another = each `define` used inside another adds its depth; write the chain as one flatter condition
limits-file-too-large = file too large
limits-keyword-too-long = keyword too long
limits-one-item-too-many = one item too many
limits-too-deep-once-define-s = too deep once `define`s are expanded

## src/check/mod.rs

mod-the-fallback-threshold-must-be = the `fallback` threshold must be above 0 and at most 1
mod-matter-has-a-lead-but = matter `{ $m_name }` has a `lead` but no condition: it would take every ticket no item claims
mod-item-has-no-condition-it = item `{ $it_name }` has no condition: it would claim every ticket
mod-a-proximity-score-runs-from = a proximity score runs from 0 to 1; `threshold 0.5` takes items at least half met
mod-add-when-to-the-matter = add `when …` to the matter, or move the `lead` into its items
mod-add-when-to-the-item = add `when …` to the item or to an enclosing matter, or a `near …` to make it an analogy-only item
mod-no-when-here-or-on = no `when` here or on an enclosing matter
mod-the-residual-lead = the residual lead

## src/syntax/parse.rs

parse-conditions-or-blocks-nest-deeper = conditions or blocks nest deeper than { $max } levels
parse-is-not-a-calendar-date = `{ $text }` is not a calendar date in 1900–2199
parse-priority-is-out-of-range = priority is out of range
parse-a-deadline-is-a-whole = a deadline is a whole number of hours, days or workdays
parse-a-cannot-be-named-none = a { $what } cannot be named `none`
parse-none-is-not-a-here = `none` is not a { $what } here
parse-split-the-condition-with-define = split the condition with `define`, or flatten the matters
parse-write-a-date-that-exists = write a date that exists as `YYYY-MM-DD`, e.g. `2024-07-01`
parse-write-e-g-deadline-5 = write e.g. `deadline 5 workdays`; for half a day write `deadline 12 hours`
parse-none-means-no-department-in = `none` means "no department" in `assist none`, `expect lead none` and the like; pick another name
parse-an-item-needs-a-lead = an item needs a lead; `none` is only allowed in `assist none` and `liaise none`
parse-too-deep-here = too deep here
parse-here = here
parse-no-such-day = no such day
parse-this-number = this number
parse-not-a-whole-number = not a whole number
parse-reserved-word = reserved word

## src/syntax/print.rs

print-formatting-would-the-file-is = formatting would { $what }; the file is left as it is
print-this-is-a-bug-in = this is a bug in `zeren fmt`; please report it with the file
kind-a-condition = a condition
conds-words-after-has = a `words` list goes after `has`: `{ $attr } has { $name }`
conds-words-after-has-text = a `words` list goes after `has`, on a `text` attribute
conds-use-on-its-own = use `{ $name }` on its own, as a condition
conds-number-not-a-value = `{ $name }` is declared `{ $ty }`; a number is not one of its values
conds-date-not-a-value = `{ $name }` is declared `{ $ty }`; a date is not one of its values
conds-quote-symbol = to mean the symbol value, quote it
conds-use-a-listed-value = use one of the listed values, or add `{ $value }` to the domain in the schema
conds-usage-text = a `text` attribute is tested with `has`: `{ $name } has "…"`
conds-usage-symbol = a `symbol` attribute is tested with `=`, `!=` or `in`: `{ $name } = …`
conds-usage-number = a `number` attribute is compared: `{ $name } >= …`, `{ $name } = …`, `{ $name } in [1, 2]`
conds-usage-bool = a `bool` attribute is tested on its own (`{ $name }`) or with `{ $name } = false`
conds-usage-date = a `date` attribute is compared with a date: `{ $name } >= 2024-07-01`
dated-is-territory = the ticket's town or street
dated-is-clock = when the ticket came in
dated-declare-in-schema = declare it in the schema: `schema {"{"} { $name }: { $ty } {"}"}`
dated-map-a-listed-value = map one of the listed values, or add `{ $value }` to the domain
check-coordinator-not-declared = the coordinator `{ $id }` is not a declared department
cases-the-methods-are = the methods are { $methods }

## Grammar words in syntax errors (src/syntax/parse.rs `describe`)

parse-expected = expected { $what }
parse-expected-or = expected { $init } or { $last }
parse-unexpected = unexpected { $what }
rule-a-clause = a clause
rule-a-comment = a comment
rule-a-comparison = a comparison
rule-a-condition = a condition
rule-a-condition-word = a condition word
rule-a-date-yyyy-mm-dd = a date (`YYYY-MM-DD`)
rule-a-declaration = a declaration
rule-a-field-name-value = a field (`name: value`)
rule-a-keyword = a keyword
rule-a-label-a-string = a label (a string)
rule-a-line-value-id = a line `VALUE, ... -> ID`
rule-a-list = a list `[…]`
rule-a-list-of-values = a list of values
rule-a-name = a name
rule-a-number = a number
rule-a-range-min-max = a range (`MIN..MAX`)
rule-a-range-of-dates-date-date = a range of dates (`DATE..DATE`)
rule-a-space = a space
rule-a-string = a string
rule-a-time-limit-n-hours-n-days-or-n-workday = a time limit (`N hours`, `N days` or `N workdays`)
rule-a-type-symbol-text-number-bool-or-date = a type (`symbol`, `text`, `number`, `bool` or `date`)
rule-a-value = a value
rule-a-whole-number = a whole number
rule-an-attribute-declaration = an attribute declaration
rule-an-attribute-name = an attribute name
rule-end-of-file = end of file
rule-the-name-of-a-words-list = the name of a `words` list
roles-lead-and-assist = both the lead and an assist
roles-lead-and-liaison = both the lead and a liaison
roles-assist-and-liaison = both an assist and a liaison
roles-the-lead-here = the lead here
roles-an-assist-here = an assist here
roles-department = department `{ $id }`
roles-territory = `territory`
roles-over-itself = item `{ $name }` is `over` itself
roles-over-leads-back = `over` leads back to `{ $name }`: { $chain }
dated-deadline-at-least-1 = must be at least 1
dated-deadline-too-large = is too large
print-would-not-parse = not parse again
print-would-change-meaning = change the rules' meaning
print-would-lose-comment = lose a comment
dated-not-positive = not a positive number

## Slips said with their fix (src/syntax/parse.rs `slip`)

parse-unclosed-string = this string is not closed
parse-string-starts-here = the string starts here
parse-close-string = end the string with `"` on the same line
parse-one-lead = an item has one lead; put the others in `assist`
parse-more-than-one-lead = more than one department after `lead`
parse-one-lead-help = write `lead { $lead }` and `assist { $others }`
parse-dangling-op = `{ $op }` ends the line but nothing follows it
parse-nothing-after = nothing after this `{ $op }`
parse-dangling-op-help = write the rest of the condition after `{ $op }` on the same line, or remove `{ $op }`
parse-not-a-clause = `{ $word }` is not a clause
parse-unknown-clause = unknown clause
parse-item-clauses = the clauses of an item are { $clauses }
parse-matter-clauses = the clauses of a matter are { $clauses }
conds-a-symbol-bool-number-date-attribute = a `symbol`, `bool`, `number` or `date` attribute
conds-a-symbol-bool-number-attribute = a `symbol`, `bool` or `number` attribute
conds-a-date-attribute = a `date` attribute
conds-not-one-of-its-values = not one of its values
conds-compare-with-a-number = `{ $name }` is declared `number`; compare it with a number
conds-write-a-number = write a number: `{ $name } = 100`
conds-compare-with-a-date = `{ $name }` is declared `date`; compare it with a date `YYYY-MM-DD`
conds-write-a-date = write a date, unquoted: `{ $name } >= 2024-07-01`
cases-deadline-positive = a deadline is a positive whole number of units
cases-deadline-help = write e.g. `expect deadline 5 workdays`, or `expect deadline none`
conds-given-not-type = { $given ->
        [number] a number
        [date] a date
        [bool] a bool
       *[name] a name
    }, not a { $ty }
