#!/bin/bash
# --plain driven through a pipe: answers and :commands in, the dialogue out,
# status 0 at the end of input, every attempt in the database. Also the
# automatic choice of the line mode, and `cnntutor calc` through a pipe.
set -u
BIN=${1:?usage: $0 path/to/cnntutor}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cnntutor-plain.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export HOME=$WORK/home XDG_STATE_HOME=$WORK/state LANG=C.UTF-8 LC_ALL=C.UTF-8
unset CNNTUTOR_COURSE
mkdir -p "$HOME"
DB=$WORK/progress.db
OUT=$WORK/out

fail() { echo "FAIL: $*" >&2; echo "---- output ----" >&2; cat "$OUT" >&2; exit 1; }
expect() { grep -qF -- "$1" "$OUT" || fail "output lacks '$1' ($2)"; }
reject() { ! grep -qF -- "$1" "$OUT" || fail "output has '$1' ($2)"; }

printf '%s\n' ':go q2.a' '13824' ':hint' ':step' ':erratum' '128x24x24 +' \
	'73728' ':prev' ':next' ':h' ':nosuch' ':map' '' |
	"$BIN" --plain --progress "$DB" > "$OUT" 2>&1
status=$?
[ $status -eq 0 ] || fail "exit status $status at the end of input"
expect "== q1.full" "starts at the first part"
expect "== q2.a" ":go moves to q2.a"
expect "incorrect: 13824" "the wrong answer's verdict"
expect "This is the published solution's answer." "its source error"
expect "Hint 1 of" ":hint"
expect "Step 1 of" ":step"
expect "= 125" "the step's computed value"
expect "The published solution says:" ":erratum"
expect "invalid: 128x24x24 +" "a malformed answer"
expect "^" "with its caret"
expect "correct: 73728" "the right answer"
expect "interpreted as: 73728" "the engine's reading"
expect "== q2.b" "a correct answer moves on to q2.b"
expect "Hint 1 of" ":h is :hint"
expect "unknown command ':nosuch'" "an unknown command is named"
expect "correct      Size of the last layer" ":map shows q2.a correct"
expect "Saved: 1 of" "the end of input saves"
echo "ok - plain dialogue through a pipe"

csv=$("$BIN" --progress "$DB" progress --format csv)
for row in "q2.a,13824,incorrect" "q2.a,73728,correct"; do
	printf '%s\n' "$csv" | grep -qF ",ift6135-a2,$row," ||
		fail "the database lacks $row: $csv"
done
echo "ok - plain attempts are in the database"

# The question's introduction on every part, however it was reached: the
# command line, :go, :next, :prev (q4's warning about p, q6's notation).
count() { grep -cF -- "$1" "$OUT"; }
printf '%s\n' ':next' ':go q4.c.step2' ':prev' ':go q6.b' ':next' |
	"$BIN" --plain --progress "$WORK/intro.db" tutor q4.c > "$OUT" 2>&1 ||
	fail "status $? showing later parts"
expect "== q4.c:" "tutor q4.c starts on q4.c"
[ "$(count "A warning about p.")" -eq 3 ] ||
	fail "q4's warning is not on each of q4.c, q4.c.step2 and q4.c.step1"
expect "== q5.step1" ":next from q4.c goes on to q5"
expect "In the engine: norm(u) is ‖u‖" "q6's notation on q6.b"
[ "$(count "In the engine: norm(u) is ‖u‖")" -eq 2 ] ||
	fail "q6's notation is not on both q6.b and the part after it"
echo "ok - the introduction is on every part"

# The tutor's words for what cannot be done, the same as on the full
# screen; :go to an unknown part; :help from the request table.
{ for _ in $(seq 12); do printf ':hint\n:step\n'; done
  printf '%s\n' ':prev' ':go q9.z' ':go' ':calc' ':help'; } |
	"$BIN" --plain --progress "$WORK/words.db" tutor q1.full > "$OUT" 2>&1 ||
	fail "status $? on the refusals"
