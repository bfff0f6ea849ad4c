#!/bin/sh
# Golden outputs: plan the example and the benchmark's S, M and L instances
# and compare every file written against the SHA-256 sums kept in
# tests/data/golden/NAME.sha256.  Guards restructurings that must not change
# behaviour: a change of output shows here first.  When an output changes on
# purpose, regenerate the sums with UPR_GOLDEN_UPDATE=1 and say why in the
# commit.
# Usage: test_golden.sh BINARY SOURCE_DIR   (UPR_BENCH_GEN names the generator)
bin=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
export SOURCE_DATE_EPOCH=1512000000
gold=$src/tests/data/golden

# NAME INPUT: plan INPUT with every format, compare sums
compare() {
	name=$1 input=$2
	"$bin" plan "$input" -o "$tmp/$name" -q 2>"$tmp/$name.err"
	rc=$?
	[ $rc -eq 0 ] || { echo "FAIL: $name: plan exit $rc"; cat "$tmp/$name.err"; fail=1; return; }
	(cd "$tmp/$name" && find . -type f | LC_ALL=C sort | xargs sha256sum) >"$tmp/$name.sha256"
	if [ "${UPR_GOLDEN_UPDATE:-}" = 1 ]; then
		cp "$tmp/$name.sha256" "$gold/$name.sha256"
	elif ! diff "$gold/$name.sha256" "$tmp/$name.sha256" >"$tmp/$name.diff"; then
		echo "FAIL: $name: outputs differ from $gold/$name.sha256"; head -20 "$tmp/$name.diff"; fail=1
	fi
}

compare upr29 "$src/examples/upr29"
for size in S M L; do
	mkdir "$tmp/in-$size" && "$UPR_BENCH_GEN" "$size" "$tmp/in-$size" >/dev/null || { echo "FAIL: gen $size"; exit 1; }
	compare "bench-$size" "$tmp/in-$size"
done
[ $fail -eq 0 ] && echo "golden: all outputs as kept"
exit $fail
