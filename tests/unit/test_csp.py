"""Each page's Content-Security-Policy allows exactly its own inline scripts."""

from __future__ import annotations

import base64
import hashlib

from mkdocs_colab.policy import policy, scan, with_policy

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
    scripts, _ = scan(PAGE)
    assert scripts == ["var a = 1;", 'import("./x.js")', "\n  window.done = true;\n"]


def test_policy_lists_hashes_and_hosts_and_no_unsafe_inline_scripts():
    text = policy(["var a = 1;"], ["https://unpkg.com"])
    script_src = next(d for d in text.split("; ") if d.startswith("script-src"))
    assert script_src == f"script-src 'self' {sha('var a = 1;')} https://unpkg.com"
    assert "object-src 'none'" in text and "base-uri 'self'" in text


def test_meta_tag_is_the_first_element_of_head():
    result = with_policy(PAGE)
    head = result.split("<head>", 1)[1]
    assert head.startswith('<meta http-equiv="Content-Security-Policy" content="default-src')
    assert sha("var a = 1;") in head and sha("\n  window.done = true;\n") in head
    assert result.replace(head.split(">", 1)[0] + ">", "", 1) == PAGE


def test_a_page_without_head_is_left_alone():
    assert with_policy("<p>fragment</p>") == "<p>fragment</p>"
