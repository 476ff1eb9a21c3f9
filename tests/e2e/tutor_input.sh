#!/bin/bash
# Hostile input on the answer line: a 1 MB paste, control characters and
# invalid UTF-8 give a message and leave a working, ungarbled screen.
set -u
. "$(dirname "$0")/lib.sh" "$1"

start tutor q2.a
wait_for "Size of the last layer's output" "tutor q2.a opens the part itself"
wait_for "answer>" "with the answer line"

# 1 MB of digits, pasted as a terminal paste (bracketed: tmux -p).
head -c 1048576 /dev/zero | tr '\0' '7' > "$WORK/big"
t load-buffer -b big "$WORK/big"
t paste-buffer -p -b big -t e2e
wait_for "The line is full" "a 1 MB paste is cut at the engine's limit"
wait_for "answer> 7777" "what fits stays on the line"
keys Enter
wait_for "invalid: 7777" "the cut line is still judged (too long a number)"
keys C-u
type_text "73728"
keys Enter
wait_for "✓ correct: 73728" "the tutor still works after the paste"
screen | head -n 1 | grep -qF "q2.a" || fail "the title bar is gone"
pass "1 MB paste"

# Control characters and an escape sequence inside a paste stay out.
printf '12\001\033[31m34\n5' > "$WORK/ctl"
t load-buffer -b ctl "$WORK/ctl"
t paste-buffer -p -b ctl -t e2e
wait_for "left out of the paste" "pasted control characters get a message"
wait_for "answer> 12[31m345" "the printable rest is kept as text"
keys C-u
pass "control characters in a paste"

# Invalid UTF-8 typed (not pasted) gives no crash and the screen recovers.
printf 'ab\377\376cd' > "$WORK/bad"
t load-buffer -b bad "$WORK/bad"
t paste-buffer -b bad -t e2e
keys Enter
wait_for "invalid" "the line is judged or refused, not crashed on"
keys C-u
type_text "128*24*24"
keys Enter
wait_for "✓ correct: 128*24*24" "still working"
pass "invalid UTF-8"

# UTF-8 typed and edited: the cursor moves by characters, not bytes.
keys C-u
type_text "128×24×2"
keys Left BSpace
type_text "*"
keys End
type_text "4"
wait_for "answer> 128×24*24" "Backspace removed the two-byte ×"
keys Enter
wait_for "✓ correct: 128×24*24" "a UTF-8 answer"
pass "UTF-8 on the answer line"

keys F10
wait_for "course map" "back to the map"
keys q
wait_for "cnntutor-exited-0" "clean exit"
exit 0
