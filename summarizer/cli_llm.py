"""CLI pieces of the LLM engine: ``summarizer serve-local`` and the plan notice on stderr.

Heavy imports (llama_cpp) happen inside the command, so ``summarizer --help`` stays fast.
"""

from __future__ import annotations

import importlib.util
import logging
import subprocess
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from summarizer.cli_util import fail
from summarizer.extras import install_hint
from summarizer.render.safety import terminal_text


class _ConsoleHandler(logging.Handler):
    def __init__(self, console: Console) -> None:
        super().__init__(logging.INFO)
        self.console = console

    def emit(self, record: logging.LogRecord) -> None:
        self.console.print(f"[dim]{escape(terminal_text(record.getMessage()))}[/]", markup=True, soft_wrap=True)


def show_llm_notes(console: Console) -> None:
    """Print the LLM engine's notices (its plan: calls, estimated tokens, cost) on ``console``."""
    logger = logging.getLogger("summarizer.llm")
    if not any(isinstance(h, _ConsoleHandler) for h in logger.handlers):
        logger.addHandler(_ConsoleHandler(console))
    logger.setLevel(logging.INFO)


@click.command("serve-local")
@click.argument("model_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=int, default=8080, show_default=True)
@click.option("--n-ctx", type=int, default=8192, show_default=True, help="Context window in tokens.")
@click.option("--threads", type=int, default=None, help="CPU threads (default: llama.cpp's choice).")
@click.option("--chat-format", default=None, help="llama.cpp chat format (default: from the GGUF).")
def serve_local_command(
    model_path: Path, host: str, port: int, n_ctx: int, threads: int | None, chat_format: str | None
) -> None:
    """Serve MODEL_PATH (a .gguf file) on an OpenAI-compatible API with llama-cpp-python.

    \b
    Then, in another terminal:
      summarizer brief ARTICLES --engine llm --base-url http://HOST:PORT/v1 --model local
    Needs the [local] extra: pip install 'cited-briefing[local]' (see docs/llm.md for build flags).
    """
    if not model_path.is_file():
        fail(f"{model_path}: no such model file")
    if model_path.suffix.lower() != ".gguf":
        fail(f"{model_path}: not a .gguf model file")
    if importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("uvicorn") is None:
        fail(f"llama-cpp-python[server] is not installed: {install_hint('local')} (see docs/llm.md)")
    cmd = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(model_path),
        "--host", host, "--port", str(port), "--n_ctx", str(n_ctx), "--model_alias", "local",
    ]
    if threads:
        cmd += ["--n_threads", str(threads)]
    if chat_format:
        cmd += ["--chat_format", chat_format]
    click.echo(f"serving {model_path.name} at http://{host}:{port}/v1 as model 'local' (Ctrl-C stops)", err=True)
    try:
        code = subprocess.call(cmd)
    except KeyboardInterrupt:
        code = 0
    sys.exit(code)
