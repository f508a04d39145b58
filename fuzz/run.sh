#!/usr/bin/env bash
# Bounded fuzz run: every target for SECONDS seconds (default 35, so the three
# take under two minutes once built). Stable toolchain: cargo-fuzz without a
# sanitizer (`-s none`) needs no nightly flags. Exits non-zero on a crash; the
# input is saved under fuzz/artifacts/TARGET/.
#
#   bash fuzz/run.sh            # 3 × 35 s
#   bash fuzz/run.sh 600 load   # one target, ten minutes
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_PER_TARGET="${1:-35}"
shift || true
if [ $# -gt 0 ]; then TARGETS=("$@"); else TARGETS=(load route fmt); fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# A target dir of its own: fuzz builds use other flags and would otherwise
# invalidate the main build (and wait on its lock).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(pwd)/../target-fuzz}"
cargo fuzz build -s none -O
# Seeds are read where they live: the shipped rules (rules/), the corpus
# (tests/corpus/) and the example tickets (examples/tickets.jsonl); fuzz/seeds/
# holds only inputs that exist nowhere else. Two seed sets are derived afresh
# on every run into generated/ (ignored by git), never committed as copies:
# the whole shipped rule set as one file, and one file per example ticket.
rm -rf generated
mkdir -p generated/load generated/route
cat ../rules/*.rules > generated/load/all_shipped.rules
grep -v -e '^#' -e '^[[:space:]]*$' ../examples/tickets.jsonl | split -l 1 -a 3 - generated/route/ticket
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  # The first directory is the one libFuzzer writes to; the seed directories
  # after it are only read (libFuzzer refuses a directory that does not exist).
  case "$t" in
    load) SEEDS=(../rules ../tests/corpus generated/load) ;;
    fmt) SEEDS=(../rules ../tests/corpus) ;;
    route) SEEDS=(generated/route) ;;
    *) SEEDS=() ;;
  esac
  if [ -d "seeds/$t" ]; then SEEDS+=("seeds/$t"); fi
  echo "== $t: ${SECONDS_PER_TARGET}s"
  cargo fuzz run -s none -O "$t" "corpus/$t" "${SEEDS[@]}" -- \
    -dict=zeren.dict -max_total_time="$SECONDS_PER_TARGET" -timeout=20 \
    -rss_limit_mb=4096 -max_len=65536 -artifact_prefix="artifacts/$t/" -print_final_stats=1 2>&1 \
    | grep -E '^(Done|stat::number_of_executed_units|==[0-9]+== ERROR|SUMMARY)|panicked' || true
  if compgen -G "artifacts/$t/crash-*" >/dev/null || compgen -G "artifacts/$t/timeout-*" >/dev/null; then
    echo "crash or timeout saved in fuzz/artifacts/$t/: copy it to fuzz/regressions/$t/ and fix"
    exit 1
  fi
done
