"""Each page's Content-Security-Policy allows exactly its own inline scripts."""

from __future__ import annotations

import base64
import hashlib
import html

from mkdocs_colab.policy import Sources, policy, scan, with_policy

PAGE = """<!doctype html>
<html><head>
<meta charset="utf-8"><script>var a = 1;</script>
<script src="assets/app.js"></script>
<script type="application/json">{"base": "."}</script>
<script type="module">import("./x.js")</script>
</head><body><p>Text</p><script>
  window.done = true;
</script></body></html>"""


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_only_inline_executable_scripts_are_hashed():
    assert scan(PAGE).inline_scripts == [
        "var a = 1;",
        'import("./x.js")',
        "\n  window.done = true;\n",
    ]


def directive(text: str, name: str) -> str:
    return next(d for d in text.split("; ") if d.startswith(f"{name} "))


def test_policy_lists_hashes_and_exact_sources_and_no_unsafe_inline_scripts():
    text = policy(
        scan(PAGE), Sources(scripts=("https://unpkg.com/mermaid@11/dist/mermaid.min.js",))
    )
    hashes = " ".join(sorted(sha(script) for script in scan(PAGE).inline_scripts))
    assert directive(text, "script-src") == (
        f"script-src 'self' {hashes} https://unpkg.com/mermaid@11/dist/mermaid.min.js"
    )
    assert "'unsafe-inline'" not in directive(text, "script-src")
    assert "object-src 'none'" in text and "base-uri 'self'" in text


EXTERNAL = """<html><head>
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
<script src="https://cdnjs.cloudflare.com/ajax/libs/highlight.js/11.8.0/highlight.min.js?x=1"></script>
<script src="assets/local.js"></script>
</head><body></body></html>"""


def test_what_the_pages_own_markup_loads_is_allowed_by_exact_url():
    text = policy(scan(EXTERNAL), Sources(scripts=()))
    assert directive(text, "script-src") == (
        "script-src 'self' https://cdnjs.cloudflare.com/ajax/libs/highlight.js/11.8.0/highlight.min.js"
    )
    assert directive(text, "style-src").endswith("https://fonts.googleapis.com/css")
    # The Google Fonts stylesheet loads its fonts from another host.
    assert "https://fonts.gstatic.com" in directive(text, "font-src")


def test_frames_are_the_configured_sources_or_none():
    assert directive(policy(scan(PAGE), Sources(frames=())), "frame-src") == "frame-src 'none'"
    frames = Sources(frames=("https://www.youtube-nocookie.com",))
    assert directive(policy(scan(PAGE), frames), "frame-src") == (
        "frame-src https://www.youtube-nocookie.com"
    )


def test_meta_tag_is_the_first_element_of_head():
    result = with_policy(PAGE)
    head = result.split("<head>", 1)[1]
    assert head.startswith('<meta http-equiv="Content-Security-Policy" content="default-src')
    assert html.unescape(sha("var a = 1;")) in html.unescape(head)
    assert result.replace(head.split(">", 1)[0] + ">", "", 1) == PAGE


def test_a_page_without_head_is_left_alone():
    assert with_policy("<p>fragment</p>") == "<p>fragment</p>"
