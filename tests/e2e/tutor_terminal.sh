#!/bin/bash
# The terminal is restored however the full-screen tutor ends. Every signal
# whose default action ends a process (Ctrl-\, Ctrl-C, SIGUSR1, SIGTERM ...)
# and the crash signals, sent with kill, each leave the pane out of the
# alternate screen with canonical input and echo back on, and the tutor
# dies of that same signal, as its parent sees. A TERM that curses cannot
# use gets a message and status 2.
set -u
. "$(dirname "$0")/lib.sh" "$1"
if ! command -v python3 >/dev/null 2>&1; then
	echo "python3 is not installed: skipping" >&2
	exit 77
fi

# Wait until the tutor is in the lesson of q2.a, on the alternate screen.
open_lesson() {
	start_waited tutor q2.a
	wait_for "answer>" "tutor q2.a opens the lesson"
	[ "$(alternate_on)" = 1 ] || fail "the tutor is not on the alternate screen"
}

ended_by() {
	local name=$1
	wait_for "cnntutor-killed-by-$name" "the tutor dies of $name"
	[ "$(alternate_on)" = 0 ] ||
		fail "$name left the pane in the alternate screen"
	modes_restored || fail "$name left the terminal modes: $(cat "$WORK/stty")"
	pass "$name: terminal restored, died of $name"
}

open_lesson
keys 'C-\'
ended_by SIGQUIT

open_lesson
keys C-c
ended_by SIGINT

# Sent by kill: the rest of the signals that end a process, then the
# crash signals (their handler restores the terminal from inside).
for sig in USR1 USR2 TERM HUP ALRM PIPE VTALRM PROF XCPU XFSZ \
	SEGV BUS FPE ILL ABRT; do
	open_lesson
	pid=$(waited_pid)
	[ -n "$pid" ] || fail "no pid for the tutor"
	kill -s "$sig" "$pid"
	ended_by "SIG$sig"
done

# A typed answer survives: the attempt is in the database before the kill.
open_lesson
type_text "73728"
keys Enter
wait_for "✓ correct: 73728" "an answer before the signal"
kill -s USR1 "$(waited_pid)"
ended_by SIGUSR1
[ "$(db_attempts q2.a | tail -n 1)" = "73728,correct" ] ||
	fail "the attempt before SIGUSR1 is not in the database: $(db_attempts q2.a)"
pass "the attempt judged before the signal is saved"

# A TERM the terminfo database does not know: a message, status 2 (and no
# leak report from the sanitizer build, which would make it 1).
START_ENV="TERM=nosuchterm" start
wait_for "cnntutor-exited-2" "an unknown TERM exits 2"
screen | grep -qF "TERM=nosuchterm: no such terminal in the terminfo database" ||
	fail "no message naming the unknown TERM"
screen | grep -qF "try --plain" || fail "the message does not point at --plain"
screen | grep -q "Sanitizer" && fail "the sanitizer reported a problem"
pass "an unknown TERM is refused with a message, status 2"
exit 0
