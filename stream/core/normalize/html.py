"""HTML input -> plain text with paragraphs, plus the page's own metadata.

Full pages go through trafilatura (maintained main-content extractor: drops navigation,
footers and comment sections, and reads title, author, date and site name from the
page's meta tags). Fragments, and pages where trafilatura finds no main content, are
converted by a small lxml walk that keeps block elements as paragraphs; the boilerplate
rules then clean the result like any plain text.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # lxml and trafilatura are imported on the first HTML story only:
    from lxml import etree  # plain-text runs skip ~0.2 s of start-up

from stream.core.normalize.text import has_word, word_set

_TAG = re.compile(
    r"<(?:p|div|br|html|body|head|article|section|span|a|h[1-6]|li|ul|ol|table|"
    r"img|figure|figcaption|strong|em|b|i|meta|script|style|title|header|footer|"
    r"nav|aside|blockquote)\b[^<>]{0,500}>",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,7}|#x[0-9a-fA-F]{2,6});")
_ANY_TAG = re.compile(r"<[^<>]*>")
_FULL_PAGE = re.compile(r"<(?:html|body|head|article|main)\b", re.IGNORECASE)
_BLOCKS = word_set(
    "p div br h1 h2 h3 h4 h5 h6 li ul ol table tr blockquote article section header "
    "footer figure figcaption pre address dd dt hr main aside nav title"
)
_DROP = word_set("script style noscript template svg iframe form button select head")


@dataclass
class HtmlResult:
    """Text of the page and whatever metadata the page declared."""

    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    sitename: str | None = None


def looks_like_html(text: str) -> bool:
    """Two or more known tags in the first 20,000 characters."""
    head = text[:20000]
    tags = _TAG.finditer(head)
    return next(tags, None) is not None and next(tags, None) is not None


def unescape_entities(text: str) -> str:
    """Plain text that still carries HTML entities (``&amp;``, ``&#8217;``)."""
    return html_lib.unescape(text) if _ENTITY.search(text) else text


def html_to_text(markup: str) -> HtmlResult:
    """Main text of an HTML page or fragment, paragraphs separated by a blank line."""
    if _FULL_PAGE.search(markup[:20000]):
        result = _trafilatura(markup)
        if result is not None:
            return result
    return HtmlResult(text=_walk(markup))


def _trafilatura(markup: str) -> HtmlResult | None:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            markup,
            include_comments=False,
            include_tables=False,
            include_images=False,
            with_metadata=True,
            deduplicate=False,
            # keep the time and zone of article:published_time, not just the day
            date_extraction_params={
                "outputformat": "%Y-%m-%dT%H:%M:%S%z",
                "extensive_search": False,
                "original_date": True,
            },
        )
    except Exception:  # a third-party parser on hostile input: fall back, never raise
        return None
    if doc is None:
        return None
    text = getattr(doc, "text", None) or ""
    if not text.strip():
        return None
    author = getattr(doc, "author", None) or ""
    return HtmlResult(
        text="\n\n".join(line for line in text.split("\n") if line.strip()),
        title=getattr(doc, "title", None) or None,
        authors=[a.strip() for a in re.split(r";|,| and ", author) if a.strip()],
        date=getattr(doc, "date", None) or None,
        sitename=getattr(doc, "sitename", None) or None,
    )


def _walk(markup: str) -> str:
    """Block elements become paragraphs, inline text is joined, scripts dropped."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fromstring(markup)
    except (etree.ParserError, ValueError):
        return _strip_tags(markup)
    parts: list[str] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _DROP:
            if event == "end" and el.tail:
                parts.append(el.tail)
            continue
        if event == "start":
            if tag in _BLOCKS:
                parts.append("\n\n")
            if el.text and not _inside_dropped(el):
                parts.append(el.text)
        else:
            if tag in _BLOCKS:
                parts.append("\n\n")
            if el.tail and not _inside_dropped(el.getparent()):
                parts.append(el.tail)
    text = "".join(parts)
    # libxml2 gives up on absurd nesting and returns a stub: keep the text regardless
    return text if has_word(text) else _strip_tags(markup)


def _strip_tags(markup: str) -> str:
    """Last resort: tags removed by a regex that stops at the next "<" (linear)."""
    return _ANY_TAG.sub("\n", markup)


def _inside_dropped(el: etree._Element | None) -> bool:
    depth = 0
    while el is not None and depth < 50:
        if isinstance(el.tag, str) and el.tag in _DROP:
            return True
        el = el.getparent()
        depth += 1
    return False
