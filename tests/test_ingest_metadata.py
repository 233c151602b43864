"""Publication dates, outlets, languages and non-articles, on small inputs written for these tests."""

from __future__ import annotations

import json

from summarizer.ingest import IngestResult, ingest_texts
from summarizer.settings import Settings

SETTINGS = Settings(engine="extractive", embedder="tfidf")
BODY = ("The Corran bridge was closed on Monday after a barge struck one of its piers, the port authority said. "
        "Engineers were inspecting the damage and traffic was diverted to the ring road for the rest of the week.")


def read(name: str, data: str | bytes) -> IngestResult:
    return ingest_texts([(name, data.encode() if isinstance(data, str) else data)], SETTINGS)


def one(name: str, data: str | bytes):  # type: ignore[no-untyped-def]
    result = read(name, data)
    assert len(result.documents) == 1, result.warnings
    return result.documents[0]


def test_json_date_and_body_keys_in_their_common_spellings() -> None:
    for key in ("publishedAt", "datePublished", "pubDate", "published_at"):
        doc = one("a.json", json.dumps({"headline": "Bridge shut", "articleBody": BODY, key: "2026-05-04T08:00:00Z"}))
        assert str(doc.published) == "2026-05-04" and doc.title == "Bridge shut"
        assert doc.published_info.precision == "day" and f"json '{key}'" == doc.published_info.source


def test_schema_org_and_newsapi_records() -> None:
    record = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Bridge shut",
              "articleBody": BODY, "datePublished": "2026-05-04", "publisher": {"@type": "Organization",
              "name": "Corran Courier"}, "author": [{"name": "Ada Holt"}]}
    doc = one("a.json", json.dumps(record))
    assert (doc.outlet, doc.author, str(doc.published)) == ("Corran Courier", "Ada Holt", "2026-05-04")
    graph = one("g.json", json.dumps({"@context": "https://schema.org",
                                      "@graph": [{"@type": "WebPage", "name": "x"}, record]}))
    assert graph.title == "Bridge shut"
    feed = {"status": "ok", "articles": [{"source": {"id": None, "name": "Harbour Post"}, "title": "Bridge shut",
            "publishedAt": "2026-05-04T09:05:00Z", "content": BODY[:150] + "… [+1544 chars]"}]}
    result = read("feed.json", json.dumps(feed))
    doc = result.documents[0]
    assert doc.outlet == "Harbour Post" and str(doc.published) == "2026-05-04"
    assert doc.truncated and "[+" not in doc.text
    assert any("truncated teaser" in w.reason for w in result.warnings)


def test_coarse_dates_keep_their_precision_and_never_invent_a_day() -> None:
    year = one("y.md", f"---\ndate: 2026\n---\n{BODY}")
    assert year.published is None and year.published_info.value == "2026" and year.published_info.precision == "year"
    month = one("m.json", json.dumps({"text": BODY, "date": "March 2026"}))
    assert month.published is None and month.published_info.value == "2026-03"


def test_datelines_give_date_and_outlet() -> None:
    en = one("w.txt", f"Bridge shut\n\nCORRAN, Oct. 6, 2026 (Harbour Wire) — {BODY}")
    assert str(en.published) == "2026-10-06" and en.outlet == "Harbour Wire" and en.published_info.source == "dateline"
    es = one("e.txt", "Cierre del puente\n\nPuerto Alba (Lirio), 6 de octubre de 2026 (Agencia Sur).- El puente de "
             "Corran fue cerrado el lunes tras el choque de una barcaza contra uno de sus pilares.")
    assert str(es.published) == "2026-10-06" and es.language == "es"
    wire = one("p.txt", f"Port reopens\n\nCALLOWAY, Sept. 14, 2026 /PRNewswire/ -- {BODY}")
    assert str(wire.published) == "2026-09-14"
    dotted = one("n.txt", f"Bridge shut\n\nBERLIN, 13.03.2026 — {BODY}")
    assert str(dotted.published) == "2026-03-13"
    assert one("a.txt", f"Bridge shut\n\nNEW YORK, 03/04/2026 — {BODY}").published is None  # order unknown
    de = one("d.txt", "Brücke gesperrt\n\nHAMBURG, 6. Oktober 2026 — Die Brücke wurde am Montag gesperrt, nachdem "
             "ein Lastkahn gegen einen Pfeiler gestoßen war, teilte die Hafenbehörde mit.")
    assert str(de.published) == "2026-10-06" and de.language == "de"


