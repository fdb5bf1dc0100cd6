"""Block lowering, whole blocks at a time: each construct's lowering tried, in order, on each
line of the page.

Each block lowering looks at the line it is given and either takes the whole block (and says
where the next unread line is) or leaves the line to the next one; prose lines go to the inline
lowering. The constructs live by kind: :mod:`.fenced` (code), :mod:`.containers` (admonitions,
tabs, pymdownx.blocks, md_in_html, definition lists), :mod:`.definitions` (footnotes,
abbreviations, scripts); :mod:`.lowering` is what they share.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .containers import (
    has_tab_labelled,
    lower_admonition_at,
    lower_definition_list_at,
    lower_generic_block_at,
    lower_tab_at,
    same_label,
    unwrap_markdown_in_html_at,
)
from .critic import accept_critic_marks
from .definitions import (
    drop_abbreviation_at,
    drop_script_at,
    lower_footnote_definition_at,
    notes_list,
    number_footnotes,
    page_abbreviations,
)
from .fenced import lower_fence_at
from .lowering import (
    TOP_LEVEL,
    BlockLowering,
    State,
    collapse_blank_lines,
    lower_lines,
    restore_kept_blocks,
    with_code_cells,
)

__all__ = ["LoweredPage", "has_tab_labelled", "lower_page", "restore_kept_blocks", "same_label"]

# In this order: a script or a fence is text to nothing else; the containers before the
# definitions that may sit inside them.
LOWERINGS: tuple[BlockLowering, ...] = (
    drop_script_at,
    lower_fence_at,
    lower_admonition_at,
    lower_tab_at,
    lower_generic_block_at,
    unwrap_markdown_in_html_at,
    lower_definition_list_at,
    lower_footnote_definition_at,
    drop_abbreviation_at,
)


@dataclass(frozen=True)
class LoweredPage:
    lines: list[str]  # the page as Markdown that Colab shows, a footnotes list at the end
    kept_blocks: list[list[str]]  # the code blocks behind the placeholders
    scripts: list[str] = field(default_factory=list)  # the first line of each script left out


def lower_page(lines: list[str], *, page_url: str, framework: str | None = None) -> LoweredPage:
    """Lower a page's lines; ``page_url`` is where Mermaid diagrams link to; ``framework``
    the content-tab label whose tabs this copy keeps (None: every tab, the first one's code
    runs)."""
    lines = accept_critic_marks(lines)  # pymdownx.critic reads the page before anything else
    state = State(
        page_url=page_url,
        footnote_numbers=number_footnotes(lines),
        page_text="\n".join(lines),
        framework=framework,
        abbreviations=page_abbreviations(lines),
        lowerings=LOWERINGS,
    )
    lowered = collapse_blank_lines(lower_lines(lines, state, TOP_LEVEL) + notes_list(state))
    return LoweredPage(with_code_cells(lowered, state), state.kept_blocks, state.scripts)
