"""What every CLI module shares: the stderr console and the one-line failure exit."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.markup import escape

err_console = Console(stderr=True, highlight=False)


def fail(message: str, code: int = 1) -> None:
    """Print one error line and exit."""
    err_console.print(f"[bold red]error:[/] {escape(message)}", markup=True, soft_wrap=True)
    sys.exit(code)