expect "No more hints for this part." "hints run out"
expect "Every worked step is shown." "steps run out"
expect "This is the first part." ":prev on the first part"
expect "There is no part 'q9.z' in this course; the map lists them." ":go to an unknown part"
expect "Which part? Give its id, e.g. q2.a." ":go without an id"
expect "Calculator on q1.full (x = (1, 2, 3, 4), w = (1, 0, 2)): type :calc EXPR." ":calc alone"
expect "  :go ID      go to the part ID (e.g. :go q2.a)" ":help lists :go with its argument"
expect "  :calc EXPR  scratch calculator" ":help lists :calc with its argument"
grep -qxF "No more hints." "$OUT" && fail "the old plain-only wording"
echo "ok - refusals worded as on the full screen"

# :lab through a pipe: the part's lab as text (each plot as a table of its
# values, then its tables and facts and settings), a change recomputed at
# once, a refused value in the lab's words, a part's own lab (q6.a) and
# its question's, and a q3 configuration part on its last answer.
printf '%s\n' ':go q6.c' ':lab iterations=100' ':lab iterations=50 optimizer=rmsprop' \
	':go q6.a.step1' ':l' ':go q3.a.i' ':lab' 'S=2, P=4' ':go q3.a.i' ':lab' ':lab P+' \
	':go q3.a.i' ':lab input+' ':go q2.a' ':lab' |
	"$BIN" --plain --progress "$WORK/lab.db" > "$OUT" 2>&1 || fail "status $? on :lab"
expect "Lab for q6.c: Weight normalization: ‖u‖ during training, per learning rate (re-simulated) (weightnorm). Started on the lesson's parameters." ":lab names the lab and where it started"
expect "the values of its curves at 11 points" "the plot as a table of values"
expect "  iteration  η=10^-4  η=10^-3  η=10^-2  η=10^-1.5  η=10^-1" "one column per curve"
expect "        100    4.578    4.578    4.607      5.494     9.18" "the last row: each curve at iteration 100"
expect "loss: cross-entropy summed over a batch of 16 drawn with replacement; SGD on every parameter, 100 steps" "the facts follow the change"
expect "  iterations=100" "the settings show the new value"
expect "      training steps per run (1 to 20000)" "each setting's help and range"
expect "Bad parameter: optimizer: 'rmsprop' is not one of sgd/momentum/adam (nothing changed)" "a refused value in the lab's words"
grep -q "100 steps" "$OUT" && ! grep -q " 50 steps" "$OUT" || fail "a refused change was applied"
grep -q "┤\|⠉\|⣀" "$OUT" && fail "a plot drawn in --plain"
expect "Lab for q6.a.step1: Batch norm and weight norm on a whitened batch, side by side (whitened)." "q6.a's own lab"
expect "Lab for q3.a.i: One configuration on a row: every window's taps (taps). Started on the lesson's parameters: no answer to q3.a.i yet." "q3.a.i before an answer"
expect "q3 · K=8, S=1, P=0, D=0 on a row of W = 64 pixels: output 57" "the lesson's parameters"
expect "Started from your last answer to q3.a.i (S=2, P=4): config=K=8, S=2, P=4, D=0." "the last answer"
expect "q3 · K=8, S=2, P=4, D=0 on a row of W = 64 pixels: output 33" "the lab on the last answer"
expect "q3 · K=8, S=2, P=4, D=0 on a row of W = 65 pixels: output 33" "input+ on a fresh lab: the answer again"
expect "Bad parameter: 'P+' is not NAME=VALUE, NAME+ or NAME- with NAME one of this lab's: input, config, seed (nothing changed)" "P is no setting of its own"
expect "Lab for q2.a: A layer stack: each layer's shape and parameter count (stack)." "q2's lab"
echo "ok - :lab through a pipe"

# A second run resumes at the first unfinished part, and :quit ends early.
printf '%s\n' ':quit' 'never read' | "$BIN" --plain --progress "$DB" > "$OUT" 2>&1 ||
	fail "status $? after :quit"
expect "== q1.full" "resumes at the first unfinished part (q1.full)"
reject "never read" "nothing after :quit is read"
echo "ok - :quit"

# Without --plain: stdout is a pipe, so the line mode is chosen.
printf '(1, 2, 5, 8, 6, 8)\n' | "$BIN" --progress "$DB" | cat > "$OUT" 2>&1
expect "Plain mode" "a pipe chooses the line mode"
expect "correct: (1, 2, 5, 8, 6, 8)" "and it answers"
expect "== q1.valid" "then moves on"
echo "ok - the line mode is automatic on a pipe"

