#!/bin/sh
# What plan claims about its timetables holds: on generated instances of the
# benchmark's smallest size (a real round's size, where plan must prove
# optimality when it can), every timetable validates with the score it
# states, its stated lower bound is at most that score, and no run, whatever
# its seed or effort, finds a timetable cheaper than one that another run
# called optimal or below another run's lower bound.
# Usage: test_claims.sh BINARY SOURCE_DIR (UPR_BENCH_GEN: the generator)
bin=$1
py=/usr/bin/python3
gen=${UPR_BENCH_GEN:?UPR_BENCH_GEN names upr-bench-gen}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
[ -x $py ] || { echo "FAIL: $py is needed"; exit 1; }

for seed in 1 2 3 4 5 6 7 8 9 10; do
	inst="$tmp/S$seed"
	mkdir -p "$inst"
	"$gen" S "$inst" $seed >/dev/null || { echo "FAIL: generator, seed $seed"; fail=1; continue; }
	: >"$tmp/claims"
	for run in "--seed 1" "--seed 2" "--seed 3 --effort 20000" "--seed 4 --effort 300000"; do
		out="$tmp/out"
		rm -rf "$out"
		# shellcheck disable=SC2086 # run holds several options
		"$bin" plan "$inst" -o "$out" -f json -q $run ||
			{ echo "FAIL: plan S seed $seed ($run)"; fail=1; continue; }
		"$bin" validate "$inst" --timetable "$out/timetable.json" >"$tmp/v" 2>&1 ||
			{ echo "FAIL: S seed $seed ($run) does not validate"; cat "$tmp/v"; fail=1; }
		$py - "$out/timetable.json" "$run" >>"$tmp/claims" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
score, lb, opt = d["score"]["total"], d["solver"]["lower_bound"], d["solver"]["optimal"]
if lb > score or (opt and lb != score):
    print("bound %d, score %d, optimal %s (%s)" % (lb, score, opt, sys.argv[2]), file=sys.stderr)
    sys.exit(1)
print(score, lb, int(opt), sys.argv[2].replace(" ", "_"))
PY
	done
	# the cheapest timetable found is at least every run's lower bound, and
	# a run that claims optimality found the cheapest
	awk -v seed=$seed '
		{ s[NR] = $1; b[NR] = $2; o[NR] = $3; r[NR] = $4; if (NR == 1 || $1 < min) min = $1 }
		END {
			bad = 0
			for (i = 1; i <= NR; i++) {
				if (b[i] > min) { printf "FAIL: S seed %d: bound %d of %s above score %d of another run\n", seed, b[i], r[i], min; bad = 1 }
				if (o[i] && s[i] > min) { printf "FAIL: S seed %d: %s claims %d optimal, another run found %d\n", seed, r[i], s[i], min; bad = 1 }
			}
			exit bad
		}' "$tmp/claims" || fail=1
done
[ $fail -eq 0 ] && echo "ok: optimality claims and bounds hold on 10 generated S instances"
exit $fail
