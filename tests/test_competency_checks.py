"""The design guide's checks, on the seed's own samples and on criteria written to fail them."""

import json

import pytest

from competencies.checks import cognitive_demand, count_findings, criterion_findings
from competencies.services import STARTER

LEVELS = ["Does Not Meet", "Partially Meets", "Meets", "Exceeds"]


def seed_sample(text_start: str) -> list[str]:
    for competency in json.loads(STARTER.read_text())["competencies"]:
        for indicator in competency["indicators"]:
            if indicator["text"].startswith(text_start):
                return indicator["criteria"]
    raise KeyError(text_start)


def checks(texts):
    return [(f.check, f.level) for f in criterion_findings(texts, LEVELS)]


def test_the_periodic_table_samples_pass_every_check():
    assert checks(seed_sample("Use the periodic table")) == []
    assert checks(seed_sample("Construct and revise an explanation")) == []


def test_the_linear_and_exponential_sample_is_read_with_blooms_taxonomy():
    """The seed's columns run Describe, Recognize, Explain, Create. Under Bloom's revised
    taxonomy recognizing (Remember) asks less than describing (Understand), so the second
    level is flagged; explaining and creating rise again."""
    texts = seed_sample("Linear and exponential")
    assert [cognitive_demand(t)[1] for t in texts] == ["describe", "recognize", "explain", "create"]
    assert checks(texts) == [("demand", 2)]


def test_the_research_questions_sample_asks_less_at_exceeds_than_at_meets():
    texts = seed_sample("Students will be able to develop appropriate research questions")
    assert [cognitive_demand(t)[1] for t in texts] == ["list", "identify", "construct", "refine"]
    assert checks(texts) == [("demand", 4)]


def test_the_evidence_and_logic_sample_describes_a_deficit():
    texts = seed_sample("Use evidence and logic")
    findings = criterion_findings(texts, LEVELS)
    assert [(f.check, f.level) for f in findings] == [("deficit", 1)]
    assert findings[0].detail == "“does not” at Does Not Meet"
    assert "what students can do rather than deficiencies" in findings[0].message


@pytest.mark.parametrize(
    "word",
    [
        "frequently",
        "reliably",
        "rarely",
        "never",
        "sometimes",
        "always",
        "usually",
        "often",
        "2 times",
        "three times",
    ],
)
def test_frequency_words_are_flagged(word):
    texts = [
        "I can identify a claim",
        f"I can {word} explain a claim",
        "I can analyze a claim",
        "I can design an argument",
    ]
    found = criterion_findings(texts, LEVELS)
    assert [(f.check, f.level) for f in found if f.check == "frequency"] == [("frequency", 2)]
    assert "complexity rather than frequency" in found[0].message


@pytest.mark.parametrize(
    "phrase", ["does not", "cannot", "fails to", "unable to", "lacks", "no evidence of"]
)
def test_deficit_phrases_are_flagged_below_the_top_level(phrase):
    texts = [
        f"Student {phrase} identify the main idea",
        "I can explain the main idea",
        "I can analyze the main idea",
        "I can evaluate the main idea",
    ]
    assert ("deficit", 1) in checks(texts)


def test_an_indicator_without_criteria_has_one_finding_not_one_per_level():
    found = criterion_findings(["", " ", "", ""], LEVELS)
    assert [(f.check, f.level) for f in found] == [("missing", None)]
    assert found[0].fix == (
        "Write what a student knows or is able to do at each level, "
        "from “Does Not Meet” to “Exceeds”."
    )


def test_a_missing_level_is_flagged_with_its_name():
    found = criterion_findings(["I can list", "", "I can analyze", "I can create"], LEVELS)
    missing = [f for f in found if f.check == "missing"]
    assert [(f.level, f.fix) for f in missing] == [
        (2, "Write what a student knows or is able to do at “Partially Meets”.")
    ]


@pytest.mark.parametrize("task", ["the unit test", "Quiz 3", "the worksheet", "the final exam"])
def test_criteria_tied_to_one_task_are_flagged(task):
    texts = [
        "I can identify causes",
        f"I can explain causes on {task}",
        "I can analyze causes",
        "I can evaluate causes",
    ]
    assert ("task", 2) in checks(texts)


def test_flat_cognitive_demand_is_flagged():
    texts = [
        "I can explain one cause",
        "I can explain two causes",
        "I can explain causes well",
        "I can explain all causes",
    ]
    assert checks(texts) == [("demand", None)]


def test_verbs_the_student_does_not_do_do_not_count():
    assert cognitive_demand("Recognizes ideas but does not use reasoning to generate a claim") == (
        1,
        "recognizes",
    )
    assert cognitive_demand("Specifics that would help develop my understanding") is None


class FakeCompetency:
    def __init__(self, kind, area="", indicators=0):
        self.kind, self.content_area = kind, area
        self._indicators = list(range(indicators))

    @property
    def indicators(self):
        return self

    def all(self):
        return self._indicators


def test_counts_follow_the_seed():
    cross = [FakeCompetency("cross_curricular") for _ in range(4)]
    science = [FakeCompetency("content_area", "Science", indicators=5) for _ in range(5)]
    science.append(FakeCompetency("content_area", "Science", indicators=11))
    found = count_findings(cross + science)
    assert [f.detail for f in found[None]] == ["4 cross-curricular competencies"]
    assert "Science" not in found  # 6 Science competencies: within 5-8
    assert [f.detail for f in found[science[-1]]] == ["11 indicators"]
    assert "5-10 indicators per content-area competency" in found[science[-1]][0].message


def test_count_advice_fits_the_count_it_sees():
    from competencies.checks import count_advice

    assert count_advice(3, 5, 8, "competency", " in Science") == (
        "Add 2 more competencies in Science (or split one that holds two ideas), "
        "so that there are 5 to 8."
    )
    assert count_advice(4, 5, 10, "indicator", "") == (
        "Add 1 more indicator (or split one that holds two ideas), so that there are 5 to 10."
    )
    assert count_advice(11, 5, 10, "indicator", "") == (
        "Combine indicators that overlap: 1 too many, so that there are 5 to 10."
    )