# Bad lines: control characters, invalid UTF-8, 1 MB.
{ printf '8\001\n'; printf '\377\376\n'; head -c 1048576 /dev/zero | tr '\0' 1; echo; } |
	"$BIN" --plain --progress "$DB" > "$OUT" 2>&1 || fail "status $? on bad lines"
expect "control character 0x01" "a control character is refused"
expect "invalid UTF-8" "invalid UTF-8 is refused"
expect "answer too long" "a 1 MB line is refused"
echo "ok - bad lines are refused with a message"

# On a terminal (where the full screen would start; needs a pty: tmux),
# TERM=dumb chooses the line mode, and so does --plain after the command:
# the line mode's prompt "PART> " shows (a regular expression for grep -E).
on_a_terminal() {
	local command=$1 line=$2 sock=cnntutor-plain-$$ ok=0 sock_path
	tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 "$command; sleep 600"
	for _ in $(seq 200); do
		if tmux -L "$sock" capture-pane -p | grep -qxE -- "$line"; then ok=1; break; fi
		sleep 0.05
	done
	sock_path=$(tmux -L "$sock" display-message -p '#{socket_path}' 2>/dev/null)
	tmux -L "$sock" kill-server
	[ -n "$sock_path" ] && rm -f "$sock_path"
	[ $ok -eq 1 ]
}
if command -v tmux >/dev/null 2>&1; then
	on_a_terminal "TERM=dumb $BIN --progress '$DB'" "q[0-9a-z.]+>" ||
		fail "TERM=dumb did not choose the line mode"
	echo "ok - TERM=dumb chooses the line mode"
	on_a_terminal "$BIN tutor --plain --progress '$DB' q2.a" "q2\.a>" ||
		fail "tutor --plain (after the command) did not give the line mode"
	echo "ok - --plain after the command chooses the line mode"
fi

# A broken course: its file:line:col errors, status 2, nothing started.
mkdir -p "$WORK/broken"
printf 'title: "Broken"\n' > "$WORK/broken/course.yaml"
printf 'id: q1\ntitle: T\nparts:\n  - id: q1.a\n    titel: typo\n' > "$WORK/broken/q1.yaml"
"$BIN" --plain --course "$WORK/broken" --progress "$DB" < /dev/null > "$OUT" 2>&1
status=$?
[ $status -eq 2 ] || fail "a broken course exits $status, not 2"
grep -qE 'q1\.yaml:[0-9]+:[0-9]+:' "$OUT" || fail "no file:line:col in the error"
reject "Plain mode" "the tutor does not start on a broken course"
echo "ok - a broken course is reported with file:line:col, status 2"

# A corrupt database: moved aside with a notice, and the tutor still runs.
printf 'this is not a database' > "$WORK/corrupt.db"
printf '73728\n' | "$BIN" --plain --progress "$WORK/corrupt.db" tutor q2.a > "$OUT" 2>&1 ||
	fail "status $? on a corrupt database"
expect "note: " "the progress notice is shown"
expect "correct: 73728" "and the session works"
echo "ok - a corrupt database gives a notice, not a failure"

# Choice options in each student's own order (--student): the letter that
# student sees picks the option, the order is not the same for everyone,
# it is the same for one name every time, and a pasted option text is
# recognised whatever the order. The student is recorded in the export.
right='M ⊙ X with M an n×d matrix of independent Bernoulli(p) entries'
letters=""
for who in ana bo cy dee eve; do
	db=$WORK/student-$who.db
	"$BIN" --plain --progress "$db" --student "$who" tutor q4.a < /dev/null > "$OUT" 2>&1 ||
		fail "status $? showing q4.a to $who"
	expect "or paste the option" "the choices say a pasted option counts"
	letter=$(grep -F -- "$right" "$OUT" | sed -n 's|^  [0-9]*/\([a-z]\)) .*|\1|p')
	[ -n "$letter" ] || fail "the right option is not shown to $who"
	"$BIN" --plain --progress "$db" --student "$who" tutor q4.a < /dev/null > "$WORK/again" 2>&1
	cmp -s "$OUT" "$WORK/again" || fail "$who sees another order the second time"
	letters="$letters$letter"
	printf '%s\n' "$letter" |
		"$BIN" --plain --progress "$db" --student "$who" tutor q4.a > "$OUT" 2>&1
	expect "correct: $letter" "$who's letter $letter names the right option"
	"$BIN" --progress "$db" progress --format csv | grep -qF ",q4.a,$letter,correct,0,0,$who," ||
		fail "the export does not record $who's attempt"
