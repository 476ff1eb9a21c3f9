#!/bin/bash
# The bash completion offers the global options after the command too
# (they work there), and part ids for tutor and calc, from the course the
# command line names wherever --course stands. The real cnntutor lists
# the parts.
# Usage: completion.sh path/to/cnntutor
set -u
bin=$1
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
mini=$here/../tutor/fixtures/mini
source "$here/../../data/cnntutor.bash-completion" || exit 1
failed=0

expect() {
	local want=$1
	shift
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_cnntutor
	local got="${COMPREPLY[*]}"
	if [[ $got != "$want" ]]; then
		failed=$((failed + 1))
		echo "FAIL: '$*' completed to '$got', expected '$want'"
	fi
}

expect "--progress" "$bin" progress --pro
expect "--format --course --progress --plain" "$bin" check --
expect "--course" "$bin" list --c
expect "--plain" "$bin" tutor --pl
expect "q1.a q1.b q1.c" "$bin" tutor --course "$mini" q1
expect "q1.b" "$bin" calc --course "$mini" q1.b
expect "q1.c" "$bin" show --course "$mini" q1.c
expect "--var --mode --seed" "$bin" equiv x y --
[ "$failed" -eq 0 ] && echo "completion: all cases pass"
exit $((failed > 0))
