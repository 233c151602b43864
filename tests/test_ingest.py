"""Ingest stage: formats, bad input, inputs (dirs, globs, stdin), ids, metadata and duplicates."""

from __future__ import annotations

import io
import json
import os
import socket
from datetime import date
from pathlib import Path

import pytest

from summarizer.ingest import IngestResult, ingest, ingest_texts, normalize_text
from summarizer.ingest.dedupe import find_near_duplicates
from summarizer.ingest.frontmatter import FrontMatterError, split_front_matter
from summarizer.ingest.metadata import outlet_from_url, parse_date
from summarizer.ingest.normalize import strip_markdown
from summarizer.models import Document
from summarizer.settings import Settings

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

STORY = (
    "The city council voted on Monday to approve a new budget that raises spending on public transport "
    "by twelve percent. Supporters said the plan would cut commuting times across the northern districts, "
    "while critics warned that property taxes would have to rise within two years. The mayor called the "
    "vote a turning point and promised that construction of two new tram lines would begin next spring. "
    "Opposition members asked for an independent audit of the projected costs before any contracts are signed."
)
OTHER = (
    "Heavy rain flooded several villages in the river valley overnight, forcing hundreds of residents to "
    "leave their homes. Emergency crews used boats to reach families trapped on upper floors, and the "
    "regional government opened three shelters in school buildings. Forecasters expect the water to recede "
    "slowly over the weekend, but warned that more storms could arrive by Tuesday."
)


@pytest.fixture
def settings() -> Settings:
    return Settings()


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def reasons(result: IngestResult) -> dict[str, str]:
    return {w.origin: w.reason for w in result.warnings}


def one(result: IngestResult) -> Document:
    assert len(result.documents) == 1, result.warnings
    return result.documents[0]


# ---------------------------------------------------------------- normalization


def test_normalize_text_rules() -> None:
    raw = "\ufeffTitle\r\n\r\nA\u00a0 b\t\tc  \x00\x07\r\nline two   \n\n\n\n\nlast\u200b para\u2028x "
    assert normalize_text(raw) == "Title\n\nA b c\nline two\n\nlast para\nx"


def test_normalize_text_uses_nfc_not_nfkc() -> None:
    assert normalize_text("cafe\u0301") == "caf\u00e9"  # canonical composition happens
    assert (
        normalize_text("\u00bd cup, x\u00b2, \ufb01le") == "\u00bd cup, x\u00b2, \ufb01le"
    )  # no compatibility folding


def test_strip_markdown_keeps_content_lines() -> None:
    md = (
        "# Big *news* today #\n\nSee [the report](https://x.org/a_(b)) and ![chart](c.png) **now**.\n\n"
        "> quoted line\n\n---\n\nsnake_case stays, 2*3*4 stays.\n[1]: https://x.org/ref"
    )
    out = normalize_text(strip_markdown(md))
    assert out == "Big news today\n\nSee the report and now.\n\nquoted line\n\nsnake_case stays, 2*3*4 stays."


# ---------------------------------------------------------------- formats


def test_plain_text_title_is_headline_line_else_file_stem(tmp_path: Path, settings: Settings) -> None:
    f = write(tmp_path / "council-vote.txt", "# not a heading in plain text\n\n" + STORY)
    doc = one(ingest([str(f)], settings))
    assert doc.title == "# not a heading in plain text"  # headline-like first line, text untouched
    assert doc.text.startswith("# not a heading")
    assert doc.id == "S1" and doc.origin == str(f) and doc.sentences == []
    g = write(tmp_path / "no-headline.txt", "This opening line is a sentence.\n\n" + STORY)
    assert one(ingest([str(g)], settings)).title == "no-headline"
    h = write(tmp_path / "single-line.txt", "Only one line without a stop")
    assert one(ingest([str(h)], settings)).title == "single-line"


def test_markdown_front_matter_metadata(tmp_path: Path, settings: Settings) -> None:
    f = write(
        tmp_path / "a.md",
        "---\ntitle: Council backs budget\nurl: https://www.example-news.com/a\ndate: 2024-03-05\n"
        "source: Example News\nauthor: Jane Roe\n---\n# Heading ignored for title\n\n" + STORY,
    )
    doc = one(ingest([str(f)], settings))
    assert (doc.title, doc.outlet, doc.url, doc.author) == (
        "Council backs budget",
        "Example News",
        "https://www.example-news.com/a",
        "Jane Roe",
    )
    assert doc.published == date(2024, 3, 5)
    assert doc.text.startswith("Heading ignored for title\n\nThe city council")


