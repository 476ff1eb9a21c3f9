#!/usr/bin/env python3
"""Every JSON document cnntutor prints, parsed: check, grade and report
with --format json, fed answers, ids, student names, file names and export
fields holding escape sequences, other C0 controls, DEL, C1 controls, NUL
bytes and bytes that are not UTF-8. Each output must decode as strict
UTF-8, load with Python's json module, hold no raw control character
(valid JSON allows DEL and C1 raw; a terminal showing them obeys them),
and give back the text it was fed, with U+FFFD for each byte that is not
UTF-8. stderr must be safe on a terminal too.

Usage: json_outputs.py CNNTUTOR COURSE_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

failures = 0
documents = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL:", msg)


def unsafe(text):
    return [c for c in text if (c < " " and c != "\n") or "\x7f" <= c <= "\x9f"]


def run_json(what, args, **kw):
    """Run cnntutor ARGS; the parsed JSON of its stdout, or None."""
    global documents
    r = subprocess.run(args, capture_output=True, timeout=120,
                       env=dict(os.environ, LC_ALL="C.UTF-8"), **kw)
    try:
        out, err = r.stdout.decode("utf-8"), r.stderr.decode("utf-8")
    except UnicodeDecodeError as e:
        fail("%s: output is not UTF-8: %s" % (what, e))
        return None
    for name, text in (("stdout", out), ("stderr", err)):
        if unsafe(text):
            fail("%s: raw control character U+%04X in %s" % (what, ord(unsafe(text)[0]), name))
    try:
        doc = json.loads(out)
    except ValueError as e:
        fail("%s: not JSON (%s): %.300s" % (what, e, out))
        return None
    documents += 1
    return doc


def as_read(b):
    """What a field read from bytes b must be in the JSON: invalid UTF-8 as U+FFFD."""
    return b.decode("utf-8", errors="replace")


HOSTILE = [
    b"\x1b]0;pwned\x07",            # an OSC title sequence
    b"\x1b[2J\x1b[H",               # clear the screen
    b"2\xc2\x9b31m4",               # a C1 CSI
    b"\x7f\x01\x1f\x08",            # DEL and C0
    b"24\xff\xfe",                  # not UTF-8
    b"\xc0\xaf",                    # overlong
    b"\xed\xa0\x80x",               # a surrogate
    "λ = (1-p)/p ‖u‖".encode(),     # fine Unicode, kept as it is
]


def main():
    exe, course = sys.argv[1], sys.argv[2]
    base = [exe, "--course", course]
    with tempfile.TemporaryDirectory() as tmp:
        # ---- check ------------------------------------------------------
        lines = [b"# student: \x1b[31mMallory\xff"]
        for i, h in enumerate(HOSTILE):
            lines.append(b"q2.a: " + h)
            lines.append(b"q" + h + b": 1")
        lines.append(b"q2.b: 24\x00 + 1")          # a NUL byte: refused
        lines.append(b"junk \x1b[31m\xff")         # no colon
        sheet = os.path.join(tmp, "hostile.txt")
        open(sheet, "wb").write(b"\n".join(lines) + b"\n")
        for partial in ([], ["--partial"]):
            doc = run_json("check %s" % partial, base + ["check", "--format", "json", *partial, sheet])
            if doc is None:
                continue
            answers = [e["answer"] for e in doc if e["id"] == "q2.a"]
            want = [as_read(h) for h in HOSTILE]
            if answers != want:
                fail("check: answers %r, want %r" % (answers, want))
            ids = [e["id"] for e in doc if e["verdict"] == "unknown"]
            if ids != [as_read(b"q" + h) for h in HOSTILE]:
                fail("check: ids %r" % ids)
            if not any(e["answer"] == "24\x00 + 1" for e in doc):
                fail("check: the NUL line's answer is not given back")
            if partial and any(e["verdict"] == "missing" for e in doc):
                fail("check --partial lists missing ids")
            if not partial and sum(e["verdict"] == "missing" for e in doc) != 17:
                fail("check: %d missing ids, want 17" % sum(e["verdict"] == "missing" for e in doc))
        doc = run_json("check stdin", base + ["check", "--format", "json", "-"],
                       input=b"\xff\xfe" + "q2.a: \x1b73728\n".encode("utf-16-le"))
        if doc is not None and doc[0]["answer"] != "\x1b73728":
            fail("check: a UTF-16 sheet's answer is %r" % doc[0]["answer"])

        # ---- grade --------------------------------------------------------
        folder = os.path.join(tmp, "class")
        os.mkdir(folder)
        open(os.path.join(folder, "a.txt"), "wb").write(b"\n".join(lines) + b"\n")
        # a student named by a file name of bytes that are not all text
        evil = b"\x1b]0;x\x07b\xff.txt"
        open(os.path.join(folder.encode(), evil), "wb").write(b"q2.a: 73728\nq2.b: \x1b[1m\n")
        doc = run_json("grade", base + ["grade", "--format", "json", folder])
        if doc is not None:
            names = [r["student"] for r in doc["gradebook"]]
            # in the order of the file names' bytes: ESC before 'a'
            if names != [as_read(evil[:-4]), as_read(b"\x1b[31mMallory\xff")]:
                fail("grade: students %r" % names)
            q2a = [p for p in doc["report"] if p["id"] == "q2.a"][0]
            written = {g["answer"] for g in q2a["wrong"]}
            if not written <= {as_read(h) for h in HOSTILE}:
                fail("grade: the report's answers %r" % written)
            if not all(isinstance(g["feedback"], str) for p in doc["report"] for g in p["wrong"]):
                fail("grade: a group's feedback is not a string")

        # ---- report --------------------------------------------------------
        export = os.path.join(tmp, "e.csv")
        rows = [b"time,course,part,answer,verdict,hints_shown,steps_shown,student,variant,interpreted"]
        for h in HOSTILE:
            field = b'"' + h.replace(b'"', b'""') + b'"'
            rows.append(b"2024-01-01T00:00:00Z,ift6135-a2,q2.a," + field + b",incorrect,1,0," +
                        field + b",0,")
        rows.append(b"2024-01-01T00:00:00Z,ift6135-a2,q\x1b[2J\xff,1,incorrect,0,0,z,0,")
        open(export, "wb").write(b"\r\n".join(rows) + b"\r\n")
        doc = run_json("report", base + ["report", "--format", "json", export])
        if doc is not None:
            if doc["students"] != [as_read(h) for h in HOSTILE] + ["z"]:
                fail("report: students %r" % doc["students"])
            if doc["parts"][-1]["id"] != as_read(b"q\x1b[2J\xff"):
                fail("report: the last part is %r" % doc["parts"][-1]["id"])
    print("JSON outputs: %d documents parsed, %s" % (documents,
                                                     "ok" if not failures else "%d failures" % failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
