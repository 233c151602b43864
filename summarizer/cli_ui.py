"""`summarizer ui`: start the Streamlit web UI (ui/app.py) on localhost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from summarizer.errors import ConfigError
from summarizer.extras import install_hint, require

# ``ui`` is packaged next to ``summarizer`` (a source checkout and a wheel alike)
APP_PATH = Path(__file__).resolve().parent.parent / "ui" / "app.py"


def streamlit_command(app: Path, port: int, address: str, browser: bool) -> list[str]:
    """The `streamlit run` command line for ``app`` (headless unless a browser should open)."""
    return [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.port", str(port),
        "--server.address", address,
        "--server.headless", "false" if browser else "true",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--client.toolbarMode", "viewer",
    ]


@click.command("ui")
@click.option("--port", type=int, default=8501, show_default=True, help="Port to serve on.")
@click.option("--address", default="127.0.0.1", show_default=True,
              help="Interface to bind (0.0.0.0 to expose it on the network).")
@click.option("--open/--no-open", "browser", default=False, help="Open a browser tab.")
def ui_command(port: int, address: str, browser: bool) -> None:
    """Start the web UI: add articles, run, and check every citation in context."""
    try:
        require("streamlit", "ui", "the web UI")
    except ConfigError as e:
        raise click.ClickException(str(e)) from None
    if not APP_PATH.is_file():
        raise click.ClickException(f"web UI not found at {APP_PATH}: reinstall with {install_hint('ui')}")
    click.echo(f"summarizer web UI on http://{address}:{port}  (Ctrl+C to stop)", err=True)
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    cmd = streamlit_command(APP_PATH, port, address, browser)
    if os.name == "posix":  # become the server, so signals (Ctrl+C, SIGTERM) reach it directly
        os.execve(cmd[0], cmd, env)
    try:
        code = subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)
