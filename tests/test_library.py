"""The reference library is the seeds' text, word for word: every heading and line of every
piece stands in its seed (only line breaks and spacing differ), and each piece shows where
it is used."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from library.pieces import PIECES

# The seeds the library quotes, kept beside it (as the rubric's seed is beside its data); the
# last test proves they are the shared seeds when those are beside this checkout.
SOURCES = Path(settings.BASE_DIR) / "library" / "sources"
SHARED = Path(settings.BASE_DIR).parent / "shared" / "seeds"


def flat(text: str) -> str:
    """Spacing and line breaks aside (a word the slides broke at its hyphen is one word)."""
    text = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1-\2", text)
    return re.sub(r"\s+", " ", text).strip()


def seed_text(number: str) -> str:
    [path] = SOURCES.glob(f"{number}_*.txt")
    return flat(path.read_text())


def _indicator(cast) -> str:
    from tests.routes import matrix_competencies

    code = matrix_competencies(cast)["indicator"]
    return reverse(
        "competencies:indicator", kwargs={"district": cast.riverside.code, "indicator": code}
    )


EXPECTED = {
    "ten-principles",
    "mbl-simplified",
    "definitions",
    "uncommon-terms",
    "assessment-pathways",
    "scoring-criteria",
    "high-leverage-policy",
    "policy-considerations",
    "community-engagement",
    "promising-practices",
    "frameworks-institute",
    "sojourners",
    "signals",
}


def test_every_listed_piece_is_in_the_library():
    assert {piece.key for piece in PIECES} == EXPECTED


@pytest.mark.parametrize("piece", PIECES, ids=[p.key for p in PIECES])
def test_each_piece_is_its_seeds_text_word_for_word(piece):
    seed = seed_text(piece.seed)
    for heading, lines in piece.parts:
        for text in (heading, *lines):
            if text:
                assert flat(text) in seed, f"{piece.key}: {text!r} is not in seed {piece.seed}"


def test_the_ten_principles_are_ten_in_four_groups():
    principles = next(p for p in PIECES if p.key == "ten-principles")
    assert [h for h, _ in principles.parts] == [
        "Learning Standards",
        "Assessment Practices",
        "Grading + Reporting",
        "Instructional Strategies",
    ]
    assert sum(len(lines) for _, lines in principles.parts) == 10


def test_the_library_page_shows_every_piece(client_for, cast):
    page = client_for("member").get(reverse("library:index")).content.decode()
    for piece in PIECES:
        assert f'id="{piece.key}"' in page


@pytest.mark.parametrize(
    ("url", "role", "key"),
    [
        (
            lambda c, r: reverse(
                "rubrics:rate", kwargs={"district": c.riverside.code, "round_code": r.code}
            ),
            "member",
            "ten-principles",
        ),
        (
            lambda c, r: reverse("competencies:outline", kwargs={"district": c.riverside.code}),
            "member",
            "definitions",
        ),
        (lambda c, r: _indicator(c), "member", "scoring-criteria"),
        (
            lambda c, r: reverse("planning:grid", kwargs={"district": c.riverside.code}),
            "member",
            "sojourners",
        ),
        (
            lambda c, r: reverse("planning:policies", kwargs={"district": c.riverside.code}),
            "member",
            "high-leverage-policy",
        ),
        (
            lambda c, r: reverse("planning:engagement", kwargs={"district": c.riverside.code}),
            "member",
            "community-engagement",
        ),
    ],
    ids=["rubric", "competencies", "checks", "plan", "policies", "engagement"],
)
def test_each_piece_is_shown_where_it_is_used(url, role, key, cast, client_for, draft_round):
    from library.pieces import BY_KEY

    page = client_for(role).get(url(cast, draft_round)).content.decode()
    assert f"From the reference library: {BY_KEY[key].title}" in page


def test_the_meeting_page_shows_the_signals(cast, client_for):
    from tests.routes import matrix_meeting

    meeting = matrix_meeting(cast)["meeting"]
    page = client_for("facilitator").get(reverse("meetings:meeting", kwargs={"meeting": meeting}))
    assert "From the reference library: SIGNALS" in page.content.decode()


def test_the_kept_sources_are_the_shared_seeds():
    if not SHARED.exists():
        pytest.skip("shared/seeds is not beside this checkout")
    for path in SOURCES.glob("*.txt"):
        assert path.read_bytes() == (SHARED / path.name).read_bytes(), path.name
