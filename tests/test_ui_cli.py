"""`summarizer ui`: the command is registered and really brings the server up on localhost."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import cli
from summarizer.cli_ui import APP_PATH, streamlit_command


def test_ui_command_is_listed_with_its_options() -> None:
    result = CliRunner().invoke(cli, ["ui", "--help"])
    assert result.exit_code == 0
    assert "--port" in result.output and "--address" in result.output


def test_streamlit_command_is_headless_on_the_app() -> None:
    cmd = streamlit_command(APP_PATH, 9999, "127.0.0.1", browser=False)
    assert APP_PATH.is_file() and str(APP_PATH) in cmd
    assert cmd[cmd.index("--server.headless") + 1] == "true"
    assert cmd[cmd.index("--server.port") + 1] == "9999"
    assert cmd[cmd.index("--browser.gatherUsageStats") + 1] == "false"


def test_summarizer_ui_serves_the_app() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).with_name("summarizer")
    proc = subprocess.Popen([str(exe), "ui", "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        body = b""
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    body = r.read().strip()
                    break
            except OSError:
                time.sleep(0.3)
        assert body == b"ok"
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    with pytest.raises(OSError):  # SIGTERM really stopped the server: nothing answers on the port
        urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
