#!/usr/bin/env python3
"""Raw bytes on the tutor's terminal, below what tmux would pass through:
invalid UTF-8 and a 1 MB unbracketed paste typed straight into the pty.
Each gives a message on the screen, the characters around them survive,
and the tutor still quits cleanly with status 0.

Usage: raw_input.py path/to/cnntutor
"""
import os
import pty
import select
import sys
import tempfile
import time

TIMEOUT = 20.0


def main():
    binary = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="cnntutor-raw.")
    db = os.path.join(work, "progress.db")
    pid, fd = pty.fork()
    if pid == 0:
        env = dict(os.environ, TERM="xterm", LANG="C.UTF-8", LC_ALL="C.UTF-8",
                   HOME=work, XDG_STATE_HOME=work)
        env.pop("NO_COLOR", None)
        os.execve(binary, [binary, "--progress", db, "tutor", "q2.a"], env)

    seen = bytearray()

    def pump(data=b"", wait=0.0):
        """Write data while reading the screen, then read for wait s."""
        end = time.time() + wait
        while data or time.time() < end:
            w = [fd] if data else []
            r, w, _ = select.select([fd], w, [], 0.05)
            if r:
                try:
                    seen.extend(os.read(fd, 1 << 16))
                except OSError:
                    return
            if w:
                n = os.write(fd, data[:4096])
                data = data[n:]

    def expect(text, why):
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            if text.encode() in seen:
                return
            pump(wait=0.05)
        tail = bytes(seen[-600:])
        sys.exit(f"FAIL: never saw {text!r} ({why}); last output: {tail!r}")

    def mark():
        seen.clear()

    try:
        expect("answer>", "tutor q2.a opens the part itself")

        mark()
        pump(b"ab\xff\xfecd")
        expect("not valid UTF-8", "invalid bytes give a message")
        expect("cd", "the characters after them are kept")
        print("ok - invalid UTF-8 typed on the answer line")

        mark()
        pump(b"\x15")  # Ctrl-U
        pump(b"7" * (1 << 20), wait=0.2)
        expect("The line is full", "a 1 MB unbracketed paste is cut")
        print("ok - 1 MB typed into the answer line")

        mark()
        pump(b"\x15" + b"73728\r")
        expect("correct: 73728", "the tutor still judges answers")
        print("ok - still working")

        pump(b"\x1b[21~", wait=0.3)  # F10: the map
        pump(b"q")
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            pump(wait=0.05)
        else:
            os.kill(pid, 9)
            sys.exit("FAIL: q did not quit")
        if status != 0:
            sys.exit(f"FAIL: exit status {status:#x}")
        print("ok - quit with status 0")
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        for name in os.listdir(work):
            os.unlink(os.path.join(work, name))
        os.rmdir(work)


if __name__ == "__main__":
    main()
