"""The colour of each level, by its position, for what is not styled by CSS (the XLSX
exports, the SVG charts). The one source is frontend/levels.scss, built into
static/css/levels.css, which the web pages and the PDFs use: this module reads that file, so
the exports cannot drift from the pages."""

import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings

LEVELS_CSS = Path(settings.BASE_DIR) / "static" / "css" / "levels.css"
RULE = re.compile(
    r"\.level-(\d+)\s*\{\s*background-color:\s*(#[0-9a-f]{6})\s*;\s*color:\s*(#[0-9a-f]{6})"
)


@lru_cache(maxsize=1)
def level_palette() -> dict[int, tuple[str, str]]:
    """{position: (background, text)} for each coloured level."""
    found = {int(n): (bg, fg) for n, bg, fg in RULE.findall(LEVELS_CSS.read_text().lower())}
    if not found:
        raise RuntimeError(f"{LEVELS_CSS} names no level colours: run `make css`.")
    return found


def level_colour(position: int | None) -> str | None:
    """A level's background colour, or None for a level without one (not rated)."""
    pair = level_palette().get(position or 0)
    return pair[0] if pair else None
