"""What a build step returned, kept in memory for the next build of the same process."""

from __future__ import annotations

from mkdocs_colab.plugins.memo import Memo, content_key, digest, forget_made, made_from


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


def test_a_page_made_from_hashed_inputs_is_known_by_their_hash_while_it_is_that_very_text():
    made = "".join(["<p>", "a converted page", "</p>"])  # not a constant: a string of its own
    made_from("page.ipynb", made, "hash of the notebook")
    known = content_key("page.ipynb", made)
    assert known != digest(made)
    assert content_key("page.ipynb", made) == known
    equal_text = "".join(["<p>a converted page", "</p>"])
    assert content_key("page.ipynb", equal_text) == digest(equal_text)  # another plugin's
    assert content_key("other.ipynb", made) == digest(made)
    forget_made("page.ipynb")
    assert content_key("page.ipynb", made) == digest(made)
