"""Render user Markdown to safe HTML: markdown-it for the syntax, nh3 to keep only harmless tags."""
import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("strikethrough").enable("table")
TAGS = {"p", "br", "strong", "em", "del", "ul", "ol", "li", "blockquote", "code", "pre", "h3", "h4",
        "a", "hr", "table", "thead", "tbody", "tr", "th", "td"}
ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text):
    """Return sanitised HTML for a proposal body or comment."""
    html = _md.render(text or "")
    # Headings are demoted so a body cannot outshout the page's own title.
    for level in ("h1", "h2"):
        html = html.replace(f"<{level}>", "<h3>").replace(f"</{level}>", "</h3>")
    clean = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                      link_rel="nofollow noopener noreferrer")
    return Markup(clean)
