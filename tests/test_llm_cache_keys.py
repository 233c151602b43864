"""Cache (zero calls on re-run, shared by concurrent runs, resumes after Ctrl-C) and API-key hygiene.

The cache tests run the engine on the in-process FakeBackend (the HTTP layer is
irrelevant to them); the Ctrl-C and API-key tests keep the scripted HTTP server,
since what they check is the real client and process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from summarizer.cli import cli
from summarizer.errors import SummarizerError
from summarizer.llm.client import Message
from summarizer.llm.credentials import current_api_key, use_api_key
from summarizer.llm.fake import FakeBackend
from summarizer.pipeline import brief_ingested
from tests.llm_server import Act, ScriptedServer, echo_responder
from tests.test_llm_engine import LONGER, echo, fake_settings, ingested, run_fake, settings_for

SECRET = "sk-test-Zq8VbN3kLm5Pw7Rt9Xy2Cd4Fg6Hj1Ks"


def write_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in LONGER:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_second_run_makes_zero_calls_and_no_cache_makes_them_again(tmp_path: Path) -> None:
    fake = FakeBackend(responder=echo)
    first = run_fake(fake, tmp_path, LONGER, llm_context_tokens=540, llm_output_tokens=200)
    n = fake.calls
    second = run_fake(fake, tmp_path, LONGER, llm_context_tokens=540, llm_output_tokens=200)
    assert fake.calls == n and n > 3
    assert second.usage.total.calls == 0 and second.usage.total.cache_hits == first.usage.total.calls
    assert [k.text for k in second.key_points] == [k.text for k in first.key_points]
    run_fake(fake, tmp_path, LONGER, llm_context_tokens=540, llm_output_tokens=200, use_cache=False)
    assert fake.calls == 2 * n


def test_cache_key_changes_with_model_server_and_prompt_input(tmp_path: Path) -> None:
    fake = FakeBackend(responder=echo)
    run_fake(fake, tmp_path)
    run_fake(fake, tmp_path)
    assert fake.calls == 1  # the same call again is a hit
    run_fake(FakeBackend(responder=echo, model="other"), tmp_path)
    other_server = FakeBackend(responder=echo)
    other_server.base_url = "fake://other-server"
    run_fake(other_server, tmp_path)
    run_fake(fake, tmp_path, llm_output_tokens=64)  # the reply cap is in the key
    assert fake.calls == 2 and other_server.calls == 1


def test_two_concurrent_runs_share_the_cache(tmp_path: Path) -> None:
    """Two runs on one cache, each held at its first call until the other is inside one too."""
    inside = [threading.Event(), threading.Event()]

    def meeting(me: int) -> FakeBackend:
        def responder(messages: list[Message], schema: object) -> str:
            inside[me].set()
            assert inside[1 - me].wait(timeout=60), "the other run never made a call"
            return echo(messages)

        return FakeBackend(responder=responder)

    fakes = [meeting(0), meeting(1)]
    s = fake_settings(tmp_path, llm_context_tokens=540, llm_output_tokens=200)
    errors: list[BaseException] = []

    def one(fake: FakeBackend) -> None:
        try:
            brief_ingested(ingested(s, LONGER), s, backend=fake)
        except BaseException as e:  # collected for the assertion below
            errors.append(e)

    threads = [threading.Thread(target=one, args=(f,)) for f in fakes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors and all(f.calls for f in fakes)
    again = FakeBackend(responder=echo)
    brief_ingested(ingested(s, LONGER), s, backend=again)
    assert again.calls == 0  # both runs' replies landed intact


@pytest.mark.slow
def test_interrupted_run_leaves_the_cache_usable_and_the_next_run_resumes(tmp_path: Path) -> None:
    arts = write_articles(tmp_path / "in")
    cache = tmp_path / "cache"

    arrived, release = threading.Event(), threading.Event()

    def held(body: dict[str, Any], n: int) -> Act:
        """Answer the first three calls; hold the fourth until the run has been interrupted."""
        act = echo_responder(body, n)
        if n == 4:
            arrived.set()
            act.hold = release
        return act

    with ScriptedServer(held) as server:
        cmd = [sys.executable, "-m", "summarizer.cli", "brief", str(arts), "--engine", "llm",
               "--base-url", server.base_url, "--model", "scripted", "--concurrency", "1", "-q", "-f", "json"]
        env = {**os.environ, "SUMMARIZER_CACHE_DIR": str(cache), "SUMMARIZER_LLM_CONTEXT_TOKENS": "540",
               "SUMMARIZER_LLM_OUTPUT_TOKENS": "200"}
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            assert arrived.wait(timeout=120), "the run never reached its fourth call"
            proc.send_signal(signal.SIGINT)  # the run is blocked on call 4: it cannot have finished
        finally:
            release.set()  # let the worker thread return so the interrupted process can exit
        _, err = proc.communicate(timeout=120)
        assert proc.returncode != 0
        assert b"Traceback" not in err
        interrupted_calls = server.calls
        done = subprocess.run(cmd, env=env, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr.decode()
        resumed_calls = server.calls - interrupted_calls
        # a clean third run costs nothing, so the total work is known; the resumed run did less
        subprocess.run(cmd, env=env, capture_output=True, timeout=120, check=True)
        assert server.calls == interrupted_calls + resumed_calls
    with ScriptedServer() as fresh:
        cmd[cmd.index("--base-url") + 1] = fresh.base_url
        subprocess.run(cmd, env={**env, "SUMMARIZER_USE_CACHE": "false"}, capture_output=True, timeout=120, check=True)
    assert resumed_calls < fresh.calls


def test_api_key_is_sent_but_never_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    arts = write_articles(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    with ScriptedServer() as server:
        for fmt in ("json", "md", "html"):
            result = CliRunner().invoke(cli, ["brief", str(arts), "--base-url", server.base_url, "--model", "m",
                                              "-o", str(out / f"b.{fmt}")])
            assert result.exit_code == 0, result.output
            assert SECRET not in result.output
    assert all(h.get("authorization") == f"Bearer {SECRET}" for h in server.headers)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".sqlite3" for p in written) and len(written) >= 6
    for p in written:
        data = p.read_bytes()
        assert SECRET.encode() not in data and SECRET[:8].encode() not in data, p


def test_rejected_key_error_names_no_key(tmp_path: Path) -> None:
    def unauthorized(body: dict[str, Any], n: int) -> Act:
        return Act(raw=f'{{"error": {{"message": "Incorrect API key provided: {SECRET}"}}}}'.encode(), status=401)

    with ScriptedServer(unauthorized) as server, use_api_key(SECRET), pytest.raises(SummarizerError) as err:
        s = settings_for(server, tmp_path)
        brief_ingested(ingested(s), s)
    assert "HTTP 401" in str(err.value) and "OPENAI_API_KEY" in str(err.value)
    assert SECRET not in str(err.value) and SECRET[:8] not in str(err.value)


def test_ui_session_key_overrides_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env-000000")
    assert current_api_key() == "sk-from-env-000000"
    with ScriptedServer() as server:
        s = settings_for(server, tmp_path, llm_context_tokens=540, llm_output_tokens=200, max_concurrency=3)
        with use_api_key("sk-session-111111"):
            assert current_api_key() == "sk-session-111111"
            brief_ingested(ingested(s, LONGER), s)
    assert current_api_key() == "sk-from-env-000000"
    assert server.calls > 1  # map calls ran in worker threads, still with the session key
    assert {h["authorization"] for h in server.headers} == {"Bearer sk-session-111111"}


def test_llm_engine_without_key_or_url_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    result = CliRunner().invoke(cli, ["brief", str(write_articles(tmp_path)), "--engine", "llm", "-q"])
    assert result.exit_code == 2
    assert "needs an API key (set OPENAI_API_KEY) or --base-url" in result.stderr
