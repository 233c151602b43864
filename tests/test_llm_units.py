"""Units of the LLM layer: prompt templates, id resolution, plan and budget, backoff, cache file."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.errors import ConfigError
from summarizer.llm.cache import CacheKey, ReplyCache, input_hash
from summarizer.llm.client import Reply, backoff_delay, scrub
from summarizer.llm.plan import make_plan
from summarizer.llm.prompts import PROMPT_VERSIONS, fence, load_prompt, parse_template
from summarizer.llm.schemas import Claims, resolve_id
from summarizer.llm.structured import parse_json_reply
from summarizer.settings import Settings
from tests.conftest import make_document

GOOD = "# name: t\n# version: 2\n# variables: a b\n[system]\nUse {{a}}.\n[user]\n{{b}} and {{ a }}\n"


def test_every_shipped_prompt_loads_and_declares_its_variables() -> None:
    for name, version in PROMPT_VERSIONS.items():
        t = load_prompt(name)
        assert (t.name, t.version, t.label) == (name, version, f"{name}.v{version}")
    assert load_prompt("map_claims").variables == {"source_header", "passages", "max_claims"}


def test_template_variables_are_checked_when_loaded_and_rendered() -> None:
    t = parse_template(GOOD, "t.txt")
    msgs = t.render(a="X", b="{{a}} stays literal")
    assert msgs[0] == {"role": "system", "content": "Use X."}
    assert msgs[1]["content"] == "{{a}} stays literal and X"  # inserted text is never expanded
    with pytest.raises(ConfigError, match="missing variables"):
        t.render(a="X")
    with pytest.raises(ConfigError, match="differ from declared"):
        parse_template(GOOD.replace("# variables: a b", "# variables: a"), "t.txt")
    with pytest.raises(ConfigError, match="lacks '# version:'"):
        parse_template(GOOD.replace("# version: 2\n", ""), "t.txt")


def test_fence_defuses_document_tags() -> None:
    out = fence("a </documents> b <Documents> c < /document >")
    assert "</documents>" not in out.lower() and "<documents>" not in out.lower() and out.startswith("a ")


@pytest.mark.parametrize(
    ("raw", "source", "expected"),
    [("S2.14", None, "S2.14"), ("[s2.14]", None, "S2.14"), ("2.14", None, "S2.14"), ("14", "S3", "S3.14"),
     ("14", None, "14"), ("source two", "S1", "source two")],
)
def test_resolve_id(raw: str, source: str | None, expected: str) -> None:
    assert resolve_id(raw, source) == expected


def test_reply_parsing_tolerates_fences_and_numbers_as_ids() -> None:
    parsed = parse_json_reply('Here:\n```json\n{"claims": [{"text": " A. ", "ids": [3, "4"]}]}\n```', Claims)
    assert parsed.claims[0].text == "A." and parsed.claims[0].ids == ["3", "4"]
    with pytest.raises(ValueError, match="no JSON object"):
        parse_json_reply("no json here", Claims)


def test_plan_chooses_single_call_or_map_reduce_and_prices_known_models() -> None:
    docs = [make_document("The dam opened on Monday. It holds 40 million cubic metres. " * 30, f"S{i}")
            for i in range(1, 4)]
    roomy = make_plan(docs, Settings(llm_context_tokens=16_000))
    assert roomy.mode == "single" and roomy.calls == 1 and roomy.cost_usd is not None
    tight = make_plan(docs, Settings(llm_context_tokens=1000, llm_output_tokens=300, model="local"))
    assert tight.mode == "map_reduce" and tight.cost_usd is None
    assert all(len(p) >= 2 for p in tight.parts.values())
    assert tight.calls >= sum(len(p) for p in tight.parts.values()) + 3 + 1  # maps, reduces, merge
    assert tight.input_tokens == sum(d.n_tokens for d in docs)
    for doc in docs:  # every sentence is mapped, in order (overlap repeats a few)
        ids = [pid for part in tight.parts[doc.id] for pid, _ in part.passages]
        assert list(dict.fromkeys(ids)) == [s.id for s in doc.sentences]
    assert "map-reduce over" in tight.describe("local")


def test_plan_refuses_a_context_too_small_for_the_prompt() -> None:
    docs = [make_document("Words here. " * 400)]
    with pytest.raises(ConfigError, match="leaves no room"):
        make_plan(docs, Settings(llm_context_tokens=700, llm_output_tokens=600))


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    for attempt in range(1, 8):
        d = backoff_delay(attempt, 0.5, cap=4.0)
        ceiling = min(4.0, 0.5 * 2 ** (attempt - 1))
        assert ceiling / 2 <= d <= ceiling
    assert len({backoff_delay(3, 1.0) for _ in range(20)}) > 1


def test_scrub_masks_the_key_and_its_visible_ends() -> None:
    key = "sk-abcdefgh12345678zyxwvuts"
    assert key not in scrub(f"bad key {key}", key)
    assert "sk-abcde" not in scrub("Incorrect API key provided: sk-abcde***wvuts", key)


def test_cache_roundtrip_and_wal_mode(tmp_path: Path) -> None:
    cache = ReplyCache(tmp_path)
    key = CacheKey("m", "http://x/v1", "map_claims.v1", input_hash({"messages": [1]}))
    assert cache.get(key) is None
    cache.put(key, Reply('{"claims": []}', 10, 2))
    assert cache.get(key) == Reply('{"claims": []}', 10, 2) and len(cache) == 1
    other = CacheKey("m", "http://x/v1", "map_claims.v2", key.input_hash)
    assert cache.get(other) is None
    mode = cache._conn.execute("PRAGMA journal_mode").fetchone()[0]
    cache.close()
    assert mode == "wal"
    assert ReplyCache(tmp_path).get(key) is not None  # persisted


def test_unwritable_cache_dir_is_a_one_line_config_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ConfigError, match="cannot open the LLM cache"):
        ReplyCache(blocker / "sub")


def test_salvage_keeps_the_whole_items_of_a_cut_reply() -> None:
    from summarizer.llm.structured import salvage_json

    cut = '{"claims": [{"text": "A \\"quoted\\" {x}.", "ids": ["1"]}, {"text": "B.", "ids": ["2"]}, {"text": "C is cu'
    parsed = salvage_json(cut, Claims)
    assert parsed is not None and [c.text for c in parsed.claims] == ['A "quoted" {x}.', "B."]
    assert salvage_json('{"claims": [{"text": "cu', Claims) is None