def test_markdown_title_falls_back_to_heading_then_stem(tmp_path: Path, settings: Settings) -> None:
    a = write(
        tmp_path / "a.md", "---\nauthor: X\n---\nIntro line.\n\n## The **real** [title](http://x.y)\n\nBody."
    )
    b = write(tmp_path / "b.markdown", "No heading here, just text.")
    result = ingest([str(a), str(b)], settings)
    assert [d.title for d in result.documents] == ["The real title", "b"]
    assert result.documents[0].text == "Intro line.\n\nThe real title\n\nBody."


def test_txt_with_front_matter_is_parsed(tmp_path: Path, settings: Settings) -> None:
    f = write(
        tmp_path / "clip.txt",
        "---\nurl: https://edition.cnn.com/2022/12/06/x/index.html\ntitle: Blasts deep inside Russia | CNN\n"
        "date: 2022-12-07 10:24:19\ntag: \n---\nCNN \u00a0\u2014 \n\n\nMoscow said [drones struck](https://cnn.com/x) two bases.",
    )
    doc = one(ingest([str(f)], settings))
    assert doc.title == "Blasts deep inside Russia | CNN"
    assert doc.outlet == "cnn.com" and doc.published == date(2022, 12, 7)
    assert doc.text == "CNN \u2014\n\nMoscow said drones struck two bases."


