#!/usr/bin/env bash
# `cnntutor lab` as a user runs it through a pipe: the list, the text view
# (UTF-8 and ASCII), CSV headers and rows, --seed reproducibility, --svg
# writing well-formed XML, the labs the course declares (a question's, a
# part's own, a teacher's course with --course), and bad options with
# clear messages (exit 2).
set -u
bin=$1
failures=0
work=$(mktemp -d "${TMPDIR:-/tmp}/cli_lab.XXXXXX")
trap 'rm -rf "$work"' EXIT
export LC_ALL=C.UTF-8

# expect NAME WANT_STATUS WANT_STDOUT_SUBSTRING WANT_STDERR_SUBSTRING -- ARGS...
expect() {
	local name=$1 want_status=$2 want_out=$3 want_err=$4
	shift 5
	local out err status
	out=$("$bin" "$@" 2>"$work/err")
	status=$?
	err=$(cat "$work/err")
	if [ "$status" -ne "$want_status" ] ||
	   [[ "$out" != *"$want_out"* ]] || [[ "$err" != *"$want_err"* ]]; then
		printf 'FAIL %s: cnntutor %s\n  status %s (want %s)\n  stdout: %.600s\n  stderr: %s\n' \
			"$name" "$*" "$status" "$want_status" "$out" "$err"
		failures=$((failures + 1))
	fi
}

check() {   # check NAME CONDITION-STATUS MESSAGE
	if [ "$2" -ne 0 ]; then
		echo "FAIL $1: $3"
		failures=$((failures + 1))
	fi
}

fixtures=$(cd "$(dirname "$0")/../course/fixtures" && pwd)
mini=$(cd "$(dirname "$0")/../tutor/fixtures/mini" && pwd)

expect list 0 "  q6.a.step1 whitened    n=3  batch=8" "" -- lab
expect list-kinds 0 "  whitened    Batch norm and weight norm" "" -- lab
expect list-help 0 "  q3.a.i     taps        input=64  config=K=8, S=1, P=0, D=0  (config: your last answer" "" -- lab --help
expect q1-text 0 "valid = (5, 8)" "" -- lab q1
expect q1-own 0 "full  = (1, 3, 6, 5, 3)" "" -- lab q1 --x "1,2,3" --w 1,1,1
expect q1-assign 0 "full  = (1, 3, 6, 5, 3)" "" -- lab q1 x=1,2,3 w=1,1,1
expect q1-csv 0 $'shift,terms,sum,full,valid,same\n0,1*1,1,0,,\n1,1*0 + 2*1,2,1,,0' "" -- lab q1 --format csv
expect q2-text 0 "128x24x24" "" -- lab q2
expect q2-csv 0 "3,conv,4,1,1,0,64x25x25,128x24x24,73728,131072,128,exact,0" "" -- lab q2 --format csv
expect q2-own 0 "64x7x7" "" -- lab q2 --input 64x32x32 --layers "conv 64 K=8 S=4"
expect q3-part 0 "(no tap touches them): 0, 2, 61, 63" "" -- lab q3.a.ii --input 64 --config "K=2, S=2, P=3, D=6"
expect q3-csv 0 $'pixel,reads\n0,1\n1,1\n2,0\n3,1' "" -- lab taps --format csv
expect q3-table 0 $'window,start,pixels\n0,-2,pad 0' "" -- lab taps --table windows

# A question or part id runs the lab the lesson declares there; options
# change it; a lab kind's name runs its defaults.
expect q3-declared 0 "K=3, S=2, P=1, D=1 on a row of W = 16 pixels: output 7" "" -- lab q3
expect q3-part-declared 0 "K=8, S=1, P=0, D=0 on a row of W = 64 pixels: output 57" "" -- lab q3.a.i
expect q3-part-option 0 "K=8, S=2, P=3, D=0 on a row of W = 64 pixels: output 32" "" -- lab q3.a.i --config "K=8, S=2, P=3, D=0"
expect q3-part-help 0 "(1 to 512; default: 8; this lab: 64)" "" -- lab q3.a.i --help
expect q3c-question 0 "on a row of W = 16 pixels" "" -- lab q3.c
expect q6a-part 0 "whitened batch of 8" "" -- lab q6.a.step1
expect q6b-question 0 "re-simulation" "" -- lab q6.b --iterations 10
expect kind-defaults 0 "K=2, S=3, P=2, D=1 on a row of W = 8 pixels: output 4" "" -- lab taps
expect teacher-part 0 "K=2, S=1, P=0, D=0 on a row of W = 12 pixels: output 11" "" -- --course "$fixtures/good" lab t1.cfg
expect teacher-question 0 "x = (1, 2, 3) with w = (1, 1)" "" -- lab t1.num --course "$fixtures/good"
expect teacher-list 0 "  t1.cfg taps        input=12  config=K=2, S=1" "" -- --course "$fixtures/good" lab
expect no-lab-declared 2 "" "'q1' declares no lab in $mini" -- --course "$mini" lab q1
expect kind-without-course 0 "output 4" "" -- --course "$mini" lab taps
expect broken-course 2 "" "does not load" -- --course "$fixtures/bad_lab" lab t1.a
expect q4-csv 0 "samples,mc_mean,exact,std_error" "" -- lab q4 --format csv --p 0.8
expect q4-text 0 "keep probability p = 0.8" "" -- lab q4 --p=0.8
expect q5-csv 0 "class,geometric,weight_scaled,arithmetic" "" -- lab q5 --n 16 --format csv
expect q6-text 0 "re-simulation" "" -- lab q6
expect q6-csv 0 $'iteration,log10_lr,norm_u\n0,-4,' "" -- lab q6 --format csv
expect q6-adam 0 "Adam" "" -- lab q6 --optimizer adam --iterations 100
expect q6-noscale 0 "without its g/‖u‖ factor" "" -- lab q6 --no-scale --iterations 100
expect q6a 0 "batch_norm" "" -- lab q6.a
expect help 0 "--no-scale" "" -- lab q6 --help
expect help-range 0 "0.05 to 1" "" -- lab q4 --help

