#!/bin/sh
# Output faults: plan and export exit 3 when an output cannot be written,
# say why on stderr, leave the previous files whole, and leave no temporary
# file behind; a run killed while writing leaves only whole files in view.
# Usage: test_faults.sh BINARY SOURCE_DIR
#
# Faults, and how each is made (docs/hardening.md):
#   - an unwritable output directory that holds an earlier run's files:
#     chmod 0555 as a user; as root, whom permission bits do not stop, a
#     small tmpfs remounted read-only (skipped, with a message, when mount
#     is not allowed, e.g. in an unprivileged container);
#   - an output directory that is a file, one below a file, one in /proc;
#   - a full disk: one calendar written to a full device (/dev/full, or a
#     copy made with mknod as root, so that a bug can never replace the
#     real one), CSV to a full stdout, and plan into a tmpfs filled up
#     (root only; skipped when mount is not allowed);
#   - SIGKILL while writing a large plan (bench/gen.c L), after several
#     delays: every visible file is whole (the old or the new version),
#     and nothing but hidden files is left in the directory (what a killed
#     run leaves is a staging directory beside it: test_outset.sh).
bin=$1 src=$2
tmp=$(mktemp -d) || exit 1
# The killed runs write and copy about a thousand files each time: on a
# tmpfs when there is one, where that takes a moment, not a minute.
ktmp=$(mktemp -d /dev/shm/upr-faults.XXXXXX 2>/dev/null) || ktmp=$tmp/kill
mkdir -p "$ktmp"
mounts=""
# shellcheck disable=SC2317  # called by the trap
cleanup() {
	for m in $mounts; do umount "$m" 2>/dev/null; done
	chmod -R u+w "$tmp" 2>/dev/null
	rm -rf "$tmp" "$ktmp"
}
trap cleanup EXIT
fail=0
export SOURCE_DATE_EPOCH=1512000000 NO_COLOR=1
ex=$src/examples/upr29
root=0
[ "$(id -u)" -eq 0 ] && root=1

# expect3 WHAT: the last run ($rc, $tmp/err) exited 3 with an error line.
expect3() {
	if [ "$rc" -ne 3 ]; then
		echo "FAIL $1: exit $rc, expected 3"; cat "$tmp/err"; fail=1
	elif ! grep -q "error: cannot " "$tmp/err"; then
		echo "FAIL $1: exit 3 without saying what"; cat "$tmp/err"; fail=1
	fi
}

# no_temp DIR WHAT: no temporary file left under DIR.
no_temp() {
	left=$(find "$1" -name '.*.??????' 2>/dev/null | head -3)
	[ -z "$left" ] || { echo "FAIL $2: temporary files left: $left"; fail=1; }
}

# same DIR1 DIR2 WHAT: identical trees, but for empty directories in DIR2
# (plan creates delegations/ and speakers/ before it writes the files).
same() {
	find "$2" -mindepth 1 -type d -empty -delete 2>/dev/null
	diff -r "$1" "$2" >/dev/null 2>&1 || {
		echo "FAIL $3: files changed"; diff -r "$1" "$2" 2>&1 | head -5; fail=1
	}
}

"$bin" plan "$ex" -o "$tmp/ref" -q || { echo "FAIL: plan of the example"; exit 1; }
"$bin" plan "$ex" -o "$tmp/ref-json" -q -f json || exit 1

# ---- an unwritable directory holding an earlier run's files ----
if [ $root -eq 0 ]; then
	cp -R "$tmp/ref" "$tmp/ro"
	chmod -R a-w "$tmp/ro"
	"$bin" plan "$ex" -o "$tmp/ro" -q 2>"$tmp/err"; rc=$?
	expect3 "read-only directory (chmod)"
	same "$tmp/ref" "$tmp/ro" "read-only directory (chmod)"
	no_temp "$tmp/ro" "read-only directory (chmod)"
	chmod -R u+w "$tmp/ro"
else
	mkdir "$tmp/ro"
	if mount -t tmpfs -o size=4m tmpfs "$tmp/ro" 2>/dev/null; then
		mounts="$tmp/ro $mounts"
		cp -R "$tmp/ref/." "$tmp/ro/"
		mount -o remount,ro "$tmp/ro"
		"$bin" plan "$ex" -o "$tmp/ro" -q 2>"$tmp/err"; rc=$?
		expect3 "read-only directory (read-only tmpfs)"
		same "$tmp/ref" "$tmp/ro" "read-only directory (read-only tmpfs)"
		no_temp "$tmp/ro" "read-only directory (read-only tmpfs)"
		umount "$tmp/ro"
	else
		echo "skip: read-only directory as root: mount is not allowed here"
	fi
fi

# ---- output paths that are not directories ----
printf 'not a directory\n' >"$tmp/file"
"$bin" plan "$ex" -o "$tmp/file" -q 2>"$tmp/err"; rc=$?
expect3 "-o FILE"
[ "$(cat "$tmp/file")" = "not a directory" ] || { echo "FAIL -o FILE: the file changed"; fail=1; }
"$bin" plan "$ex" -o "$tmp/file/out" -q 2>"$tmp/err"; rc=$?
expect3 "-o FILE/out"
"$bin" plan "$ex" -o /proc/upr-schedule-faults -q 2>"$tmp/err"; rc=$?
expect3 "-o /proc/..."
no_temp "$tmp" "paths that are not directories"

# ---- a full disk ----
# One calendar into a full device: written in place (a device is never
# replaced by a renamed file), and ENOSPC is exit 3.
if [ $root -eq 1 ]; then
	full=$tmp/full
	mknod "$full" c 1 7 || { echo "FAIL: mknod"; fail=1; }
else
	full=/dev/full