HTML_PAGE = """<!doctype html><html><head><title>Storm hits coast | Daily Post</title>
<meta property="og:site_name" content="Daily Post"><meta name="author" content="Sam Lee">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://www.dailypost.co.uk/storm"></head>
<body><nav>Home | World | Sport</nav><article><h1>Storm hits coast</h1>
<p>A powerful storm hit the coast on Tuesday, knocking out power to thousands of homes.</p>
<p>Officials said repairs would take several days and urged people to stay indoors.</p>
</article><footer>Copyright 2024</footer></body></html>"""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("ingest tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.usefixtures("no_network")
def test_html_article_and_metadata_offline(tmp_path: Path, settings: Settings) -> None:
    f = write(tmp_path / "storm.html", HTML_PAGE)
    doc = one(ingest([str(f)], settings))
    assert doc.title == "Storm hits coast"
    assert doc.text == (
        "A powerful storm hit the coast on Tuesday, knocking out power to thousands of homes.\n\n"
        "Officials said repairs would take several days and urged people to stay indoors."
    )
    assert "Home | World" not in doc.text and "Copyright" not in doc.text
    assert (doc.outlet, doc.author, doc.url) == ("Daily Post", "Sam Lee", "https://www.dailypost.co.uk/storm")
    assert doc.published == date(2024, 3, 5)


@pytest.mark.usefixtures("no_network")
def test_html_without_article_text_is_skipped(settings: Settings) -> None:
    result = ingest_texts(
        [("empty.htm", b"<html><head><title>x</title></head><body><script>1</script></body></html>")],
        settings,
    )
    assert result.documents == []
    assert reasons(result) == {"empty.htm": "no article text found in HTML"}


def test_json_object_list_and_key_aliases(tmp_path: Path, settings: Settings) -> None:
    single = write(
        tmp_path / "one.json",
        json.dumps({"content": STORY, "outlet": "City Paper", "published": "June 1, 2025"}),
    )
    many = write(
        tmp_path / "many.json",
        json.dumps(
            [
                {
                    "body": OTHER,
                    "title": "Floods",
                    "url": "https://news.example.org/f",
                    "published_at": "2025-06-02T08:00:00Z",
                },
                7,
                {"text": "Short note about the tram plan.", "publisher": "Wire"},
            ]
        ),
    )
    result = ingest([str(single), str(many)], settings)
    docs = result.documents
    assert [d.origin for d in docs] == [str(single), f"{many}:1", f"{many}:3"]
    assert [d.id for d in docs] == ["S1", "S2", "S3"]
    assert (docs[0].title, docs[0].outlet, docs[0].published) == ("one", "City Paper", date(2025, 6, 1))
    assert (docs[1].title, docs[1].outlet, docs[1].published) == ("Floods", "example.org", date(2025, 6, 2))
    assert docs[2].outlet == "Wire" and docs[2].title == "many #3"
    assert reasons(result) == {f"{many}:2": "not a JSON object (got int)"}


def test_json_container_object_and_invalid_json(settings: Settings) -> None:
    result = ingest_texts(
        [("feed.json", json.dumps({"articles": [{"text": STORY}]}).encode()), ("bad.json", b'{"text": ')],
        settings,
    )
    assert one(result).origin == "feed.json:1"
    assert reasons(result)["bad.json"].startswith("invalid JSON: Expecting value (line 1, column")


def test_jsonl_bad_lines_are_skipped_alone(settings: Settings) -> None:
    lines = [
        json.dumps({"text": STORY, "source": "A"}),
        "{not json",
        "",
        json.dumps(["a list"]),
        json.dumps({"title": "no text"}),
        json.dumps({"text": OTHER, "date": "someday"}),
    ]
    result = ingest_texts([("feed.jsonl", "\n".join(lines).encode())], settings)
    assert [d.origin for d in result.documents] == ["feed.jsonl:1", "feed.jsonl:6"]
    assert [d.id for d in result.documents] == ["S1", "S2"]
    r = reasons(result)
    assert r["feed.jsonl:2"].startswith("invalid JSON on line 2:")
    assert r["feed.jsonl:4"] == "not a JSON object (got list)"
    assert r["feed.jsonl:5"] == "no text field (expected one of: text, content, body, articleBody)"
    assert r["feed.jsonl:6"] == "unparsable date 'someday' (kept without a date)"
    assert {w.origin: w.kind for w in result.warnings}["feed.jsonl:6"] == "notice"


@pytest.mark.parametrize(
    ("name", "payload", "expected_text"),
    [
        ("notes.log", "Plain words in a log file.", "Plain words in a log file."),
        (
            "page",
            "<!DOCTYPE html><html><body><article><p>Sniffed page text that is long enough.</p></article></body></html>",
            "Sniffed page text that is long enough.",
        ),
        ("data", json.dumps({"text": "Sniffed JSON record."}), "Sniffed JSON record."),
        ("data.ndjson", json.dumps({"text": "A JSON line."}) + "\n", "A JSON line."),
    ],
)
def test_unknown_extension_is_sniffed(
    name: str, payload: str, expected_text: str, settings: Settings
) -> None:
    assert one(ingest_texts([(name, payload.encode())], settings)).text == expected_text


def test_encodings_bom_utf16_and_crlf(settings: Settings) -> None:
    result = ingest_texts(
        [
            ("bom.txt", b"\xef\xbb\xbfFirst line\r\nsecond line\r\n"),
            ("wide.txt", "Caf\u00e9 in UTF-16 with a BOM".encode("utf-16")),
        ],
        settings,
    )
    assert [d.text for d in result.documents] == ["First line\nsecond line", "Caf\u00e9 in UTF-16 with a BOM"]


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "payload", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\t\r\n ", "empty file"),
        ("nbsp.txt", "\u00a0\u200b\n".encode(), "empty file"),
        ("nul.txt", b"abc\x00def", "binary file (not text)"),
        ("noise.txt", bytes(range(1, 9)) * 20 + b"text", "binary file (not text)"),
        (
            "latin1.txt",
            "na\u00efve caf\u00e9".encode("latin-1"),
            "undecodable bytes at offset 2 (not UTF-8 text)",
        ),
        (
            "fm.md",
            b"---\ntitle: [unclosed\n---\nbody",
            "malformed front matter: expected ',' or ']', but got '<stream end>' at line 3",
        ),
        (
            "list.md",
            b"---\n- a\n- b\n---\nbody",
            "malformed front matter: expected key: value pairs, got a YAML list",
        ),
        ("open.txt", b"---\ntitle: x\nbody without end", "malformed front matter: no closing '---' line"),
        ("only-fm.md", b"---\ntitle: x\n---\n\n", "no text after the front matter"),
        ("empty.jsonl", b"\n\n", "empty file"),
    ],
)
def test_bad_input_becomes_one_line_warning(
    name: str, payload: bytes, reason: str, settings: Settings
) -> None:
    result = ingest_texts([(name, payload), ("ok.txt", STORY.encode())], settings)
    assert [d.origin for d in result.documents] == ["ok.txt"]
    assert result.documents[0].id == "S1"
    assert len(result.warnings) == 1
    w = result.warnings[0]
    assert (w.origin, w.reason, w.kind) == (name, reason, "skipped")
    assert "\n" not in w.reason


