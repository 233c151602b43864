"""Packaging: the wheel's package list, extras and prompts; a slow end-to-end wheel install."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
import venv
from pathlib import Path

import pytest
import tomllib

from summarizer.errors import ConfigError
from summarizer.extras import DISTRIBUTION, require

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_folder_is_listed() -> None:
    """The package list is explicit (prompts are mapped in): a new subpackage must be added to it."""
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for base in ("summarizer", "ui")
             for p in (ROOT / base).rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    assert PYPROJECT["tool"]["setuptools"]["package-dir"]["summarizer.prompts"] == "prompts"
    assert not (ROOT / "summarizer" / "llm" / "templates").exists(), "prompts ship without a symlink"


def test_core_install_leaves_heavy_extras_out() -> None:
    project = PYPROJECT["project"]
    assert project["name"] == DISTRIBUTION != "summarizer"
    core = " ".join(project["dependencies"]).lower()
    for heavy in ("streamlit", "sumy", "rouge", "llama", "ray"):
        assert heavy not in core
    assert "scipy" in core
    extras = project["optional-dependencies"]
    assert {"ui", "eval", "local", "dev", "bench", "scale"} <= set(extras)
    assert any("[ui,eval]" in d for d in extras["dev"]), "the tests need the ui and eval extras"


def test_missing_optional_dependency_names_the_extra() -> None:
    with pytest.raises(ConfigError, match=r"\[ui\] extra\): pip install 'cited-briefing\[ui\]'"):
        require("no_such_module_for_this_test", "ui", "the web UI")


def test_prompts_are_read_from_the_package_copy_or_the_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.llm import prompts

    monkeypatch.delenv("SUMMARIZER_PROMPTS_DIR", raising=False)
    assert prompts.prompt_dirs() == [ROOT / "prompts"]  # a source checkout reads its own prompts/
    monkeypatch.setenv("SUMMARIZER_PROMPTS_DIR", str(tmp_path))
    assert prompts.prompt_dirs()[0] == tmp_path


@pytest.mark.slow
def test_wheel_installs_in_a_fresh_venv_and_briefs_the_examples(tmp_path: Path) -> None:
    """Build a wheel, install it (no streamlit) in a fresh venv, run `summarizer brief`.

    Installs the dependencies from the package registry (pinned by constraints.txt),
    so it needs network access to the index and takes minutes.
    """
    # build from a copy, so no build/ or *.egg-info lands in the checkout (and none is importable)
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", "out"))
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "SUMMARIZER_PROMPTS_DIR"}}
    dist = tmp_path / "dist"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "-w", str(dist), str(src)], capture_output=True, text=True, timeout=600, env=env)
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next(dist.glob("cited_briefing-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    pip = [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-c", str(ROOT / "constraints.txt")]
    done = subprocess.run([*pip, str(wheel)], capture_output=True, text=True, timeout=1800, env=env)
    if done.returncode != 0 and "No matching distribution" in done.stderr + done.stdout:
        pytest.skip("the package index cannot be reached")
    assert done.returncode == 0, done.stderr[-2000:]
    exe = env_dir / "bin" / "summarizer"
    run = subprocess.run([str(exe), "brief", str(ROOT / "examples" / "articles"), "-q", "-f", "json",
                          "--engine", "extractive"], capture_output=True, text=True, timeout=600, env=env,
                         cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert '"key_points"' in run.stdout
    check = subprocess.run([str(py), "-c", "import importlib.util as u, summarizer.llm.prompts as p; "
                            "assert u.find_spec('streamlit') is None; p.load_prompt('brief_points'); "
                            "print(p.prompt_dirs()[0])"], capture_output=True, text=True, timeout=120,
                           env=env, cwd=tmp_path)
    assert check.returncode == 0, check.stderr[-2000:]
    assert "site-packages/summarizer/prompts" in check.stdout
    ui = subprocess.run([str(exe), "ui", "--port", "1"], capture_output=True, text=True, timeout=120, env=env)
    assert ui.returncode != 0 and "cited-briefing[ui]" in ui.stderr

    # with the [ui] extra, `summarizer ui` serves the packaged app
    done = subprocess.run([*pip, f"{wheel}[ui]"], capture_output=True, text=True, timeout=1800, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([str(exe), "ui", "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env, cwd=tmp_path)
    body = b""
    try:
        for _ in range(600):  # each try waits up to 2 s for the server (bounded, no wall-clock assert)
            if proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    body = r.read().strip()
                    break
            except OSError:
                threading.Event().wait(0.2)
        assert body == b"ok", (proc.stderr.read().decode()[-2000:] if proc.poll() is not None and proc.stderr
                               else "no answer")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_install_hint_names_the_checkout_command_in_a_source_tree() -> None:
    """From a checkout the hint also gives `pip install -e '<checkout>[extra]'` (the index name alone
    sent users of a clone to the public package); an installed package gets the index command only
    (checked above on the built wheel)."""
    from summarizer.extras import install_hint

    hint = install_hint("ui")
    assert hint.startswith("pip install 'cited-briefing[ui]'")
    assert f"pip install -e '{ROOT}[ui]'" in hint
