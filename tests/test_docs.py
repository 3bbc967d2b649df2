"""The README and docs/ link only to what exists: every relative link names a file of the
repository, and every #anchor a heading of the page it points to (GitHub's heading ids)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)|!\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def slug(heading: str) -> str:
    """GitHub's id for a heading: lower case, markup and punctuation dropped, spaces to -."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    return {slug(h) for h in HEADING.findall(FENCE.sub("", page.read_text()))}


def dead_links(page: Path, root: Path = ROOT) -> list[str]:
    dead = []
    for match in LINK.finditer(FENCE.sub("", page.read_text())):
        target = match.group(1) or match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists() or not file.is_relative_to(root):
            dead.append(f"{target}: no such file")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            dead.append(f"{target}: no heading #{anchor} in {file.relative_to(root)}")
    return dead


def test_there_are_docs_to_check():
    names = {str(p.relative_to(ROOT)) for p in pages()}
    assert {"README.md", "docs/architecture.md", "docs/operations.md"} <= names


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_internal_link_leads_somewhere(page):
    assert dead_links(page) == []


def test_every_page_of_the_docs_is_reachable_from_the_readme():
    seen, todo = set(), [ROOT / "README.md"]
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        for match in LINK.finditer(FENCE.sub("", page.read_text())):
            path = (match.group(1) or match.group(2)).partition("#")[0]
            target = (page.parent / path).resolve() if path else page
            if target.suffix == ".md" and target.exists():
                todo.append(target)
    assert {p.relative_to(ROOT) for p in pages()} - {p.relative_to(ROOT) for p in seen} == set()


def test_the_check_finds_a_dead_link_and_a_dead_anchor(tmp_path):
    (tmp_path / "a.md").write_text("# Top\n\n## Second part\n[ok](#second-part) [x](b.md)\n")
    (tmp_path / "c.md").write_text("[gone](a.md#third) [there](a.md#top) ![img](pic.svg)\n")
    assert slug("What `kept` means, and why") == "what-kept-means-and-why"
    assert dead_links(tmp_path / "a.md", tmp_path) == ["b.md: no such file"]
    assert dead_links(tmp_path / "c.md", tmp_path) == [
        "a.md#third: no heading #third in a.md",
        "pic.svg: no such file",
    ]