def test_too_large_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(12_300_000)  # sparse: stat reports the size without 12 MB on disk
    read_sizes: list[int] = []
    real_open = Path.open

    def spy_open(self: Path, *args: object, **kwargs: object) -> object:
        handle = real_open(self, *args, **kwargs)  # type: ignore[call-overload]
        real_read = handle.read

        def read(n: int = -1) -> bytes:
            read_sizes.append(n)
            return real_read(n)

        handle.read = read
        return handle

    monkeypatch.setattr(Path, "open", spy_open)
    result = ingest([str(big)], Settings(max_file_bytes=5_000_000))
    assert result.documents == []
    assert reasons(result) == {str(big): "file too large (12.3 MB > 5.0 MB limit)"}
    assert read_sizes == []


def test_too_large_upload(settings: Settings) -> None:
    result = ingest_texts([("up.txt", b"x" * 2048)], Settings(max_file_bytes=1000))
    assert reasons(result) == {"up.txt": "file too large (2.0 KB > 1.0 KB limit)"}


def test_missing_path_and_directory_without_files(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "empty_dir").mkdir()
    write(tmp_path / "pics" / "a.png", b"\x89PNG")
    ok = write(tmp_path / "ok.txt", STORY)
    missing = tmp_path / "nope.txt"
    url = "https://example.com/story"
    result = ingest(
        [
            str(missing),
            str(tmp_path / "empty_dir"),
            str(tmp_path / "pics"),
            str(ok),
            str(tmp_path / "*.zzz"),
            url,
        ],
        settings,
    )
    assert one(result).origin == str(ok)
    r = reasons(result)
    assert r[str(missing)] == "cannot read: No such file or directory"
    assert r[str(tmp_path / "empty_dir")].startswith("no supported files in directory (.htm, .html, ")
    assert r[str(tmp_path / "pics")].startswith("no supported files in directory")
    assert r[str(tmp_path / "*.zzz")] == "no files match this pattern"
    assert r[url] == "cannot read: URLs are not fetched (save the page as .html and pass the file)"


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="root can read files regardless of mode bits"
)
def test_permission_denied(tmp_path: Path, settings: Settings) -> None:
    f = write(tmp_path / "secret.txt", STORY)
    f.chmod(0)
    try:
        result = ingest([str(f)], settings)
    finally:
        f.chmod(0o644)
    assert reasons(result) == {str(f): "cannot read: Permission denied"}


# ---------------------------------------------------------------- inputs, ids


def test_directory_recursion_sorted_hidden_skipped(tmp_path: Path, settings: Settings) -> None:
    write(tmp_path / "b.txt", "Text B about the tram lines.")
    write(tmp_path / "a" / "z.md", "Text Z about the audit.")
    write(tmp_path / "a" / "y.json", json.dumps({"text": "Text Y about taxes."}))
    write(tmp_path / "notes.docx", b"PK\x03\x04")
    write(tmp_path / ".hidden.txt", "hidden")
    write(tmp_path / ".git" / "c.txt", "hidden too")
    result = ingest([str(tmp_path)], settings)
    assert [Path(d.origin).relative_to(tmp_path).as_posix() for d in result.documents] == [
        "a/y.json",
        "a/z.md",
        "b.txt",
    ]
    assert [d.id for d in result.documents] == ["S1", "S2", "S3"]
    assert result.warnings == []


def test_glob_patterns_recursive_and_deduplicated(tmp_path: Path, settings: Settings) -> None:
    write(tmp_path / "x" / "one.txt", "First text on the budget vote.")
    write(tmp_path / "x" / "deep" / "two.txt", "Second text on the floods.")
    write(tmp_path / "x" / "skip.md", "Markdown not matched by the pattern.")
    result = ingest([str(tmp_path / "x" / "**" / "*.txt"), str(tmp_path / "x" / "one.txt")], settings)
    assert [Path(d.origin).name for d in result.documents] == [
        "two.txt",
        "one.txt",
    ]  # sorted glob, file read once
    assert result.warnings == []


def test_stdin_dash(settings: Settings) -> None:
    result = ingest(["-", "-"], settings, stdin=io.BytesIO(b"---\ntitle: From a pipe\n---\nPiped text."))
    doc = one(result)
    assert (doc.origin, doc.title, doc.text) == ("stdin", "From a pipe", "Piped text.")
    assert [(w.origin, w.kind) for w in result.warnings] == [("stdin", "notice")]


