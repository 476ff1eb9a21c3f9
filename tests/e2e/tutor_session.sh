#!/bin/bash
# The full-screen tutor in a real pseudo-terminal (tmux), read back from the
# screen: the map, q2.a answered wrong then right, a hint, a step, the
# correction panel, quitting, and resuming at the first unfinished part.
set -u
. "$(dirname "$0")/lib.sh" "$1"

start
wait_for "course map" "the map is the first screen"
wait_for "▶ · q1.full" "the cursor starts on the first part"
wait_for "0/" "the progress bar counts nothing yet"
pass "map opens with the cursor on q1.full"

# q1.full first, so that the resume point is not the first part.
keys Enter
wait_for "answer>" "Enter opens the part with the answer line"
type_text "(1, 2, 5, 8, 6, 8)"
keys Enter
wait_for "✓ correct: (1, 2, 5, 8, 6, 8)" "q1.full judged correct"
keys F10
wait_for "✓ q1.full" "the map marks q1.full correct"

# Down to q2.a (q1.valid, q1.same, then q2.a: the question rows are skipped).
keys j j j
wait_for "▶ · q2.a" "j moves the cursor to q2.a"
keys Enter
wait_for "q2.a" "q2.a opens"
wait_for "answer>" "the answer line has the focus"
pass "q2.a opens from the map"

type_text "13824"
keys Enter
wait_for "✗ incorrect: 13824" "the wrong answer's verdict"
wait_for "published solution's answer" "the source error is named"
wait_for "~ q2.a" "the title bar marks q2.a attempted"
pass "a wrong answer shows its feedback"

# A letter typed on the answer line is text, not a command: 'h' must not
# reveal a hint while typing.
type_text "h"
wait_for "answer> h" "h goes to the answer line"
if screen | grep -qF "Hints ("; then fail "typing h revealed a hint"; fi
keys C-u
wait_gone "answer> h" "Ctrl-U clears the line (readline)"
pass "letters on the answer line are text"

keys Up
wait_for "answer> 13824" "Up recalls the last answer"
keys C-u
type_text "sqr"
keys Tab
wait_for "answer> sqrt" "Tab completes a built-in function"
keys C-u
type_text "W"
keys Tab
type_text "/2"
wait_for "answer> W0/2" "Tab completes a given of the part, no space after"
keys C-u
type_text "12 34"
keys M-b
type_text "X"
wait_for "answer> 12 X34" "Alt-b is readline's backward-word, not Esc then b"
keys C-u
type_text "s"
keys Tab Tab
wait_for "matches:" "a second Tab lists the candidates"
keys C-u
pass "history and completion"

keys F2
wait_for "Hints (1 of" "F2 reveals a hint"
keys Escape
wait_for "Tab answer" "Esc moves the focus to the lesson"
keys h
wait_for "Hints (2 of" "h reveals the next hint with the lesson focused"
keys s
wait_for "Worked steps (1 of" "s reveals a worked step"
wait_for "= 125" "the step shows the engine's value"
keys e
wait_for "Correction of the published solution" "e opens the correction panel"
wait_for "It says" "the panel shows the source's claim"
wait_for "Correct" "beside the correct one"
pass "hint, step and correction panel"

keys Tab
wait_for "Esc lesson" "Tab gives the focus back to the answer line"
type_text "128*"
keys F5
wait_for "Scratch calculator" "F5 opens the calculator"
wait_for "W0 = 256" "with the part's givens"
type_text "W0*2"
keys Enter
wait_for "512" "the calculator evaluates with the givens"
type_text "sqrt("
keys Enter
wait_for "Parse error" "and shows engine errors"
keys Escape
wait_for "answer> 128*" "Esc comes back with the typed answer intact"
pass "scratch calculator"
keys C-u
type_text "128*24*24 +"
keys Enter
wait_for "Parse error" "a malformed answer shows the engine error"
wait_for "answer> 128*24*24 +" "the typed text is kept"
wait_for "^" "with a caret under the input"
keys C-u
type_text "73728"
keys Enter
wait_for "✓ correct: 73728" "the right answer"
wait_for "✓ q2.a" "the title bar marks q2.a correct"
pass "a malformed answer keeps its text; the right answer is marked correct"

keys F10
wait_for "▶ ✓ q2.a" "back on the map, q2.a is correct"
keys '?'
wait_for "cnntutor keys" "? opens the help"
wait_for "reveal the next hint" "help lists the keys"
keys q
wait_for "course map" "q leaves the help"
keys q
wait_for "cnntutor-exited-0" "q on the map quits with status 0"
pass "quit from the map"

[ "$(db_attempts q2.a | tail -n 1)" = "73728,correct" ] ||
	fail "the database lacks q2.a's correct attempt: $(db_attempts q2.a)"

start
wait_for "course map" "second run"
wait_for "▶ · q1.valid" "the cursor lands on the first unfinished part"
wait_for "Enter continues with q1.valid" "the welcome back line"
keys Enter
wait_for "q1.valid" "Enter opens it"
keys Up
wait_for "answer> 73728" "history from the last run, read from the database"
keys C-u
type_text "(1, 2)"
keys Enter
wait_for "✗ incorrect: (1, 2)" "a wrong answer to q1.valid"
has_colour || fail "no colour on a colour terminal"
keys Escape
wait_for "Tab answer" "Esc gives the lesson the keys"
keys q
wait_for "course map" "q from the lesson goes to the map"
pass "a second run resumes at the first unfinished part"

# Resize below the minimum and back.
t resize-window -t e2e -x 20 -y 8
wait_for "too small" "a small terminal gets a message"
wait_for "have 20×8" "with its size"
t resize-window -t e2e -x 80 -y 24
wait_for "course map" "the map comes back at full size"
wait_gone "too small" "the message is gone"
t resize-window -t e2e -x 50 -y 14
wait_for "q1.valid" "the map redraws at 50x14"
pass "resize to 20x8 and back"

# Ctrl-C restores the terminal and exits 130.
keys C-c
wait_for "cnntutor-exited-130" "Ctrl-C quits cleanly"
pass "Ctrl-C"

# NO_COLOR: attributes only.
START_ENV="NO_COLOR=1" start
wait_for "course map" "a run with NO_COLOR"
keys Enter
wait_for "answer>" "q1.valid opens"
type_text "(1, 2)"
keys Enter
wait_for "✗ incorrect: (1, 2)" "the verdict without colour"
has_colour && fail "colour used although NO_COLOR is set"
keys F10
wait_for "course map" "back to the map"
keys q
wait_for "cnntutor-exited-0" "quit"
pass "NO_COLOR is honoured"

# SIGTERM and SIGHUP too.
start
wait_for "course map" "third run"
pid=$(pgrep -P "$(t display-message -p -t e2e '#{pane_pid}')" || true)
[ -n "$pid" ] || fail "no pid for the tutor"
kill -TERM "$pid"
wait_for "cnntutor-exited-143" "SIGTERM quits cleanly"
pass "SIGTERM"

start
wait_for "course map" "fourth run"
pid=$(pgrep -P "$(t display-message -p -t e2e '#{pane_pid}')" || true)
kill -HUP "$pid"
wait_for "cnntutor-exited-129" "SIGHUP quits cleanly"
pass "SIGHUP"
exit 0
