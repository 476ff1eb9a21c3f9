#!/bin/bash
# The lab screen as a student meets it in the full-screen tutor: F9 (or l
# on the lesson) opens the question's lab; its plot is drawn in braille
# with a label at each curve's end; a setting changed on the screen
# (stepped with + and -, or typed) recomputes the plot and the numbers at
# once, and a bad value gets the lab layer's words; it redraws on resize,
# says so in a tiny terminal, draws no colour under NO_COLOR, and Esc goes
# back to the lesson. A q3 configuration part opens its lab on the last
# answer, in the session and after a restart (from the progress store).
set -u
. "$(dirname "$0")/lib.sh" "$1"

# Braille cells are U+2800..U+28FF: E2 A0..A3 xx in UTF-8.
has_braille() { screen | LC_ALL=C grep -q $'\xe2[\xa0-\xa3]'; }
bar() { screen | head -n 1; }
# The longest screen row holding the plot's x axis, in characters (bash
# counts characters in a UTF-8 locale; awk may count bytes).
axis_width() {
	local line n=0
	while IFS= read -r line; do
		[ ${#line} -gt $n ] && n=${#line}
	done < <(screen | grep '└')
	echo $n
}

start tutor q6.c
wait_for "answer>" "tutor q6.c"
wait_for "F9 lab" "the key bar names the lab key"
keys F9
wait_for "Lab q6.c · Weight normalization" "F9 opens q6's lab"
wait_for "lr=-4,-3,-2,-1.5,-1  iterations=2000  optimizer=sgd" "the settings bar"
wait_for "η=10^-1.5" "a label at a curve's end"
has_braille || fail "no braille on the lab screen"
wait_for "Started on the lesson's parameters." "where the settings come from"
wait_for "more below: PgDn" "the tables are below the plot"
pass "F9 opens the lab: the plot in braille, labels at the curves' ends"

# Step a setting: Right selects iterations, - takes a round step off.
keys Right
wait_for "iterations: training steps per run (1 to 20000)" "Right selects iterations"
keys -- -
wait_for "iterations=1800: computed again." "- steps iterations down"
wait_for "iterations=1800  optimizer=sgd" "the bar shows the new value"
screen | grep -q '  2000$' && fail "the x axis still ends at 2000"
pass "- steps a setting and the plot is computed again"

# Type a value: only one curve is left.
keys Left Enter
wait_for "Enter apply" "Enter starts typing lr"
keys C-u
type_text "-1"
keys Enter
wait_for "lr=-1: computed again." "lr typed"
wait_gone "η=10^-1.5" "the other curves are gone"
wait_for "η=10^-1" "the one curve left is labelled"
has_braille || fail "no braille after the change"
keys PgDn
wait_for "log10_lr  norm_start  norm_end" "PgDn: the table under the plot"
screen | grep -qE '^ +-4 +4\.5779' && fail "the table still has the run with log10 η = -4"
screen | grep -qE '^ +-1 +4\.5779' || fail "the table lacks the run with log10 η = -1"
keys Home
pass "a typed value recomputes the plot and the numbers"

# A bad value: the lab layer's words, the line kept to fix, Esc leaves it.
keys Right Enter C-u
type_text "0"
keys Enter
wait_for "Bad parameter: iterations: 0 is out of range: iterations takes 1 to 20000" "a bad value's message"
wait_for "(nothing changed)" "the message, wrapped"
wait_for "Enter apply" "still typing after a refused value"
keys Escape
wait_for "iterations left as it was." "Esc leaves the value"
wait_for "iterations=1800" "the value is the old one"
pass "a bad value gets the lab's message and changes nothing"

# Resize: the plot is drawn again at the new size; a tiny terminal says so.
t resize-window -t e2e -x 120 -y 40
wait_for "Lab q6.c" "after growing"
deadline=$((SECONDS + TIMEOUT))
while [ "$(axis_width)" -lt 110 ] && [ $SECONDS -lt $deadline ]; do sleep 0.05; done
[ "$(axis_width)" -ge 110 ] || fail "the plot did not grow with the terminal ($(axis_width) columns)"
has_braille || fail "no braille at 120x40"
t resize-window -t e2e -x 44 -y 14
wait_for "Terminal too small for the lab:" "a small terminal"
wait_for "need 50×16, have 44×14." "the sizes"
t resize-window -t e2e -x 80 -y 24
wait_for "η=10^-1" "back at 80x24"
[ "$(axis_width)" -le 80 ] || fail "the plot did not shrink back"
pass "the lab redraws on resize and says when the terminal is too small"

# Help lists the lab's keys; Esc goes back to the lesson, answer line kept.
keys F1
wait_for "Lab (l or F9 in a lesson)" "the help has the lab's keys"
keys q
wait_for "Lab q6.c" "back on the lab from the help"
keys Escape
wait_for "answer>" "Esc goes back to the lesson"
bar | grep -qF "q6.c " || fail "not back on q6.c"
wait_gone "Lab q6.c" "the lab screen is gone"
# The lesson key: l, with the focus on the lesson.
keys Escape
wait_for "l lab n/p part" "Esc: the lesson has the keys, its bar names l"
keys l
wait_for "Lab q6.c" "l on the lesson opens the lab"
wait_for "iterations=2000" "opened afresh on the lesson's settings"
keys q
wait_for "q6.c  (c): the norm after one step" "q back to the lesson"
keys F10
wait_for "course map" "the map"
keys q
wait_for "cnntutor-exited-0" "quit"
pass "Esc and q go back to the lesson; the lab opens afresh"

# A q3 configuration part: the lab starts on the last answer.
start tutor q3.a.i
wait_for "answer>" "tutor q3.a.i"
keys F9
wait_for "config=K=8, S=1, P=0, D=0" "before any answer: the lesson's settings"
wait_for "no answer to q3.a.i yet" "and it says so"
keys Escape
wait_for "answer>" "back to the lesson"
type_text "S=2, P=4"
keys Enter
wait_for "incorrect: S=2, P=4" "the answer is judged"
keys F9
wait_for "config=K=8, S=2, P=4, D=0" "the lab on the last answer"
wait_for "Started from your last answer to q3.a.i (S=2, P=4)" "and it says so"
wait_for "on a row of W = 64 pixels: output 33" "its output size"
has_braille || fail "no braille on the taps lab"
keys Escape
wait_for "answer>" "back to the lesson"
keys F10
wait_for "course map" "the map"
keys q
wait_for "cnntutor-exited-0" "quit"
start tutor q3.a.i
wait_for "answer>" "tutor q3.a.i again"
keys F9
wait_for "config=K=8, S=2, P=4, D=0" "after a restart: the stored last answer"
keys Escape
wait_for "answer>" "back to the lesson"
keys F10
wait_for "course map" "the map"
keys q
wait_for "cnntutor-exited-0" "quit"
pass "a q3 part opens its lab on the last answer, also after a restart"

# Colour: a refused value's status is red, unless NO_COLOR is set.
for nc in 0 1; do
	if [ $nc -eq 1 ]; then START_ENV="NO_COLOR=1" start tutor q4.c; else start tutor q4.c; fi
	wait_for "answer>" "tutor q4.c"
	keys F9
	wait_for "Lab q4.c" "q4's lab"
	has_braille || fail "no braille on q4's lab"
	keys Enter C-u
	type_text "2"
	keys Enter
	wait_for "Bad parameter: p: 2 is out of range" "a refused p"
	if [ $nc -eq 1 ]; then
		has_colour && fail "colour escapes with NO_COLOR set"
	else
		has_colour || fail "no colour without NO_COLOR (the check could not fail)"
	fi
	keys Escape
	wait_for "p left as it was." "Esc leaves the value"
	keys Escape
	wait_for "answer>" "back to the lesson"
	keys F10
	wait_for "course map" "the map"
	keys q
	wait_for "cnntutor-exited-0" "quit"
done
pass "NO_COLOR: no colour on the lab screen"