def test_day_first_order_comes_from_the_same_feed_else_stays_ambiguous() -> None:
    lines = [json.dumps({"title": f"Update {n}", "date": d, "text": BODY + f" Update {n}."})
             for n, d in ((1, "05/04/2026 22:10"), (2, "14/04/2026 08:00"))]
    docs = read("feed.jsonl", "\n".join(lines)).documents
    assert [str(d.published) for d in docs] == ["2026-04-05", "2026-04-14"]
    alone = read("one.jsonl", lines[0])
    assert alone.documents[0].published is None and alone.documents[0].published_info.ambiguous
    assert any("day/month order unknown" in w.reason for w in alone.warnings)


HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="{charset}"><title>Bridge shut | Courier</title>
<meta property="og:site_name" content="Corran Courier">{head}
<link rel="canonical" href="https://courier.example/2026/03/bridge-shut"></head>
<body><article><h1>Bridge shut</h1>{byline}<p>{body}</p><p>{body}</p></article>
<footer>© 2026 Corran Courier</footer></body></html>"""


def page(head: str = "", byline: str = "", charset: str = "utf-8", body: str = BODY) -> str:
    return HTML.format(head=head, byline=byline, charset=charset, body=body)


def test_html_dates_from_metadata_never_from_copyright_or_url() -> None:
    assert one("p.html", page()).published is None  # only '© 2026' and a /2026/03/ URL
    meta = one("p.html", page('<meta property="article:published_time" content="2026-03-07T10:00:00+00:00">'))
    assert str(meta.published) == "2026-03-07" and meta.outlet == "Corran Courier"
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2026-03-08"}</script>'
    assert str(one("p.html", page(ld)).published) == "2026-03-08"
    tag = one("p.html", page(byline='<p class="byline">By Ada Holt <time datetime="2026-03-09">9 March</time></p>'))
    assert str(tag.published) == "2026-03-09"
    shown = one("p.html", page(byline="<p>Published on March 10, 2026 by Ada Holt</p>"))
    assert str(shown.published) == "2026-03-10"
    settled = one("p.html", page('<meta name="date" content="02/03/2026">',
                                 '<div class="date">Monday 2 March 2026</div>'))
    assert str(settled.published) == "2026-03-02"


def test_html_declared_charset_is_used() -> None:
    data = page(charset="windows-1252", body=BODY.replace("port authority", "café’s owner")).encode("cp1252")
    doc = one("p.html", data)
    assert "café’s owner" in doc.text


def test_listing_page_is_skipped_with_a_reason() -> None:
    items = "".join(f'<li><h3><a href="/n/{n}">Headline number {n} about something</a></h3><p>Teaser {n}.</p></li>'
                    for n in range(5))
    html = f"<html><head><title>News</title></head><body><main><h1>News</h1><ul>{items}</ul></main></body></html>"
    result = read("section.html", html)
    assert not result.documents
    assert "listing page" in result.warnings[0].reason and result.warnings[0].origin == "section.html"


def test_language_recorded_and_unanalysed_languages_noticed() -> None:
    result = read("ar.txt", "انهار الجسر فوق نهر كوران صباح الاثنين بعد اصطدام بارجة بأحد أعمدته، وقالت سلطات "
                  "الميناء إن المهندسين يتفقدون الأضرار. هل كان الجسر آمناً؟")
    assert result.documents[0].language == "ar"
    assert any("S1 is in 'ar'" in w.reason for w in result.warnings)


def test_transcript_is_noticed_and_headline_not_taken_from_caption_line() -> None:
    caption = "\n".join(["good afternoon everyone thank you for coming we", "can confirm the bridge is closed"] * 12)
    result = read("captions.txt", caption)
    assert result.documents[0].title == "captions"
    assert any("no sentence punctuation" in w.reason for w in result.warnings)


def test_link_list_is_skipped_but_an_article_with_links_is_kept() -> None:
    links = "\n".join(f"- [Story {n} about the harbour]({'https'}://news.example/{n})" for n in range(6))
    result = read("links.md", f"# Harbour stories\n\n{links}\n")
    assert not result.documents and "link list" in result.warnings[0].reason
    kept = read("article.md", f"# Bridge shut\n\n{BODY}\n\n{BODY}\n\n{links}\n\n{BODY}\n\n{BODY}\n")
    assert len(kept.documents) == 1


def test_declared_language_is_used_when_the_text_is_too_short_to_tell() -> None:
    assert one("s.json", json.dumps({"text": "Puente cerrado.", "language": "es"})).language == "es"
    assert one("s.json", json.dumps({"text": "Puente cerrado."})).language is None
