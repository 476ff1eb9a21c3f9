#!/bin/bash
# The bash completion script: completes what it should, with a stand-in
# cnntutor whose `list` prints two parts (and records the --course it got).
# Usage: test_completion.sh PATH/TO/cnntutor.bash-completion
set -u
source "$1" || exit 1

cnntutor()
{
    printf '%s\n' "$*" >"$tmp/args"
    printf 'q1.a   Output size of a convolution\nq2.b   Parameters\n'
}

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/sheets" && touch "$tmp/sheets/answers.txt"

passed=0 failed=0
# expect "EXPECTED REPLY" WORD...: complete the last word of the line.
expect()
{
    local want=$1
    shift
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _cnntutor
    local got="${COMPREPLY[*]}"
    if [[ $got == "$want" ]]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: '$*' completed to '$got', expected '$want'"
    fi
}

expect "progress" cnntutor pro
expect "show sheet" cnntutor --plain sh
expect "show" cnntutor --plain sho
expect "--course" cnntutor --cou
expect "q1.a q2.b" cnntutor show ""
expect "q2.b" cnntutor --course "$tmp" show q2
[[ $(cat "$tmp/args") == "--course $tmp list" ]] ||
    { failed=$((failed + 1)); echo "FAIL: list ran with '$(cat "$tmp/args")'"; }
expect "text csv" cnntutor progress --format ""
expect "json" cnntutor check --format j
expect "$tmp/sheets/answers.txt" cnntutor check "$tmp/sheets/a"
expect "$tmp/sheets" cnntutor --course "$tmp/she"
expect "" cnntutor eval ""
expect "grade" cnntutor gra
expect "report" cnntutor rep
expect "text csv json" cnntutor grade --format ""
expect "text json" cnntutor report --format ""
expect "--partial" cnntutor check --pa
expect "$tmp/sheets" cnntutor grade "$tmp/she"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