# Bad input: a message that names the problem, exit 2, nothing on stdout.
expect unknown-lab 2 "" "no lab for 'q9'" -- lab q9
expect unknown-option 2 "" "unknown option '--bogus'" -- lab q4 --bogus 3
expect out-of-range 2 "" "--p: 1.5 is out of range: p takes 0.05 to 1" -- lab q4 --p 1.5
expect not-a-number 2 "" "'abc' is not a number" -- lab q4 --p abc
expect missing-value 2 "" "--p needs a value" -- lab q4 --p
expect bad-format 2 "" "--format takes text or csv" -- lab q1 --format json
expect bad-seed 2 "" "--seed takes a whole number" -- lab q4 --seed -3
expect bad-choice 2 "" "'rmsprop' is not one of sgd/momentum/adam" -- lab q6 --optimizer rmsprop
expect bad-config 2 "" "K_eff <= W + 2P" -- lab q3 --config "K=13, S=2, P=2, D=1"
expect bad-padding 2 "" "P < K_eff" -- lab q3 --config "K=2, P=5"
expect bad-k 2 "" "K >= 1" -- lab q3 --config "K=0"
expect bad-syntax 2 "" "'X=3' (column 6) is not NAME=VALUE" -- lab q3 --config "K=2, X=3"
expect bad-layer 2 "" "layer 2 'relu'" -- lab q2 --layers "conv 8 K=3; relu"
expect stray-arg 2 "" "unexpected argument 'hello'" -- lab q1 hello
expect bad-table 2 "" "no table 'nope'" -- lab q4 --table nope
expect bad-width 2 "" "--width takes a whole number from 40" -- lab q6 --width 10
expect bad-svg-path 2 "" "cannot write $work/missing/x.svg" -- lab q6 --iterations 10 --svg "$work/missing/x.svg"

# Nothing on stdout for a refused run.
out=$("$bin" lab q4 --p 1.5 2>/dev/null)
check refused-run-prints-nothing $([ -z "$out" ]; echo $?) "stdout: $out"

# The same seed repeats every number; another seed changes them.
for lab in q4 q5 q6 q6.a; do
	a=$("$bin" lab $lab --format csv --seed 7)
	b=$("$bin" lab $lab --format csv --seed 7)
	c=$("$bin" lab $lab --format csv --seed 8)
	check "seed-$lab" $([ "$a" = "$b" ] && [ "$a" != "$c" ]; echo $?) \
		"same seed must repeat, another seed must differ"
done

# Braille plot in UTF-8; ASCII only with --ascii and under LC_ALL=C.
out=$("$bin" lab q6)
check braille $([[ "$out" == *⠉* || "$out" == *⣀* ]]; echo $?) "no braille in the q6 plot"
for how in "--ascii" ""; do
	if [ -n "$how" ]; then out=$("$bin" lab q6 $how); else out=$(LC_ALL=C "$bin" lab q6); fi
	check "ascii${how:- locale}" $(printf '%s' "$out" | LC_ALL=C grep -q '[^ -~]'; [ $? -ne 0 ]; echo $?) \
		"non-ASCII bytes in the ASCII view"
	check "ascii-curve${how:- locale}" $([[ "$out" == *"eta=10^-1"* ]]; echo $?) "no ASCII labels"
done

# --svg writes well-formed XML (python3 parses it), with one polyline per curve.
for lab in q1 q2 q3 q4 q5 q6 q6.a; do
	rm -f "$work/$lab.svg"
	"$bin" lab $lab --svg "$work/$lab.svg" >/dev/null
	check "svg-$lab-written" $([ -s "$work/$lab.svg" ]; echo $?) "no SVG file"
	python3 - "$work/$lab.svg" <<'PY' || { echo "FAIL svg-$lab: not well-formed"; failures=$((failures + 1)); }
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = {"s": "http://www.w3.org/2000/svg"}
assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
assert root.find("s:title", ns).text, "no title"
assert root.findall(".//s:polyline", ns), "no polyline"
assert len(root.findall(".//s:line", ns)) >= 4, "no axes and ticks"
PY
done
n=$(grep -c '<polyline' "$work/q6.svg")
check svg-q6-curves $([ "$n" -eq 5 ]; echo $?) "$n polylines for 5 curves"
check svg-q6-labels $(grep -q '>η=10^-1.5</text>' "$work/q6.svg"; echo $?) "no end label"
check svg-q6-title $(grep -q 're-simulated' "$work/q6.svg"; echo $?) "title does not say re-simulation"

[ "$failures" -eq 0 ] && echo "cli_lab: all cases pass"
exit $((failures > 0))
