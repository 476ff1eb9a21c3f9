#!/bin/bash
# The full-screen lesson as a student meets it: `cnntutor tutor PART-ID`
# opens that part; the question's introduction (q4's warning about p, q6's
# notation) is on every part however it was opened (the command line, the
# map, F7/F8); and what cannot be done is said in the tutor's words, the
# same as in --plain.
set -u
. "$(dirname "$0")/lib.sh" "$1"
MINI=$E2E_DIR/../tutor/fixtures/mini

bar() { screen | head -n 1; }

start tutor q4.c
wait_for "answer>" "tutor q4.c opens the lesson, not the map"
bar | grep -qF "q4.c " || fail "the title bar is not q4.c's"
wait_for "q4  Dropout as weight decay (part 7 of 7)" "q4's heading on its last part"
wait_for "A warning about p." "q4's warning on q4.c"
pass "tutor q4.c opens q4.c with q4's introduction"

keys F7
wait_for "q4.c.step4" "F7 goes to the previous part"
bar | grep -qF "q4.c.step4" || fail "F7 did not open q4.c.step4"
wait_for "A warning about p." "q4's warning on q4.c.step4"
keys F8 F8
wait_for "q5  " "F8 twice goes on to q5"
keys F7
wait_for "A warning about p." "q4's warning again on q4.c, back with F7"
bar | grep -qF "q4.c " || fail "F7 from q5 did not come back to q4.c"
pass "F7/F8 show the introduction on every part"

keys F10
wait_for "▶ · q4.c " "back on the map, the cursor on q4.c"
keys k k
wait_for "▶ · q4.c.step3" "k moves up to q4.c.step3"
keys Enter
wait_for "answer>" "Enter opens q4.c.step3"
bar | grep -qF "q4.c.step3" || fail "Enter did not open q4.c.step3"
wait_for "A warning about p." "q4's warning on a part opened from the map"
pass "a part opened from the map has its introduction"

keys F10
wait_for "course map" "the map"
keys q
wait_for "cnntutor-exited-0" "quit"

start tutor q6.b
wait_for "answer>" "tutor q6.b"
wait_for "In the engine: norm(u) is ‖u‖" "q6's notation on q6.b"
keys F8
wait_for "q6.c.step1" "F8 to q6.c.step1"
wait_for "In the engine: norm(u) is ‖u‖" "q6's notation on q6.c.step1"
keys F10
wait_for "course map" "the map"
keys q
wait_for "cnntutor-exited-0" "quit"
pass "q6's notation on its later parts"

# The refusals, on the small fixture course (q1.c: no hints, no steps, no
# correction; q1.a: two hints, one step).
START_ENV="CNNTUTOR_COURSE='$MINI'" start tutor q1.c
wait_for "answer>" "the fixture's q1.c"
wait_for "Two small questions about widths." "the fixture's introduction on its third part"
keys F2
wait_for "This part has no hints." "F2 on a part without hints"
keys F3
wait_for "This part has no worked steps." "F3 on a part without steps"
keys F4
wait_for "The published solution gets this part right: nothing to correct." "F4 without a correction"
keys F8
wait_for "This is the last part." "F8 on the last part"
keys F7 F7
wait_for "Width after a convolution" "F7 twice: q1.a"
keys F7
wait_for "This is the first part." "F7 on the first part"
keys F2 F2 F2
wait_for "No more hints for this part." "hints run out"
keys F3 F3
wait_for "Every worked step is shown." "steps run out"
keys F4
wait_for "Correction of the published solution" "F4 opens the correction"
keys Escape
wait_for "Tab answer" "Esc gives the lesson the keys"
keys e
wait_gone "Correction of the published solution" "e again closes it"
keys q
wait_for "▶ · q1.a" "q from the lesson: the map, the cursor on the part"
keys q
wait_for "cnntutor-exited-0" "quit"
pass "refusals in the tutor's words"

# A choice part in the student's own order: the full screen shows the
# options in the order --plain shows that student, and the letter on the
# screen picks the option next to it.
right='independent Bernoulli(p) entries'
plain_letter=$("$BIN" --plain --progress "$WORK/plain-order.db" --student bo tutor q4.a </dev/null |
	grep -F -- "$right" | sed -n 's|^  [0-9]*/\([a-z]\)) .*|\1|p')
[ -n "$plain_letter" ] || fail "--plain does not show bo the right option"
start --student bo tutor q4.a
wait_for "answer>" "tutor q4.a for bo"
for _ in 1 2 3 4 5; do   # the options are below the givens: page down to them
	screen | grep -qF -- "$right" && break
	keys PageDown
	sleep 0.3
done
wait_for "$right" "the options, below the givens"
letter=$(screen | grep -F -- "$right" | sed -n 's|^ *[0-9]*/\([a-z]\)) .*|\1|p')
[ "$letter" = "$plain_letter" ] ||
	fail "the full screen shows the right option at '$letter', --plain at '$plain_letter'"
type_text "$letter"
keys Enter
wait_for "Correct" "bo's letter $letter is the right option"
keys F10
wait_for "course map" "the map"
keys q
wait_for "cnntutor-exited-0" "quit"
pass "choice options in the student's order on the full screen ($letter, as in --plain)"

# Practice on the full screen: a right answer puts F12 in the bottom bar;
# F12 gives the part again with other numbers, and the title says so.
start tutor q2.a
wait_for "answer>" "tutor q2.a"
screen | tail -n 1 | grep -qF "F12" && fail "F12 is offered before a right answer"
type_text "73728"
keys Enter
wait_for "Correct" "q2.a right"
wait_for "F12 again" "the bar offers practice"
keys F12
wait_for "(practice, other numbers)" "F12 opens a practice variant"
wait_for "Practice: q2.a again with other numbers" "and says so"
keys F8
wait_gone "(practice, other numbers)" "another part ends the practice"
keys F10
wait_for "course map" "the map"
keys q
wait_for "cnntutor-exited-0" "quit"
pass "F12 practises a right part with other numbers"
exit 0