def test_stdin_too_large(settings: Settings) -> None:
    result = ingest(["-"], Settings(max_file_bytes=10), stdin=io.BytesIO(b"x" * 50))
    assert reasons(result) == {"stdin": "input too large (more than 10 bytes limit)"}


def test_ids_follow_input_order_after_skips(settings: Settings) -> None:
    result = ingest_texts(
        [
            ("bad.txt", b""),
            ("first.txt", STORY.encode()),
            ("bin.txt", b"\x00"),
            ("second.txt", OTHER.encode()),
        ],
        settings,
    )
    assert [(d.id, d.origin) for d in result.documents] == [("S1", "first.txt"), ("S2", "second.txt")]
    assert [w.origin for w in result.skipped] == ["bad.txt", "bin.txt"]


def test_empty_input_list_returns_empty_result(settings: Settings) -> None:
    assert ingest([], settings) == IngestResult(documents=[], warnings=[])


# ---------------------------------------------------------------- metadata helpers


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://edition.cnn.com/2022/12/06/x/index.html", "cnn.com"),
        ("https://www.reuters.com/world/", "reuters.com"),
        ("http://news.bbc.co.uk/2/hi", "bbc.co.uk"),
        ("https://www.abc.net.au/news", "abc.net.au"),
        ("https://lemonde.fr", "lemonde.fr"),
        ("http://127.0.0.1:8000/a", None),
        ("not a url", None),
        (None, None),
    ],
)
def test_outlet_from_url(url: str | None, outlet: str | None) -> None:
    assert outlet_from_url(url) == outlet


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022-12-07 10:24:19", date(2022, 12, 7)),
        ("2024-03-05T23:10:00+02:00", date(2024, 3, 5)),
        ("2024-03-05", date(2024, 3, 5)),
        ("June 1, 2025", date(2025, 6, 1)),
        ("1 June 2025", date(2025, 6, 1)),
        ("Tue, 05 Mar 2024 10:00:00 GMT", date(2024, 3, 5)),
        (date(2020, 1, 2), date(2020, 1, 2)),
        ("yesterday", None),
        ("5", None),
        ("2024-13-45", None),
        (20240305, None),
    ],
)
def test_parse_date(raw: object, expected: date | None) -> None:
    assert parse_date(raw) == expected


def test_impossible_front_matter_date_is_a_notice(settings: Settings) -> None:
    result = ingest_texts([("a.md", b"---\ndate: 2024-13-45\nsite: Paper\n---\nBody text.")], settings)
    doc = one(result)
    assert doc.published is None and doc.outlet == "Paper"
    assert [(w.kind, w.reason) for w in result.warnings] == [
        ("notice", "unparsable date '2024-13-45' (kept without a date)")
    ]


def test_source_given_as_url_becomes_url_and_outlet(settings: Settings) -> None:
    doc = one(
        ingest_texts([("a.md", b"---\nsource: https://www.theguardian.com/world/x\n---\nBody.")], settings)
    )
    assert (doc.url, doc.outlet) == ("https://www.theguardian.com/world/x", "theguardian.com")


def test_split_front_matter_returns_lowercased_keys_and_body() -> None:
    meta, body = split_front_matter("---\nTitle: T\nTags: [a, b]\n---\n\nBody\n")
    assert meta == {"title": "T", "tags": ["a", "b"]} and body == "Body\n"
    with pytest.raises(FrontMatterError, match="mapping values are not allowed"):
        split_front_matter("---\na: b: c\n---\n")


# ---------------------------------------------------------------- duplicates


def test_exact_duplicate_dropped(settings: Settings) -> None:
    spaced = STORY.replace(". ", ".\n\n", 2)  # same words, different paragraphing
    result = ingest_texts(
        [("a.txt", STORY.encode()), ("b.txt", OTHER.encode()), ("c.txt", spaced.encode())], settings
    )
    assert [d.origin for d in result.documents] == ["a.txt", "b.txt"]
    [w] = result.warnings
    assert (w.origin, w.kind, w.reason) == ("c.txt", "duplicate", "exact duplicate of S1 (a.txt)")


