#!/bin/bash
# A hostile suite for the progress store, driven through the real binary:
# many tutors at once on one damaged file, a big store with a scribbled
# page, a FIFO at the path, a read-only directory, a truncated file, a
# database of another program, and a full disk. Each case checks what the
# student is told and that nothing they were shown as saved is lost.
#
# Usage: store.sh PATH/TO/cnntutor   (STORE_SH_LIMIT: seconds in all, 55)
# The read-only and full-disk cases mount a small tmpfs when run as root
# and are skipped, with a message, where that is not possible (not root,
# no mount allowed: the read-only case then uses chmod).
set -u
BIN=${1:?usage: $0 path/to/cnntutor}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac

# The whole script stays well under a minute: it runs itself under
# timeout, which ends it with SIGTERM (and the trap below cleans up). Each
# run of the binary has its own, shorter bound, so a hang fails that one
# check instead of the whole suite.
LIMIT=${STORE_SH_LIMIT:-55}
if [ -z "${STORE_SH_BOUNDED:-}" ]; then
	STORE_SH_BOUNDED=1 exec timeout "$LIMIT" bash "$0" "$BIN"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cnntutor-hostile-store.XXXXXX") || exit 1
export HOME=$WORK/home XDG_STATE_HOME=$WORK/state
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR CNNTUTOR_COURSE
mkdir -p "$HOME" "$XDG_STATE_HOME"

