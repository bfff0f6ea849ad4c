#!/bin/sh
# The output set of plan -o DIR (docs/internals/export.md, "Publishing a
# set"): published whole or not at all, never written through a link, a
# device or a FIFO found in DIR, one run at a time, nothing left behind by
# a run that was stopped, and write errors that say what happened.
# Usage: test_outset.sh BINARY SOURCE_DIR   (UPR_BENCH_GEN: the generator)
#
#   - a symbolic link to /dev/null, to a FIFO or to a file outside DIR where
#     timetable.json goes: the link is replaced, nothing is written through
#     it, and plan does not hang (every run is under `timeout`);
#   - a FIFO, or a directory, where an output goes: exit 3 naming it, and
#     the previous set unchanged, byte for byte;
#   - files of DIR that the set does not write (a README) are kept; DIR
#     given as a link to a directory stays a link;
#   - DIR locked by another run: exit 3 saying so; two plans started
#     together: each ends 0 or 3, and DIR holds one whole set;
#   - SIGKILL and SIGTERM while a large set is written (bench L): DIR holds
#     the whole old set or the whole new one, SIGTERM leaves no staging
#     directory, and the next run removes what SIGKILL left;
#   - a full file system (root, a small tmpfs; skipped where mount is not
#     allowed): "No space left on device", naming the file.
bin=$1 src=$2
gen=${UPR_BENCH_GEN:?UPR_BENCH_GEN names the binary of bench/gen.c}
tmp=$(mktemp -d) || exit 1
# The large set is written and copied some forty times: on a tmpfs when
# there is one, where syncfs(2) and a copy take a moment, not a minute.
ktmp=$(mktemp -d /dev/shm/upr-outset.XXXXXX 2>/dev/null) || ktmp=$tmp/kill
mounts=""
# shellcheck disable=SC2317  # called by the trap
cleanup() {
	for m in $mounts; do umount "$m" 2>/dev/null; done
	rm -rf "$tmp" "$ktmp"
}
trap cleanup EXIT
fail=0
export SOURCE_DATE_EPOCH=1512000000 NO_COLOR=1
ex=$src/examples/upr29
t="timeout 120"

# sums DIR: one line per file under DIR (hidden ones too), sorted.
sums() {
	(cd "$1" && find . -type f -exec md5sum {} + | sort -k2)
}

# staging DIR: what plan's staging directories for DIR left (none expected).
staging() {
	{
		find "$(dirname "$1")" -maxdepth 1 -name ".$(basename "$1").upr-*"
		find "$1" -maxdepth 1 -name '.upr-stage-*'
		find "$1" -name '.*.??????'
	} 2>/dev/null | head -3
}

# expect3 WHAT PATTERN: the last run ($rc, $tmp/err) exited 3 saying PATTERN.
expect3() {
	if [ "$rc" -ne 3 ]; then
		echo "FAIL $1: exit $rc, expected 3"; cat "$tmp/err"; fail=1
	elif ! grep -q "$2" "$tmp/err"; then
		echo "FAIL $1: expected '$2' on stderr"; cat "$tmp/err"; fail=1
	fi
}

