#!/bin/bash
# A tutor left open shows what another process wrote to the same store:
# when the map is shown again (back from a lesson, or m) and on Ctrl-L,
# on the map and in a lesson. The other process is a --plain tutor on the
# same --progress file, as a second terminal would be.
set -u
. "$(dirname "$0")/lib.sh" "$1"

bar() { screen | head -n 1; }
# elsewhere PART ANSWER: a correct answer recorded by another process
elsewhere() {
	printf '%s\n' "$2" | "$BIN" --plain --progress "$DB" tutor "$1" >/dev/null 2>&1 ||
		fail "the other process could not record $1"
	db_attempts "$1" | grep -qF "$2,correct" || fail "the other process's $1 is not in the store"
}

start
wait_for "▶ · q1.full" "the map"
elsewhere q2.a 73728
sleep 0.3
screen | grep -qF "· q2.a" || fail "the map changed before it was asked to"
keys C-l
wait_for "✓ q2.a" "Ctrl-L on the map shows q2.a right, from the other process"
wait_for "1/35 correct" "and counts it"
pass "Ctrl-L on the map reads the store again"

keys Enter
wait_for "answer>" "Enter opens q1.full"
elsewhere q2.b 4*4*64*128
keys F10
wait_for "▶ · q1.full" "back on the map"
wait_for "✓ q2.b" "the map shown again has q2.b right, from the other process"
wait_for "2/35 correct" "and counts it"
pass "the map shown again reads the store again"

keys j
wait_for "▶ · q1.valid" "j moves to q1.valid"
keys Enter
wait_for "answer>" "Enter opens q1.valid"
bar | grep -qF "· q1.valid" || fail "q1.valid is not shown as not started"
elsewhere q1.valid "5 8"
sleep 0.3
bar | grep -qF "· q1.valid" || fail "the title bar changed before Ctrl-L"
keys C-l
wait_for "✓ q1.valid" "Ctrl-L in the lesson shows q1.valid right in the title bar"
pass "Ctrl-L in a lesson reads the store again"
exit 0
