"""Reading articles: plain text, Markdown and HTML become a title, metadata and paragraphs."""

from __future__ import annotations

import datetime as dt

import pytest

from components.authoring.article import MAX_ARTICLE_BYTES, parse_date, read_article
from components.errors import ArticleError

from .conftest import FIXTURES


def test_seed_text_gives_the_hand_made_passages(story):
    art = read_article((FIXTURES / "seed_article.txt").read_bytes(), "seed_article.txt")
    assert art.title == story.title
    assert [p.text for p in art.paragraphs] == [" ".join(p.text.split()) for p in story.passages]
    assert [p.kind for p in art.paragraphs] == [p.kind for p in story.passages]  # standfirst, quote
    assert (art.caption, art.credit) == (story.caption.text, story.caption.credit)
    assert any("3 min read" in d for d in art.dropped) and any("Live Story" in d for d in art.dropped)
    assert any(d.startswith("repeated headline") for d in art.dropped)


HTML = """<!doctype html><html><head>
<title>HTML reader test page | Test Fixture</title>
<meta property="og:site_name" content="Test Fixture">
<meta property="article:published_time" content="2024-05-03T08:00:00Z">
<meta name="author" content="Test Author">
<link rel="canonical" href="https://example.org/html-reader-test">
<script>window.__pwned = 1; document.write("Dushanbe injected");</script>
<style>p { color: red }</style>
</head><body>
<nav><p>Home · World · Dushanbe menu</p></nav>
<article>
<h1>HTML reader test page</h1>
<p class="standfirst">A page written for a test, not news.</p>
<figure><img src="x.jpg" onerror="window.__pwned=2"><figcaption>A test caption naming Khorog [Photo: Test/Fixture]</figcaption></figure>
<p>This sentence names <b>Khorog</b>, the capital of Gorno-Badakhshan,&nbsp;for the test.</p>
<p>&lt;script&gt;alert(1)&lt;/script&gt; is text here, and so is the Panj.</p>
<p>3 min read</p>
<script>var hidden = "Xinjiang secret";</script>
<p>Share this article</p>
</article>
<footer><p>© Test Fixture, Kulob footer</p></footer>
</body></html>"""


def test_html_article_metadata_and_paragraphs():
    art = read_article(HTML, "flood.html")
    assert art.title == "HTML reader test page"
    assert art.publisher == "Test Fixture"
    assert art.url == "https://example.org/html-reader-test"
    assert art.published == dt.date(2024, 5, 3)
    assert art.byline == "Test Author"
    assert art.caption == "A test caption naming Khorog" and art.credit == "Photo: Test/Fixture"
    texts = [p.text for p in art.paragraphs]
    assert texts == [
        "A page written for a test, not news.",
        "This sentence names Khorog, the capital of Gorno-Badakhshan, for the test.",
        "<script>alert(1)</script> is text here, and so is the Panj.",  # literal text, escaped when shown
    ]
    assert art.paragraphs[0].kind == "standfirst"
    joined = " ".join(texts)
    for leaked in ("__pwned", "Dushanbe", "secret", "color: red", "Kulob", "World"):
        assert leaked not in joined


def test_html_rejects_non_http_links_and_survives_broken_markup():
    art = read_article('<html><head><link rel="canonical" href="javascript:alert(1)"></head>'
                       "<body><p>Unclosed <b>bold in Khorog<p>Second <script>never closed Dushanbe", "x.html")
    assert art.url is None
    assert [p.text for p in art.paragraphs] == ["Second"]
    assert art.title == "Unclosed bold in Khorog"


def test_unclosed_head_does_not_hide_the_body():
    art = read_article("<html><head><title>T</title><body><p>Khorog is here.</p><p>Second.</p>", "x.html")
    assert [p.text for p in art.paragraphs] == ["Khorog is here.", "Second."]


def test_markdown_front_matter_headings_links_and_quotes():
    md = """---
title: "Markdown reader test"
date: 2023-07-14
author: Test Author
publisher: Test Fixture
url: https://example.net/markdown-test
---

# Ignored heading when front matter has a title

The **Pamir Highway** is named here with [Khorog](https://example.net/khorog), for a test,
and so is the road to *Murghob*.

## Subheading

> "A quoted line," the test says.

- A list item at 9:00.
"""
    art = read_article(md, "roads.md")
    assert (art.title, art.publisher, art.url, art.published, art.byline) == (
        "Markdown reader test", "Test Fixture", "https://example.net/markdown-test", dt.date(2023, 7, 14), "Test Author")
    assert [(p.kind, p.text) for p in art.paragraphs] == [
        ("paragraph", "The Pamir Highway is named here with Khorog, for a test, and so is the road to Murghob."),
        ("quote", '"A quoted line," the test says.'),
        ("paragraph", "A list item at 9:00."),
    ]
    assert "subheading: Subheading" in art.dropped


def test_hard_wrapped_text_is_joined_and_metadata_lines_are_taken_out():
    text = ("Plain text reader test\n\nBy Test Author\nPublished: 12 March 2022\nhttps://example.org/post\n\n"
            "This paragraph was written for a test and is wrapped at seventy columns, the\n"
            "way e-mail and some text files are, so its lines must be joined back into\n"
            "one paragraph.\n\nAdvertisement\n\nA second paragraph.\n")
    art = read_article(text, "post.txt")
    assert art.title == "Plain text reader test"
    assert (art.byline, art.published, art.url) == ("Test Author", dt.date(2022, 3, 12), "https://example.org/post")
    assert [p.text for p in art.paragraphs] == [
        "This paragraph was written for a test and is wrapped at seventy columns, the way e-mail and some "
        "text files are, so its lines must be joined back into one paragraph.",
        "A second paragraph.",
    ]


@pytest.mark.parametrize("data, name, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.txt", "not a text file"),
    ("caf\xe9 in Khorog".encode("latin-1"), "latin.txt", "not UTF-8"),
    (b"", "empty.txt", "no text"),
    (b"   \n\n \t\n", "blank.txt", "no text"),
    (b"<html><script>only()</script></html>", "s.html", "no article text"),
    (b"x" * (MAX_ARTICLE_BYTES + 1), "big.txt", "limit"),
])
def test_bad_articles_name_the_file_and_why(data, name, message):
    with pytest.raises(ArticleError) as info:
        read_article(data, name)
    assert info.value.source == name and message in info.value.message


@pytest.mark.parametrize("text, date", [
    ("2021-10-28", dt.date(2021, 10, 28)),
    ("Thursday 28 October 2021", dt.date(2021, 10, 28)),
    ("Oct 28, 2021", dt.date(2021, 10, 28)),
    ("28th Sept 2021", dt.date(2021, 9, 28)),
    ("2021-02-30", None),
    ("no date", None),
])
def test_dates(text, date):
    assert parse_date(text) == date