MOUNTS=()
cleanup() {
	local m
	for m in "${MOUNTS[@]}"; do
		umount "$m" 2>/dev/null
	done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "FAIL: stopped after ${SECONDS} s ($LIMIT s at most)" >&2; exit 1' TERM INT

passed=0 failed=0 skipped=0
check()  # check DESCRIPTION COMMAND...: passes when COMMAND succeeds
{
	local what=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $what" >&2
	fi
}
skip() { skipped=$((skipped + 1)); echo "skip: $*"; }

cnn() { timeout 20 "$BIN" "$@"; }

# rows DB: the attempt rows of the CSV export (header left out).
rows() { cnn --progress "$1" progress --format csv | tail -n +2; }

# A store with n wrong answers to q1.full, recorded through the tutor.
make_store()  # make_store DB N
{
	local i
	for ((i = 0; i < $2; i++)); do
		printf '(%d, 0, 0, 0, 0, %d)\n' "$i" "$i"
	done | cnn --progress "$1" --plain tutor q1.full >/dev/null 2>&1
}

# One byte of a file, as a number.
byte_at() { od -An -tu1 -j "$2" -N1 "$1" | tr -d ' '; }

# ---- many tutors at once on one damaged file -------------------------------
# Every tutor opens the damaged file at the same moment. One moves it aside
# and starts a fresh one; the others must find and use that fresh file:
# every answer any of them was shown as saved is in the file at the path.
race_rounds=8 race_tutors=6 race_answers=4
template=$WORK/template.db
make_store "$template" 60
size=$(stat -c %s "$template")
race_lost=0 race_extra=0 race_memory=0
for ((r = 0; r < race_rounds; r++)); do
	dir=$WORK/race$r
	mkdir "$dir"
	db=$dir/progress.db
	# Half the rounds a truncated store, half garbage.
	if ((r % 2)); then
		head -c $((size * 2 / 3)) "$template" >"$db"
	else
		head -c 8192 /dev/urandom >"$db"
	fi
	# All the tutors wait on one FIFO, so they start together.
	mkfifo "$dir/go"
	pids=()
	for ((c = 0; c < race_tutors; c++)); do
		(
			read -r _ <"$dir/go"
			for ((i = 0; i < race_answers; i++)); do
				printf '(%d, %d, %d, 7, 7, 7)\n' "$r" "$c" "$i"
			done | cnn --progress "$db" --plain tutor q1.full \
				>"$dir/out$c" 2>&1
		) &
		pids+=($!)
	done
	sleep 0.2
	# One open of the FIFO for writing releases every reader at once.
	printf 'go\n%.0s' $(seq $race_tutors) >"$dir/go"
	wait "${pids[@]}"
	# The answers each tutor judged (it records before it shows a
	# verdict) against those in the file now at the path.
	answer='([0-9]*, [0-9]*, [0-9]*, 7, 7, 7)'
	grep -ho "^incorrect: $answer" "$dir"/out* | cut -c 12- | sort >"$dir/saved"
	rows "$db" | grep -o "\"$answer\"" | tr -d '"' | sort >"$dir/kept"
	check "round $r: every tutor judged its answers" \
		test "$(wc -l <"$dir/saved")" -eq $((race_tutors * race_answers))
	race_lost=$((race_lost + $(comm -23 "$dir/saved" "$dir/kept" | wc -l)))
	race_memory=$((race_memory + $(cat "$dir"/out* | grep -c 'in memory')))
	aside=$(ls "$dir" | grep -c '^progress\.db\.corrupt-[0-9-]*$')
	race_extra=$((race_extra + aside - 1))
done
echo "race (${SECONDS} s): $race_rounds rounds of $race_tutors tutors: $race_lost answers" \
	"lost, $race_extra extra files moved aside, $race_memory fell back to memory"
check "no answer a tutor showed as saved is lost" test "$race_lost" -eq 0
check "each damaged file is moved aside once" test "$race_extra" -eq 0
check "no tutor falls back to memory" test "$race_memory" -eq 0

# ---- a big store with a scribbled page -------------------------------------
# Over 1 MB (400 answers of 3000 bytes, one to a page), a table page in the
# middle overwritten: found at open, moved aside, the other rows kept.
db=$WORK/big/progress.db
mkdir -p "$WORK/big"
pad=$(printf 'z%.0s' $(seq 3000))
for ((i = 0; i < 400; i++)); do
	printf 'big%d %s\n' "$i" "$pad"
done | cnn --progress "$db" --plain tutor q1.full >/dev/null 2>&1
total=$(rows "$db" | grep -c ',q1.full,big')
check "the big store holds its 400 rows" test "$total" -eq 400
check "the big store is over 1 MB" test "$(stat -c %s "$db")" -gt 1048576
pages=$(($(stat -c %s "$db") / 4096))
page=$((pages / 2))
while ((page < pages)) && [ "$(byte_at "$db" $((page * 4096)))" != 13 ]; do
	page=$((page + 1))  # 13: a table leaf, holding rows
done
dd if=/dev/urandom of="$db" bs=4096 seek=$page count=1 conv=notrunc \
	2>/dev/null
cnn --progress "$db" progress --format csv >"$WORK/big.csv" 2>"$WORK/big.err"
check "a damaged big store still exits 0" test $? -eq 0
check "the damage is found at open" grep -q "could not be used (integrity check failed" "$WORK/big.err"
check "the damaged big store is moved aside" \
	grep -q "moved to $db.corrupt-" "$WORK/big.err"
kept=$(grep -c ',q1.full,big' "$WORK/big.csv")
echo "big store: $pages pages, page $page scribbled, $kept of 400 rows kept"
check "only the scribbled page's rows are lost ($kept of 400 kept)" \
	test "$kept" -ge 395 -a "$kept" -lt 400
check "the notice gives the number kept" \
	grep -q " $kept earlier attempts could still be read and were kept" "$WORK/big.err"

# ---- a FIFO at the path -----------------------------------------------------
mkfifo "$WORK/fifo.db"
cnn --progress "$WORK/fifo.db" progress >"$WORK/fifo.out" 2>"$WORK/fifo.err"
check "progress on a FIFO exits 0 at once" test $? -eq 0
check "the FIFO is named as not a regular file" grep -q \
	"Cannot write the progress file $WORK/fifo.db (it is not a regular file), so progress is kept in memory" \
	"$WORK/fifo.err"
printf '(1, 2, 3)\n' | cnn --progress "$WORK/fifo.db" --plain tutor q1.full \
	>"$WORK/fifo.out" 2>&1
check "the tutor on a FIFO exits 0" test $? -eq 0
check "the tutor on a FIFO says it works in memory" \
	grep -q "^note: Cannot write the progress file.*in memory" "$WORK/fifo.out"
check "the tutor on a FIFO still judges" grep -q "^incorrect: (1, 2, 3)" "$WORK/fifo.out"

# ---- a small tmpfs, for a read-only directory and a full disk --------------
# small_fs DIR SIZE: mount a tmpfs of SIZE at DIR; false where we cannot.
small_fs()
{
	mkdir -p "$1"
	[ "$(id -u)" -eq 0 ] || return 1
	mount -t tmpfs -o "size=$2,mode=0700" tmpfs "$1" 2>/dev/null || return 1
	MOUNTS+=("$1")
}

# ---- a read-only directory -------------------------------------------------
ro=$WORK/ro
if small_fs "$ro" 1m; then
	make_store "$ro/progress.db" 3
	if mount -o remount,ro "$ro" 2>/dev/null; then
		cnn --progress "$ro/progress.db" progress >"$WORK/ro.out" 2>"$WORK/ro.err"
		check "a read-only directory still exits 0" test $? -eq 0
		check "a read-only directory is reported" grep -q \
			"Cannot write the progress file $ro/progress.db (.*), so progress is kept in memory" \
			"$WORK/ro.err"
		check "a read-only directory still shows the earlier attempts" \
			grep -Eq "^q1.full +attempted +3\$" "$WORK/ro.out"
		printf '(1, 2, 3)\n' | cnn --progress "$ro/progress.db" --plain \
			tutor q1.full >"$WORK/ro.out" 2>&1
		check "the tutor in a read-only directory judges" \
			grep -q "^incorrect: (1, 2, 3)" "$WORK/ro.out"
	else
		skip "read-only directory: cannot remount the tmpfs read-only"
	fi
elif [ "$(id -u)" -ne 0 ]; then
	make_store "$ro/progress.db" 3
	chmod 0400 "$ro/progress.db"
	chmod 0500 "$ro"
	cnn --progress "$ro/progress.db" progress >"$WORK/ro.out" 2>"$WORK/ro.err"
	check "a read-only directory still exits 0" test $? -eq 0
	check "a read-only directory is reported" grep -q "kept in memory" "$WORK/ro.err"
	check "a read-only directory still shows the earlier attempts" \
		grep -Eq "^q1.full +attempted +3\$" "$WORK/ro.out"
	chmod 0700 "$ro"
else
	skip "read-only directory: root, and no tmpfs can be mounted here"
fi

# ---- a truncated file -------------------------------------------------------
db=$WORK/cut/progress.db
mkdir -p "$WORK/cut"
make_store "$db" 200
truncate -s $(($(stat -c %s "$db") * 3 / 4)) "$db"
cnn --progress "$db" progress --format csv >"$WORK/cut.csv" 2>"$WORK/cut.err"
check "a truncated file still exits 0" test $? -eq 0
check "a truncated file is moved aside" grep -q "moved to $db.corrupt-" "$WORK/cut.err"
saved=$(sed -n 's/.* \([0-9]*\) earlier attempts\{0,1\} could still be read.*/\1/p' "$WORK/cut.err")
echo "truncated file: ${saved:-0} of 200 rows kept"
check "a truncated file's readable rows are kept (${saved:-0} of 200)" \
	test "${saved:-0}" -gt 0 -a "$(tail -n +2 "$WORK/cut.csv" | wc -l)" -eq "${saved:-0}"
printf '(5, 5, 5)\n' | cnn --progress "$db" --plain tutor q1.full >/dev/null 2>&1
check "the fresh file takes new answers" \
	test "$(rows "$db" | grep -c '"(5, 5, 5)"')" -eq 1

# ---- a database of another program -----------------------------------------
db=$WORK/other/progress.db
mkdir -p "$WORK/other"
if python3 -c 'import sqlite3' 2>/dev/null; then
	python3 - "$db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("CREATE TABLE attempt (x, y); CREATE TABLE notes (t);"
                 "INSERT INTO notes VALUES ('not yours');")
