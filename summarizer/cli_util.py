"""What every CLI module shares: the stderr console, one-line messages and the one-line failure exit.

Every message line goes through :func:`~summarizer.render.safety.terminal_text`:
file names, titles and outlets come from inputs, and an escape sequence or a
line break in them must not reach the terminal (shown escaped instead).
"""

from __future__ import annotations

import sys

from rich.console import Console
from rich.markup import escape

from summarizer.render.safety import terminal_document, terminal_text

err_console = Console(stderr=True, highlight=False)


INTERRUPTED = "interrupted, resume by re-running the same command (finished LLM calls are cached)"


def say(prefix: str, message: str) -> None:
    """One line on stderr: ``prefix`` (rich markup) then ``message`` with every control character escaped."""
    err_console.print(f"{prefix}{escape(terminal_text(message))}", markup=True, soft_wrap=True)


def write_stdout(text: str) -> None:
    """Write a rendered document to stdout; on a terminal, control characters are shown escaped."""
    sys.stdout.write(terminal_document(text) if sys.stdout.isatty() else text)


def fail(message: str, code: int = 1) -> None:
    """Print one error line and exit."""
    say("[bold red]error:[/] ", message)
    sys.exit(code)