# A second version of the example whose every file differs (the event's
# name is in each), so that a file of the new set cannot pass for one of the
# old.
mkdir "$tmp/ex2"
cp "$ex"/*.yaml "$tmp/ex2/"
sed 's/^\( *name: \)\(.*\)$/\1\2 (re-planned)/' "$ex/event.yaml" >"$tmp/ex2/event.yaml"
"$bin" plan "$ex" -o "$tmp/ref" -q || { echo "FAIL: plan of the example"; exit 1; }
# the changed example planned where the example's set was published, as
# every run below does (a re-plan against the timetable.json there)
cp -R "$tmp/ref" "$tmp/ref2"
"$bin" plan "$tmp/ex2" -o "$tmp/ref2" -q || { echo "FAIL: plan of the changed example"; exit 1; }
[ "$(sums "$tmp/ref")" != "$(sums "$tmp/ref2")" ] || { echo "FAIL: the two versions do not differ"; exit 1; }
cmp -s "$tmp/ref/schedule.xml" "$tmp/ref2/schedule.xml" && { echo "FAIL: schedule.xml does not differ"; exit 1; }

# fresh NAME: $tmp/NAME holding the example's set; prints the path.
fresh() {
	rm -rf "${tmp:?}/$1"
	cp -R "$tmp/ref" "$tmp/$1"
	echo "$tmp/$1"
}

# ---- symbolic links where an output goes: replaced, never written through ----
o=$(fresh link-null)
rm "$o/timetable.json"
ln -s /dev/null "$o/timetable.json"
$t "$bin" plan "$tmp/ex2" -o "$o" -q 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] || { echo "FAIL link to /dev/null: exit $rc"; cat "$tmp/err"; fail=1; }
if [ -L "$o/timetable.json" ] || ! cmp -s "$o/timetable.json" "$tmp/ref2/timetable.json"; then
	echo "FAIL link to /dev/null: timetable.json was written through the link"; fail=1
fi
[ -c /dev/null ] || { echo "FAIL: /dev/null is no longer a device"; fail=1; }

o=$(fresh link-fifo)
mkfifo "$tmp/fifo"
rm "$o/timetable.json"
ln -s "$tmp/fifo" "$o/timetable.json"
$t "$bin" plan "$tmp/ex2" -o "$o" -q 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] || { echo "FAIL link to a FIFO: exit $rc (124: it hung)"; cat "$tmp/err"; fail=1; }
if [ -L "$o/timetable.json" ] || ! cmp -s "$o/timetable.json" "$tmp/ref2/timetable.json"; then
	echo "FAIL link to a FIFO: the link was not replaced"; fail=1
fi
[ -p "$tmp/fifo" ] || { echo "FAIL link to a FIFO: the FIFO was replaced"; fail=1; }
[ -z "$(staging "$o")" ] || { echo "FAIL link to a FIFO: left $(staging "$o")"; fail=1; }

o=$(fresh link-file)
printf 'not an output\n' >"$tmp/victim"
rm "$o/calendar.ics"
ln -s "$tmp/victim" "$o/calendar.ics"
$t "$bin" plan "$tmp/ex2" -o "$o" -q 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] || { echo "FAIL link to a file: exit $rc"; cat "$tmp/err"; fail=1; }
[ "$(cat "$tmp/victim")" = "not an output" ] || { echo "FAIL link to a file: written through"; fail=1; }
[ ! -L "$o/calendar.ics" ] || { echo "FAIL link to a file: the link was not replaced"; fail=1; }

# ---- not a regular file where an output goes: exit 3, the set unchanged ----
o=$(fresh fifo)
rm "$o/timetable.json"
mkfifo "$o/timetable.json"
before=$(sums "$o")
$t "$bin" plan "$tmp/ex2" -o "$o" -q 2>"$tmp/err"; rc=$?
expect3 "FIFO where timetable.json goes" "error: cannot write '$o/timetable.json': a FIFO is in the way"
[ "$(sums "$o")" = "$before" ] || { echo "FAIL FIFO in the way: files changed"; fail=1; }
[ -p "$o/timetable.json" ] || { echo "FAIL FIFO in the way: the FIFO was replaced"; fail=1; }
[ -z "$(staging "$o")" ] || { echo "FAIL FIFO in the way: left $(staging "$o")"; fail=1; }

o=$(fresh dir-in-way)
rm "$o/schedule.xml"
mkdir "$o/schedule.xml"
printf 'kept\n' >"$o/schedule.xml/inside"
before=$(sums "$o")
$t "$bin" plan "$tmp/ex2" -o "$o" -q 2>"$tmp/err"; rc=$?
expect3 "directory where schedule.xml goes" "error: cannot write '$o/schedule.xml': a directory is in the way"
[ "$(sums "$o")" = "$before" ] || { echo "FAIL directory in the way: the previous set changed"; fail=1; }
[ -z "$(staging "$o")" ] || { echo "FAIL directory in the way: left $(staging "$o")"; fail=1; }

# ---- files that are not the set's are kept; DIR as a link stays a link ----
o=$(fresh keep)
printf 'our notes\n' >"$o/README"
mkdir "$o/assets"
printf 'body{}\n' >"$o/assets/site.css"
printf 'an old calendar\n' >"$o/speakers/gone.ics"
$t "$bin" plan "$tmp/ex2" -o "$o" -q 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] || { echo "FAIL keep: exit $rc"; cat "$tmp/err"; fail=1; }
[ "$(cat "$o/README" 2>/dev/null)" = "our notes" ] || { echo "FAIL keep: README lost"; fail=1; }
[ "$(cat "$o/assets/site.css" 2>/dev/null)" = "body{}" ] || { echo "FAIL keep: assets/ lost"; fail=1; }
[ -f "$o/speakers/gone.ics" ] || { echo "FAIL keep: speakers/gone.ics lost"; fail=1; }
rm -r "$o/README" "$o/assets" "$o/speakers/gone.ics"
[ "$(sums "$o")" = "$(sums "$tmp/ref2")" ] || { echo "FAIL keep: not the new set"; fail=1; }

mkdir "$tmp/site"
ln -s "$tmp/site" "$tmp/site-link"
$t "$bin" plan "$ex" -o "$tmp/site-link" -q 2>"$tmp/err" &&
	$t "$bin" plan "$tmp/ex2" -o "$tmp/site-link" -q 2>>"$tmp/err"; rc=$?
[ $rc -eq 0 ] || { echo "FAIL -o LINK: exit $rc"; cat "$tmp/err"; fail=1; }
[ -L "$tmp/site-link" ] || { echo "FAIL -o LINK: the link was replaced"; fail=1; }
[ "$(sums "$tmp/site")" = "$(sums "$tmp/ref2")" ] || { echo "FAIL -o LINK: not the new set"; fail=1; }

# -o - is standard output, as before
"$bin" plan "$ex" -f json -o - -q >"$tmp/stdout.json" || { echo "FAIL -o -"; fail=1; }
cmp -s "$tmp/stdout.json" "$tmp/ref/timetable.json" || { echo "FAIL -o -: other bytes"; fail=1; }

# ---- one run at a time ----
if command -v flock >/dev/null 2>&1; then
	o=$(fresh locked)
	before=$(sums "$o")
	flock "$o" sleep 5 &
	holder=$!
	sleep 0.5
	$t "$bin" plan "$tmp/ex2" -o "$o" -q 2>"$tmp/err"; rc=$?
	expect3 "DIR locked by another run" "cannot write into '$o': another upr-schedule is writing there"
	[ "$(sums "$o")" = "$before" ] || { echo "FAIL locked: files changed"; fail=1; }
	wait $holder
else
	echo "skip: DIR locked by another run: no flock(1) here"
fi

# ---- a large set: concurrent runs, SIGKILL, SIGTERM ----
k=$ktmp
mkdir -p "$k/L" "$k/L2" "$k/p"
"$gen" L "$k/L" >/dev/null || { echo "FAIL: bench generator"; exit 1; }
cp "$k/L/"*.yaml "$k/L2/"
sed 's/name: Benchmark L/name: Benchmark L (re-planned)/' "$k/L/event.yaml" >"$k/L2/event.yaml"
"$bin" plan "$k/L" -o "$k/old" -q --effort 100 || { echo "FAIL: plan L"; exit 1; }
# the new set: L2 planned where L's was published (a re-plan against it),
# or, by a run that started before any set was there, into nothing (new0)
cp -R "$k/old" "$k/new"
"$bin" plan "$k/L2" -o "$k/new" -q --effort 100 || { echo "FAIL: plan L2"; exit 1; }
"$bin" plan "$k/L2" -o "$k/new0" -q --effort 100 || { echo "FAIL: plan L2"; exit 1; }
cp -R "$k/new" "$k/new2"
"$bin" plan "$k/L2" -o "$k/new2" -q --effort 100 || { echo "FAIL: plan L2"; exit 1; }
sums "$k/old" >"$k/old.sums"
sums "$k/new" >"$k/new.sums"
sums "$k/new0" >"$k/new0.sums"
sums "$k/new2" >"$k/new2.sums"
nfiles=$(wc -l <"$k/old.sums")
out=$k/p/out

# whole WHAT: $out holds exactly the old set or exactly a new one.
whole() {
	sums "$out" >"$k/out.sums"
	cmp -s "$k/out.sums" "$k/old.sums" || cmp -s "$k/out.sums" "$k/new.sums" ||
		cmp -s "$k/out.sums" "$k/new0.sums" || {
		echo "FAIL $1: neither the whole old set nor the whole new one"
		diff "$k/old.sums" "$k/out.sums" | head -4; fail=1
	}
}

# start_when_writing SIGNAL DELAY: plan L2 into $out (holding the old set),
# and send SIGNAL DELAY seconds after the first hidden file or directory
# appeared beside or in $out (the run has begun writing); $rc.
start_when_writing() {
	rm -rf "$out"
	cp -R "$k/old" "$out"
	"$bin" plan "$k/L2" -o "$out" -q --effort 100 2>"$tmp/err" &
	pid=$!
	n=0
	while [ -z "$(find "$k/p" -name '.*' | head -1)" ] && [ $n -lt 20000 ] &&
		kill -0 $pid 2>/dev/null; do
		n=$((n + 1))
	done
	[ "$2" = 0 ] || sleep "$2"
	kill "-$1" $pid 2>/dev/null
	wait $pid
	rc=$?
}

killed=0
for delay in 0 0.02 0.05 0.1 0.2 0.3 0.5 0.8; do
	start_when_writing KILL $delay
	case $rc in
	0) ;;
	137) killed=$((killed + 1)) ;;
	*) echo "FAIL SIGKILL after ${delay}s: exit $rc"; cat "$tmp/err"; fail=1 ;;
	esac
	whole "SIGKILL ${delay}s into writing"
	# the next run removes what the killed one left, and re-plans against
	# the set it finds: the old one (giving the new set), or the new one
	# when the killed run had finished (giving new2)
	want=$k/new.sums
	cmp -s "$k/out.sums" "$k/new.sums" && want=$k/new2.sums
	$t "$bin" plan "$k/L2" -o "$out" -q --effort 100 2>"$tmp/err" ||
		{ echo "FAIL run after SIGKILL: exit $?"; cat "$tmp/err"; fail=1; }
	sums "$out" >"$k/out.sums"
	cmp -s "$want" "$k/out.sums" || { echo "FAIL run after SIGKILL: not the new set"; fail=1; }
	[ -z "$(staging "$out")" ] || { echo "FAIL run after SIGKILL: left $(staging "$out")"; fail=1; }
done
[ $killed -gt 0 ] || { echo "FAIL: no run was killed while writing: the set is too small"; fail=1; }

termed=0
for delay in 0 0.05 0.2 0.5; do
	start_when_writing TERM $delay
	case $rc in
	0) ;;
	143) termed=$((termed + 1)) ;;
	*) echo "FAIL SIGTERM after ${delay}s: exit $rc"; cat "$tmp/err"; fail=1 ;;
	esac
	whole "SIGTERM ${delay}s into writing"
	[ -z "$(staging "$out")" ] || { echo "FAIL SIGTERM ${delay}s into writing: left $(staging "$out")"; fail=1; }
done
[ $termed -gt 0 ] || { echo "FAIL: no run was stopped by SIGTERM while writing"; fail=1; }

# two runs into one folder at once: one whole set, each exit 0 or 3
for round in 1 2 3; do
	rm -rf "$out"
	"$bin" plan "$k/L" -o "$out" -q --effort 100 2>"$tmp/err1" &
	p1=$!
	"$bin" plan "$k/L2" -o "$out" -q --effort 100 2>"$tmp/err2" &
	p2=$!
	wait $p1; r1=$?
	wait $p2; r2=$?
	for r in "$r1:$tmp/err1" "$r2:$tmp/err2"; do
		code=${r%%:*} err=${r#*:}
		case $code in
		0) ;;
		3) grep -q "another upr-schedule is writing there" "$err" ||
			{ echo "FAIL concurrent round $round: exit 3 for another reason"; cat "$err"; fail=1; } ;;
		*) echo "FAIL concurrent round $round: exit $code"; cat "$err"; fail=1 ;;
		esac
	done
	[ "$r1" -eq 0 ] || [ "$r2" -eq 0 ] || { echo "FAIL concurrent round $round: neither finished"; fail=1; }
	whole "concurrent round $round"
	[ -z "$(staging "$out")" ] || { echo "FAIL concurrent round $round: left $(staging "$out")"; fail=1; }
done

# ---- a full file system ----
if [ "$(id -u)" -eq 0 ]; then
	mkdir "$tmp/small"
	if mount -t tmpfs -o size=256k tmpfs "$tmp/small" 2>/dev/null; then
		mounts="$tmp/small $mounts"
		"$bin" plan "$ex" -o "$tmp/small/out" -q -f json || { echo "FAIL: plan into tmpfs"; fail=1; }
		dd if=/dev/zero of="$tmp/small/filler" bs=4096 2>/dev/null
		before=$(sums "$tmp/small/out")
		"$bin" plan "$ex" -o "$tmp/small/out" -q 2>"$tmp/err"; rc=$?
		expect3 "plan into a full file system" "error: cannot write [^ ]*'$tmp/small/out[^']*': No space left on device"
		grep -q "out of memory" "$tmp/err" && { echo "FAIL full file system: says out of memory"; fail=1; }
		[ "$(sums "$tmp/small/out")" = "$before" ] || { echo "FAIL full file system: files changed"; fail=1; }
		[ -z "$(staging "$tmp/small/out")" ] || { echo "FAIL full file system: left $(staging "$tmp/small/out")"; fail=1; }
		umount "$tmp/small"
	else
		echo "skip: full file system: mount is not allowed here"
	fi
else
	echo "skip: full file system: needs root to mount a small tmpfs"
fi

[ $fail -eq 0 ] && echo "outset: links replaced, nothing in the way overwritten, $killed of 8 SIGKILLs and $termed of 4 SIGTERMs while writing $nfiles files left whole sets"
exit $fail