def test_near_duplicate_kept_and_marked(settings: Settings) -> None:
    copy = "LONDON (Wire) - " + STORY + " Reporting by the Wire desk; editing by staff."
    result = ingest_texts(
        [("a.txt", STORY.encode()), ("b.txt", OTHER.encode()), ("c.txt", copy.encode())], settings
    )
    assert [(d.id, d.duplicate_of) for d in result.documents] == [("S1", None), ("S2", None), ("S3", "S1")]
    [w] = result.warnings
    assert w.kind == "near_duplicate" and w.origin == "c.txt"
    assert w.reason.startswith("near-duplicate of S1 (Jaccard 0.")
    assert w.reason.endswith("): not counted as independent corroboration")


def test_reprint_with_extra_text_caught_by_containment(settings: Settings) -> None:
    reprint = STORY + "\n\n" + OTHER  # the whole article plus as much text again
    result = ingest_texts([("orig.txt", STORY.encode()), ("reprint.txt", reprint.encode())], settings)
    assert result.documents[1].duplicate_of == "S1"
    assert result.warnings[0].reason.startswith("near-duplicate of S1 (containment 1.00, Jaccard 0.")


def test_unrelated_and_short_overlaps_not_marked() -> None:
    quote = "the mayor called the vote a turning point"
    texts = [STORY, OTHER, f"In other news, {quote} for the region's rail plans and bus routes."]
    assert find_near_duplicates(texts, 0.8) == []


def test_threshold_setting_is_respected() -> None:
    words = STORY.split()
    edited = " ".join(w.upper() if i % 9 == 0 else w + "x" if i % 9 == 4 else w for i, w in enumerate(words))
    texts = [STORY, edited]
    assert find_near_duplicates(texts, 0.05) and not find_near_duplicates(texts, 0.9)


def test_copy_of_a_copy_points_to_the_original() -> None:
    b = "UPDATE: " + STORY
    c = "Republished. UPDATE: " + STORY + " More soon."
    found = find_near_duplicates([STORY, OTHER, b, c], 0.8)
    assert [(n.index, n.original) for n in found] == [(2, 0), (3, 0)]


# ---------------------------------------------------------------- real seed file


@pytest.mark.skipif(
    not (SEEDS / "002_9d730f3e10369fc8.txt").exists(), reason=f"seed corpus not present at {SEEDS}"
)
def test_seed_002_front_matter_txt(settings: Settings) -> None:
    doc = one(ingest([str(SEEDS / "002_9d730f3e10369fc8.txt")], settings))
    assert doc.title == "Blasts deep inside Russia hand Putin a fresh problem, with no obvious answer | CNN"
    assert (
        doc.url == "https://edition.cnn.com/2022/12/06/europe/russia-ukraine-strikes-analysis-intl/index.html"
    )
    assert doc.outlet == "cnn.com"
    assert doc.published == date(2022, 12, 7)
    assert doc.text.startswith(
        "CNN \u2014\n\nMoscow\u2019s accusation that Ukrainian drones struck two airbases deep"
    )
    assert "](http" not in doc.text and "url:" not in doc.text and "\n\n\n" not in doc.text
    assert doc.text.endswith("The key variable is Western patience and support.")


def test_the_earlier_dated_of_two_near_duplicates_is_the_original_whatever_the_input_order() -> None:
    """A reprint given first is still the copy when the other article is dated earlier; with no dates,
    input order decides as before."""
    from summarizer.ingest import ingest_texts
    from summarizer.settings import Settings

    body = ("The Merrow Dam failed early on Tuesday after three days of heavy rain, and water flooded the "
            "lower valley. Officials said five people were killed and about 1,200 residents were evacuated "
            "to schools and churches. Engineers had warned in March that the spillway needed repair. The "
            "county opened four shelters, and the state sent 30 National Guard members to help with rescues.")
    reprint = "---\ndate: 2026-03-14\n---\n" + body + " This article first appeared in the Valley Wire."
    original = "---\ndate: 2026-03-13\n---\n" + body
    docs = ingest_texts([("reprint.md", reprint.encode()), ("original.md", original.encode())], Settings()).documents
    assert [(d.origin, d.duplicate_of) for d in docs] == [("reprint.md", "S2"), ("original.md", None)]
    undated = ingest_texts([("a.md", body.encode() + b" Reprinted."), ("b.md", body.encode())], Settings()).documents
    assert [d.duplicate_of for d in undated] == [None, "S1"]
