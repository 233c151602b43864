"""Optional dependencies, checked where they are used, with a one-line install message.

The core install (``pip install cited-briefing``) is the library and the CLI:
extractive and LLM engines, every output format. Extras: ``[ui]`` (Streamlit
web UI), ``[eval]`` (sumy, rouge-score for ``summarizer eval``), ``[local]``
(llama-cpp-python server for ``summarizer serve-local``), ``[dev]``, ``[bench]``.
"""

from __future__ import annotations

import importlib.util

from summarizer.errors import ConfigError

DISTRIBUTION = "cited-briefing"


def install_hint(extra: str) -> str:
    """The pip command that installs ``extra``: from the package index, or from a checkout (a source
    tree has a pyproject.toml beside the package)."""
    from pathlib import Path

    index = f"pip install '{DISTRIBUTION}[{extra}]'"
    root = Path(__file__).resolve().parents[1]
    if (root / "pyproject.toml").is_file():
        return f"{index} (from this checkout: pip install -e '{root}[{extra}]')"
    return index


def require(modules: str | tuple[str, ...], extra: str, feature: str) -> None:
    """Raise ConfigError naming the extra to install when any of ``modules`` cannot be imported."""
    names = (modules,) if isinstance(modules, str) else modules
    missing = [m for m in names if importlib.util.find_spec(m) is None]
    if missing:
        raise ConfigError(f"{feature} needs {', '.join(missing)} (the [{extra}] extra): {install_hint(extra)}")
