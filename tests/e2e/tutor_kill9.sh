#!/bin/bash
# kill -9 in the middle of a session loses nothing the student has seen:
# every verdict on the screen is already a committed row in the database.
set -u
. "$(dirname "$0")/lib.sh" "$1"

start_bare tutor q2.b
wait_for "Parameters of the last convolution" "the part given on the command line opens"
wait_for "answer>" "with the answer line"

type_text "6144"
keys Enter
wait_for "✗ incorrect: 6144" "the published solution's answer"
type_text "4*4*"
keys Enter
wait_for "Parse error" "a malformed answer"
keys C-u
type_text "131072"
keys Enter
wait_for "✓ correct: 131072" "the right answer"

# No pause, no quit: the process dies the moment the last verdict is seen.
pid=$(t display-message -p -t e2e '#{pane_pid}')
kill -9 "$pid"
pass "three verdicts shown, then kill -9"

got=$(db_attempts q2.b)
want=$(printf '6144,incorrect\n4*4*,invalid\n131072,correct')
[ "$got" = "$want" ] || fail "database holds:
$got
expected:
$want"
pass "every shown attempt is in the database"

if command -v sqlite3 >/dev/null 2>&1; then
	n=$(sqlite3 "$DB" "PRAGMA integrity_check;")
	[ "$n" = "ok" ] || fail "integrity_check says: $n"
	pass "sqlite3 integrity_check ok"
fi

start
wait_for "▶ · q1.full" "a new run opens the store after the kill"
wait_for "✓ q2.b" "and shows q2.b correct"
pass "the store reopens after kill -9"
exit 0
