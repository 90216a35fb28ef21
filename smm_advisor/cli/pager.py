"""Long output for people through a pager, as git and gh do: only on a terminal, only when it does not fit.

The pager is $SMM_ADVISOR_PAGER, else $PAGER, else `less`; an empty value or `cat` means none.
`less` gets LESS=FRX unless LESS is set: quit if the text fits one screen, pass colours and links
through, leave the text on the screen after quitting. Machine formats are never paged.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Mapping

from smm_advisor.cli.app import write

PAGED_FORMATS = ("table",)
DEFAULT_PAGER = "less"
LESS_DEFAULTS = {"LESS": "FRX", "LV": "-c"}


def pager_command(
    text: str, output_format: str, *, no_pager: bool, is_tty: bool, height: int, environ: Mapping[str, str]
) -> str | None:
    """The pager to run for `text`, or None to write it as it is."""
    if no_pager or not is_tty or output_format not in PAGED_FORMATS:
        return None
    if text.count("\n") < height:  # fits the screen (with a line left for the prompt)
        return None
    for variable in ("SMM_ADVISOR_PAGER", "PAGER"):
        if variable in environ:
            command = environ[variable].strip()
            return None if command in ("", "cat") else command
    return DEFAULT_PAGER


def show(text: str, output_format: str, no_pager: bool) -> None:
    """Write `text` to stdout, through the pager when pager_command() says so."""
    import shutil

    command = pager_command(
        text,
        output_format,
        no_pager=no_pager,
        is_tty=sys.stdout.isatty(),
        height=shutil.get_terminal_size((80, 24)).lines,
        environ=os.environ,
    )
    if command is None or not run_pager(command, text):
        write(text)


def run_pager(command: str, text: str) -> bool:
    """Feed `text` to the pager and wait for it; False if it cannot be started (then the caller writes)."""
    try:
        argv = shlex.split(command, posix=os.name != "nt")
    except ValueError:
        return False
    env = {**LESS_DEFAULTS, **os.environ}
    try:
        pager = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert pager.stdin is not None
    try:
        pager.stdin.write(text.encode(sys.stdout.encoding or "utf-8", errors="replace"))
        pager.stdin.close()
    except (BrokenPipeError, OSError):  # the reader quit before the end: nothing more to show
        pass
    while True:
        try:
            pager.wait()
            return True
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager (less stops a search with it)
            continue