db.commit()
db.close()
EOF
else
	# Our own file with its application_id zeroed is a plain SQLite
	# database to us.
	make_store "$db" 2
	printf '\0\0\0\0' | dd of="$db" bs=1 seek=68 conv=notrunc 2>/dev/null
fi
cp "$db" "$WORK/other.orig"
cnn --progress "$db" progress >/dev/null 2>"$WORK/other.err"
check "another program's database still exits 0" test $? -eq 0
check "another program's database is recognised" \
	grep -q "(it is not a cnntutor progress database); it was moved to" "$WORK/other.err"
check "nothing is taken from another program's database" \
	eval '! grep -q "could still be read" "$WORK/other.err"'
aside=$(ls "$WORK/other"/progress.db.corrupt-* 2>/dev/null | grep -v -- '-wal$\|-shm$' | head -n 1)
check "another program's database is kept as it was" cmp -s "$aside" "$WORK/other.orig"
check "a fresh store is used in its place" test -z "$(rows "$db")"

# ---- a full disk ------------------------------------------------------------
full=$WORK/full
if small_fs "$full" 256k; then
	db=$full/progress.db
	make_store "$db" 2
	# Full from the start: the tutor says so and works in memory.
	dd if=/dev/zero of="$full/fill" bs=4k 2>/dev/null
	printf '(1, 2, 3)\n' | cnn --progress "$db" --plain tutor q1.full >"$WORK/full.out" 2>&1
	check "a full disk at start still exits 0" test $? -eq 0
	check "a full disk at start is named" \
		grep -q "^note: Cannot write the progress file $db (.*No space left on device), so progress is kept in memory" \
		"$WORK/full.out"
	rm -f "$full/fill" "$db-wal" "$db-shm"
	# Full halfway: each answer says it was not saved.
	(
		sleep 0.5
		dd if=/dev/zero of="$full/fill" bs=4k 2>/dev/null
		printf '(4, 4, 4)\n'
	) | cnn --progress "$db" --plain tutor q1.full >"$WORK/full.out" 2>&1
	check "a disk that fills during a session still exits 0" test $? -eq 0
	check "an answer on a full disk is shown as not saved" \
		grep -q "warning: not saved: cannot record attempt: database or disk is full" \
		"$WORK/full.out"
	rm -f "$full/fill"
	cnn --progress "$db" progress >/dev/null 2>"$WORK/full.err"
	check "the store is sound once there is room again" test ! -s "$WORK/full.err"
	check "the answers saved before the disk filled are there" \
		test "$(rows "$db" | wc -l)" -eq 2
else
	skip "full disk: cannot mount a small tmpfs here (needs root)"
fi

echo "$passed passed, $failed failed, $skipped skipped (${SECONDS} s)"
test "$failed" -eq 0