fi
"$bin" export "$ex" --timetable "$tmp/ref/timetable.json" --delegation ch -o "$full" 2>"$tmp/err"; rc=$?
expect3 "export --delegation ch -o full device"
[ -c "$full" ] || { echo "FAIL: $full is no longer a device"; fail=1; }
"$bin" export "$ex" --timetable "$tmp/ref/timetable.json" --format csv -o - >/dev/full 2>"$tmp/err"; rc=$?
expect3 "export --format csv -o - >/dev/full"
"$bin" export "$ex" --timetable "$tmp/ref/timetable.json" --format csv -o /dev/full 2>"$tmp/err"; rc=$?
expect3 "export --format csv -o /dev/full (not a directory)"

if [ $root -eq 1 ]; then
	mkdir "$tmp/small"
	if mount -t tmpfs -o size=1m tmpfs "$tmp/small" 2>/dev/null; then
		mounts="$tmp/small $mounts"
		"$bin" plan "$ex" -o "$tmp/small/out" -q -f json || { echo "FAIL: plan into tmpfs"; fail=1; }
		# fill what is left
		dd if=/dev/zero of="$tmp/small/filler" bs=4096 2>/dev/null
		"$bin" plan "$ex" -o "$tmp/small/out" -q 2>"$tmp/err"; rc=$?
		expect3 "plan into a full tmpfs"
		same "$tmp/ref-json" "$tmp/small/out" "plan into a full tmpfs"
		no_temp "$tmp/small" "plan into a full tmpfs"
		rm -f "$tmp/small/filler"
		umount "$tmp/small"
	else
		echo "skip: plan into a full tmpfs: mount is not allowed here"
	fi
fi

# ---- killed while writing ----
# Two versions of a large instance that differ in every file (the event's
# name is in each), so that a file torn by the kill, or one half of each,
# cannot pass for whole.
${CC:-cc} -O2 -o "$ktmp/gen" "$src/bench/gen.c" || { echo "FAIL: cannot build bench/gen.c"; exit 1; }
mkdir "$ktmp/L" "$ktmp/L2"
"$ktmp/gen" L "$ktmp/L" >/dev/null || exit 1
cp "$ktmp/L/"*.yaml "$ktmp/L2/"
sed 's/name: Benchmark L/name: Benchmark L (re-planned)/' "$ktmp/L/event.yaml" >"$ktmp/L2/event.yaml"
"$bin" plan "$ktmp/L" -o "$ktmp/old" -q --effort 100 || { echo "FAIL: plan L"; exit 1; }
# the new version as a plan into the old one's folder writes it (a re-plan
# against the timetable.json there)
cp -R "$ktmp/old" "$ktmp/new"
"$bin" plan "$ktmp/L2" -o "$ktmp/new" -q --effort 100 || { echo "FAIL: plan L2"; exit 1; }
(cd "$ktmp/old" && find . -type f ! -name '.*' -exec md5sum {} +) | sort -k2 >"$ktmp/old.sums"
(cd "$ktmp/new" && find . -type f ! -name '.*' -exec md5sum {} +) | sort -k2 >"$ktmp/new.sums"
cmp -s "$ktmp/old.sums" "$ktmp/new.sums" && { echo "FAIL: the two versions do not differ"; exit 1; }
nfiles=$(wc -l <"$ktmp/old.sums")
killed=0 leftover=0
for delay in 0.05 0.2 0.4 0.6 0.8 1.0 1.5 2.5; do
	rm -rf "$ktmp/out"
	cp -R "$ktmp/old" "$ktmp/out"
	"$bin" plan "$ktmp/L2" -o "$ktmp/out" -q --effort 100 2>/dev/null &
	pid=$!
	sleep "$delay"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rc=$?
	case $rc in
	0) ;;
	137) killed=$((killed + 1)) ;;
	*) echo "FAIL kill after ${delay}s: exit $rc"; fail=1 ;;
	esac
	# every visible file is the old or the new version, whole
	(cd "$ktmp/out" && find . -type f ! -name '.*' -exec md5sum {} +) | sort -k2 >"$ktmp/out.sums"
	bad=$(awk 'FILENAME == ARGV[1] { old[$2] = $1; next }
		   FILENAME == ARGV[2] { new[$2] = $1; next }
		   { seen[$2] = 1; if ($1 != old[$2] && $1 != new[$2]) print $2 }
		   END { for (f in old) if (!(f in seen)) print f " missing" }' \
		"$ktmp/old.sums" "$ktmp/new.sums" "$ktmp/out.sums" | head -3)
	[ -z "$bad" ] || { echo "FAIL kill after ${delay}s (exit $rc): not whole: $bad"; fail=1; }
	# hidden temporary files only, and only from a killed run
	others=$(find "$ktmp/out" -name '.*' ! -name '.*.??????' | head -3)
	[ -z "$others" ] || { echo "FAIL kill after ${delay}s: unexpected $others"; fail=1; }
	temps=$(find "$ktmp/out" -name '.*.??????' | wc -l)
	[ "$rc" -eq 0 ] && [ "$temps" -ne 0 ] && { echo "FAIL: a finished run left $temps temporary files"; fail=1; }
	leftover=$((leftover + temps))
	[ "$rc" -eq 0 ] && same "$ktmp/new" "$ktmp/out" "run that finished before the kill"
done
[ $killed -gt 0 ] || { echo "FAIL: no run was killed while running: the instance is too small"; fail=1; }
echo "faults: $killed of 8 runs killed while planning or writing $nfiles files, $leftover hidden temporary files left by them, every visible file whole"

[ $fail -eq 0 ] && echo "faults: unwritable, not a directory, full disk and killed runs all leave whole files"
exit $fail
