#!/usr/bin/env python3
"""Run a command in the foreground of this terminal and print how it ended:
"cnntutor-exited-N" for an exit status, "cnntutor-killed-by-NAME" (SIGQUIT,
SIGSEGV ...) when a signal ended it. A shell's $? cannot tell the two apart
(128 + N either way). Ctrl-C and Ctrl-\\ reach the command with their
default actions; this wrapper ignores them while it waits.

Usage: wait_status.py COMMAND [ARG]...
"""
import signal
import subprocess
import sys

KEYBOARD = (signal.SIGINT, signal.SIGQUIT)


def restore():
    for sig in KEYBOARD:
        signal.signal(sig, signal.SIG_DFL)


def main():
    for sig in KEYBOARD:
        signal.signal(sig, signal.SIG_IGN)
    status = subprocess.call(sys.argv[1:], preexec_fn=restore)
    if status < 0:
        print(f"cnntutor-killed-by-{signal.Signals(-status).name}")
    else:
        print(f"cnntutor-exited-{status}")


if __name__ == "__main__":
    main()
