"""What a build step returned, kept in memory for the next build of the same process."""

from __future__ import annotations

from mkdocs_colab.plugins.memo import Memo, digest


def test_a_build_keeps_what_the_build_before_used_and_forgets_the_rest():
    memo: Memo[str] = Memo()
    memo.put("used", "a")
    memo.put("once", "b")
    memo.new_build()
    assert memo.get("used") == "a"  # this build uses it; "once" it does not
    memo.new_build()
    assert memo.get("used") == "a"
    assert memo.get("once") is None


def test_nothing_is_kept_beyond_the_build_after_the_one_that_last_used_it():
    memo: Memo[str] = Memo()
    memo.put("page", "html")
    memo.new_build()
    memo.new_build()
    assert memo.get("page") is None


def test_the_key_tells_its_parts_apart():
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("a", b"b") == digest(b"a", "b")