done
[ "$(printf '%s' "$letters" | fold -w1 | sort -u | wc -l)" -gt 1 ] ||
	fail "every student sees the right option at the same letter ($letters)"
printf '%s\n' "X̃ = $right" |
	"$BIN" --plain --progress "$WORK/student-ana.db" --student ana tutor q4.a > "$OUT" 2>&1
expect "correct: X̃ = $right" "the pasted start of the option's text"
echo "ok - choice options in each student's order, by letter or by text ($letters)"

# Practice: a part answered correctly is taught again with other numbers
# (:practice); the right answer for those numbers is correct, the attempt
# records their variant, and the part's progress stays correct.
db=$WORK/practice.db
printf '%s\n' '(1, 2, 5, 8, 6, 8)' ':practice' |
	"$BIN" --plain --progress "$db" tutor q1.full > "$OUT" 2>&1 ||
	fail "status $? practising q1.full"
expect "Practice: q1.full again with other numbers (variant" "the practice announces its variant"
expect "(Practice: variant" "the lesson shows it is practice"
pvariant=$(sed -n 's/^(Practice: variant \([0-9]*\) of this part.*/\1/p' "$OUT" | tail -n 1)
answer=$(python3 - "$OUT" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
block = text[text.rindex("(Practice: variant"):] if "(Practice: variant" in text else text
lesson = text[:text.rindex("(Practice: variant")]
x = [float(v) for v in re.findall(r"^  x = \((.*)\)$", lesson, re.M)[-1].split(",")]
w = [float(v) for v in re.findall(r"^  w = \((.*)\)$", lesson, re.M)[-1].split(",")]
y = [sum(x[j] * w[i - j] for j in range(len(x)) if 0 <= i - j < len(w))
     for i in range(len(x) + len(w) - 1)]
print("(" + ", ".join("%g" % v for v in y) + ")")
PY
)
[ -n "$answer" ] || fail "the practice lesson's x and w could not be read"
printf '%s\n' '(1, 2, 5, 8, 6, 8)' ':practice' "$answer" |
	"$BIN" --plain --progress "$db" tutor q1.full > "$OUT" 2>&1
expect "correct: $answer" "the practice variant's own answer is right"
"$BIN" --progress "$db" progress --format csv | grep -F ",q1.full,\"$answer\",correct," |
	grep -qF ",$pvariant," ||
	fail "the practice attempt is not recorded with variant $pvariant"
"$BIN" --progress "$db" progress | grep -Eq '^q1.full +correct' ||
	fail "the part is not correct after practice"
printf '%s\n' ':practice' | "$BIN" --plain --progress "$WORK/fresh.db" tutor q1.valid > "$OUT" 2>&1
expect "Answer this part correctly first" "practice needs a right answer first"
echo "ok - :practice gives a part again with other numbers, recorded with their variant"

# A store the lab's students share: each student's tutor shows only their
# own progress (ana's right answer is not bob's).
shared=$WORK/shared.db
printf '%s\n' ':go q3.a.i' 'S=2, P=3' | "$BIN" --plain --progress "$shared" --variant 0 \
	--student ana > "$OUT" 2>&1
printf '%s\n' ':map' | "$BIN" --plain --progress "$shared" --variant 0 --student ana > "$OUT" 2>&1
ana_map=$(grep -F "q3.a.i" "$OUT" | head -n 1)
printf '%s\n' ':map' | "$BIN" --plain --progress "$shared" --variant 0 --student bob > "$OUT" 2>&1
bob_map=$(grep -F "q3.a.i" "$OUT" | head -n 1)
case "$ana_map" in *correct*) ;; *) fail "ana's right answer is not on her map: $ana_map" ;; esac
case "$bob_map" in *"not started"*) ;; *) fail "ana's answer shows on bob's map: $bob_map" ;; esac
echo "ok - a shared store: each student's own progress"

# The calculator through a pipe, with a part's givens.
printf '%s\n' '2^10' 'W0*2' '1 +' | "$BIN" calc q2.a > "$OUT" 2>&1 ||
	fail "calc status $?"
expect "1024" "calc evaluates"
expect "512" "calc knows the part's givens"
expect "Parse error" "calc shows engine errors"
echo "ok - calc through a pipe"
exit 0
