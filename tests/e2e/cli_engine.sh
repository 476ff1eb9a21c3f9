#!/usr/bin/env bash
# `cnntutor eval` and `cnntutor equiv` as a user runs them: what they print,
# on which stream, and their exit statuses (0 / 1 / 2).
set -u
bin=$1
failures=0

# expect NAME WANT_STATUS WANT_STDOUT_SUBSTRING WANT_STDERR_SUBSTRING -- ARGS...
expect() {
	local name=$1 want_status=$2 want_out=$3 want_err=$4
	shift 5
	local out err status
	out=$("$bin" "$@" 2>/tmp/cli_engine_err.$$)
	status=$?
	err=$(cat /tmp/cli_engine_err.$$)
	if [ "$status" -ne "$want_status" ] ||
	   [[ "$out" != *"$want_out"* ]] || [[ "$err" != *"$want_err"* ]]; then
		printf 'FAIL %s: cnntutor %s\n  status %s (want %s)\n  stdout: %s\n  stderr: %s\n' \
			"$name" "$*" "$status" "$want_status" "$out" "$err"
		failures=$((failures + 1))
	fi
}

expect eval-number 0 "73728" "" -- eval "128*24*24"
expect eval-words-joined 0 "5" "" -- eval 2 + 3
expect eval-unicode 0 "(1, 2, 5, 8, 6, 8)" "" -- eval 'conv((1,2,3,4), (1,0,2), "full")'
# Outside a shape answer, × and x between whole numbers multiply (README).
expect eval-times 0 "73728" "" -- eval "128x24x24"
expect eval-times-sign 0 "15" "" -- eval "3 × 5"
# Infinity is never a value: an overflow is an error, exit 2.
expect eval-overflow 2 "" "overflows" -- eval "1e308*10"
expect equiv-overflow 1 "not equivalent" "" -- equiv 5 "10^400"
# Points where both sides overflow or underflow prove nothing.
out=$("$bin" equiv '(x-a)^5999' '(x-a)^6000' 2>&1)
case $out in equivalent*) printf 'FAIL equiv-huge-powers: %s\n' "$out"; failures=$((failures + 1)) ;; esac
expect eval-caret 2 "" "expected ')' to close '(' opened at column 3" -- eval "2*(3+"
expect eval-caret-line 2 "" "       ^" -- eval "2*(3+"
expect eval-dimension 2 "" "cannot add 3×1 and 1×3" -- eval "(1,2,3) + (1,2,3)'"
expect eval-did-you-mean 2 "" "did you mean 'sqrt'" -- eval "sqr(4)"
expect eval-no-argument 2 "" "Usage" -- eval

expect equiv-scalar 0 "equivalent" "" -- equiv "(W1-K+2P)/S+1" "(2P+W1-K+S)/S"
expect equiv-matrix 0 "equivalent" "" -- equiv "g/norm(u)*(I - u*u'/norm(u)^2)*v" \
	"g*(v - u*dot(u,v)/norm(u)^2)/norm(u)" --var 'u:vector(n)' --var 'v:vector(n)'
expect equiv-outer-vs-inner 1 "not equivalent" "" -- equiv "I - u*u'/norm(u)^2" \
	"I - u'*u/norm(u)^2" --var 'u:vector(n)'
expect equiv-counterexample 1 "u = (" "" -- equiv "norm(u)" "sum(u)" --var 'u:vector(n)'
expect equiv-factor 0 "equivalent" "" -- equiv "x^2" "3x^2" --mode factor
expect equiv-factor-negative 1 "not equivalent" "" -- equiv "x^2" "-x^2" --mode factor
expect equiv-additive 0 "equivalent" "" -- equiv "x^2" "x^2 + 5" --mode additive
expect equiv-domain 0 "equivalent" "" -- equiv "sqrt(p^2)" "p" --var p:scalar:positive
expect equiv-malformed 2 "" "Parse error" -- equiv "x +" "x"
expect equiv-bad-shape 2 "" "bad shape" -- equiv "u" "u" --var 'u:tensor(n)'
expect equiv-bad-domain 2 "" "unknown domain" -- equiv "u" "u" --var 'u:scalar:complex'
expect equiv-one-side 2 "" "Usage" -- equiv "x"

# A --var of 256 bytes or more: taken when it is right, else its fault is
# named (it used to exit 2 saying nothing).
long=$(printf 'a%.0s' $(seq 300))
spaces=$(printf ' %.0s' $(seq 300))
expect equiv-long-var 0 "equivalent" "" -- equiv "norm(u)" "sqrt(dot(u, u))" \
	--var "u:vector(${spaces}n${spaces})"
expect equiv-long-var-no-shape 2 "" "expected NAME:SHAPE" -- equiv "x" "x" --var "$long"
expect equiv-long-var-dim 2 "" "bad shape" -- equiv "u" "u" --var "u:vector($long)"
expect equiv-long-var-domain 2 "" "unknown domain '$long'" -- equiv "x" "x" --var "x:scalar:$long"

# More free names than the CLI used to collect (64): every one is declared,
# so none is reported unknown by the CLI's own parse.
many=$(for i in $(seq 0 69); do printf 'v%d+' "$i"; done)
many=${many%+}
out=$("$bin" equiv "$many" "$many" 2>&1)
status=$?
if [ "$status" -eq 2 ] || [[ "$out" == *"unknown name"* ]]; then
	printf 'FAIL equiv-70-names: status %s\n  %s\n' "$status" "$out"
	failures=$((failures + 1))
fi

# The same seed gives the same counterexample; another seed another one.
a=$("$bin" equiv "x^2 + y" "x^2 + y^2" --seed 7)
b=$("$bin" equiv "x^2 + y" "x^2 + y^2" --seed 7)
c=$("$bin" equiv "x^2 + y" "x^2 + y^2" --seed 8)
if [ "$a" != "$b" ] || [ "$a" = "$c" ]; then
	echo "FAIL equiv-seeded: same seed must repeat, another seed must differ"
	printf '  %s\n  %s\n  %s\n' "$a" "$b" "$c"
	failures=$((failures + 1))
fi

rm -f /tmp/cli_engine_err.$$
[ "$failures" -eq 0 ] && echo "cli_engine: all cases pass"
exit $((failures > 0))
