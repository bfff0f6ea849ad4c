#!/bin/sh
# Builds the libFuzzer targets (cmake -DUPR_FUZZ=ON, with clang) and runs
# each for a bounded time; exits 1 on any finding (a crash, a sanitizer
# report, a leak, a timeout, running out of memory), with the input that
# caused it left in BUILD/fuzz/findings/.
#
# usage: fuzz/run.sh [-t SECONDS] [-b BUILD_DIR] [TARGET...]
#   -t  seconds per target (default 30)
#   -b  build directory (default build-fuzz, beside this script's parent)
#   TARGET  fuzz_load and/or fuzz_timetable (default: both)
#
# Corpora live in BUILD/fuzz/corpus/TARGET and grow from run to run; the
# seeds are made afresh each run from examples/ and tests/data/ (see
# seed_load and seed_timetable below), and every input that once crashed a
# target (tests/data/fuzz/TARGET/) is run too.  docs/hardening.md says more.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
secs=30
build=$src/build-fuzz
while getopts t:b: opt; do
	case $opt in
	t) secs=$OPTARG ;;
	b) build=$OPTARG ;;
	*) echo "usage: fuzz/run.sh [-t SECONDS] [-b BUILD_DIR] [TARGET...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
targets=${*:-fuzz_load fuzz_timetable}

# The library's own -Werror build is gcc's business (.ci/test); clang has
# other warnings, and a warning must not stop the search for real bugs.
cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DUPR_FUZZ=ON -DUPR_TESTS=OFF -DUPR_WERROR=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null

work=$build/fuzz
# findings are those of this run only (the corpora are kept)
rm -rf "$work/findings"
mkdir -p "$work/findings"

# fuzz_load: every YAML file of examples/ and tests/data/ (the example's
# comments stripped, so mutations hit content), and every input directory
# as one input, its files joined by NUL: the target's document separator.
seed_load() {
	dir=$1
	rm -rf "$dir"
	mkdir -p "$dir"
	i=0
	for f in "$src"/examples/*/*.yaml "$src"/tests/data/*/*.yaml "$src"/tests/data/*/*/*.yaml \
		"$src"/tests/data/*/*/*.yml; do
		[ -f "$f" ] || continue
		i=$((i + 1))
		sed -e '/^[[:space:]]*#/d' "$f" >"$dir/file-$i.yaml"
	done
	for d in "$src"/examples/* "$src"/tests/data/*/*; do
		[ -d "$d" ] || continue
		i=$((i + 1))
		first=1
		for f in "$d"/*.yaml "$d"/*.yml; do
			[ -f "$f" ] || continue
			[ $first -eq 1 ] || printf '\0'
			first=0
			sed -e '/^[[:space:]]*#/d' "$f"
		done >"$dir/dir-$i.yaml"
	done
}

# fuzz_timetable: the example's timetable.json as planned, whole and cut
# to its first session (a small input mutates faster); fuzz/seeds/ adds
# small files kept in the repository: every section, a baseline (odd
# length) with ids the input lacks, and one with an error in each field.
seed_timetable() {
	dir=$1
	rm -rf "$dir"
	mkdir -p "$dir"
	SOURCE_DATE_EPOCH=1512000000 ASAN_OPTIONS=detect_leaks=0 \
		"$build/upr-schedule" plan "$src/examples/upr29" -o "$dir.out" -f json -q --effort 200
	cp "$dir.out/timetable.json" "$dir/upr29.json"
	python3 - "$dir.out/timetable.json" "$dir/one-session.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
t["sessions"] = t["sessions"][:1]
json.dump(t, open(sys.argv[2], "w"), indent=1)
PY
	rm -rf "$dir.out"
}

fail=0
for t in $targets; do
	case $t in
	fuzz_load) seed_load "$work/seed/$t"; dict="-dict=$src/fuzz/yaml.dict"; kept= ;;
	fuzz_timetable) seed_timetable "$work/seed/$t"; dict="-dict=$src/fuzz/json.dict"
		kept=$src/fuzz/seeds/$t ;;
	*) echo "fuzz/run.sh: unknown target '$t'" >&2; exit 2 ;;
	esac
	mkdir -p "$work/corpus/$t"
	log=$work/$t.log
	echo "fuzz/run.sh: $t for ${secs}s (log: $log)"
	# -timeout: an input that takes 10 s is a hang worth reporting;
	# -rss_limit_mb: a blow-up the loader's budgets should have stopped.
	# past findings (tests/data/fuzz/TARGET/) run first, as seeds
	# shellcheck disable=SC2086
	if ! "$build/fuzz/$t" "$work/corpus/$t" "$work/seed/$t" $kept "$src/tests/data/fuzz/$t" $dict \
		-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-artifact_prefix="$work/findings/$t-" -print_final_stats=1 >"$log" 2>&1; then
		echo "fuzz/run.sh: $t found a problem:"
		grep -E 'ERROR|SUMMARY|Test unit written|runtime error' "$log" | head -20
		fail=1
	fi
	grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" |
		sed "s/^/fuzz\/run.sh: $t: /"
	echo "fuzz/run.sh: $t: corpus $(find "$work/corpus/$t" -type f | wc -l) inputs"
done
if [ -n "$(find "$work/findings" -type f)" ]; then
	echo "fuzz/run.sh: findings in $work/findings:"
	ls "$work/findings"
	fail=1
fi
exit $fail
