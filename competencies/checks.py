"""The seed's design guide for competencies and scoring criteria, as checks a tool can apply.

Each finding explains itself in the seed's words ("Crafting Scoring Criteria: Design Guide",
"Designing Scoring Criteria: Continuum of Achievement", "Mastery-Based Learning Simplified")
and suggests the fix. The checks read prefetched objects and run no query.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

# Bloom's revised taxonomy, by the verbs that name each level of cognitive demand.
BLOOM = {
    1: (
        "Remember",
        "list identify recognize recall locate name define label match state "
        "memorize repeat retrieve",
    ),
    2: (
        "Understand",
        "describe explain summarize interpret classify paraphrase discuss "
        "illustrate infer report restate exemplify",
    ),
    3: (
        "Apply",
        "apply use determine solve implement execute demonstrate calculate compute predict",
    ),
    4: (
        "Analyze",
        "analyze analyse compare contrast differentiate distinguish organize "
        "integrate examine attribute",
    ),
    5: ("Evaluate", "evaluate justify critique judge assess defend argue refine appraise"),
    6: (
        "Create",
        "create design construct develop produce plan generate compose formulate invent build",
    ),
}


# Webb's Depth of Knowledge, by verbs commonly used for each level (the seed names it beside
# Bloom's: "Applies Bloom’s Revised Taxonomy, Marzano’s New Taxonomy, or Webb’s Depth of
# Knowledge scales when defining levels of achievement"); a district chooses which to apply.
WEBB = {
    1: (
        "Recall and Reproduction",
        "recall identify recognize list define label name state match memorize repeat "
        "locate tell measure recite",
    ),
    2: (
        "Skills and Concepts",
        "classify organize estimate summarize interpret infer describe explain predict "
        "categorize graph compare observe collect display distinguish modify relate solve "
        "use apply determine calculate compute",
    ),
    3: (
        "Strategic Thinking",
        "analyze analyse assess formulate hypothesize investigate revise critique justify "
        "argue support differentiate construct draw cite evaluate defend develop examine",
    ),
    4: (
        "Extended Thinking",
        "design create synthesize connect prove research compose produce plan invent "
        "generate build",
    ),
}

TAXONOMIES = {
    "bloom": ("Bloom’s Revised Taxonomy", BLOOM),
    "webb": ("Webb’s Depth of Knowledge", WEBB),
}


def _forms(verb: str) -> set[str]:
    stem = verb[:-1] if verb.endswith("e") else verb
    forms = {verb, verb + "s", verb + "es", stem + "ed", stem + "ing", verb + "d"}
    if verb.endswith("y"):
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
    return forms


def _verb_levels(taxonomy: dict) -> dict[str, int]:
    return {
        form: level
        for level, (_, verbs) in taxonomy.items()
        for v in verbs.split()
        for form in _forms(v)
    }


VERB_LEVELS = {key: _verb_levels(levels) for key, (_, levels) in TAXONOMIES.items()}
VERB_LEVEL = VERB_LEVELS["bloom"]
# What follows a negation, up to the end of its clause, is what the student does not do; what
# follows "help" is what the work helps with. Neither is the student's demonstrated demand.
NOT_DEMONSTRATED = re.compile(
    r"\b(?:not|cannot|can't|never|unable to|fails? to)\b[^.;:,]*|\bhelps?\s+(?:to\s+)?\w+",
    re.I,
)
WORD = re.compile(r"[a-z']+")

FREQUENCY = re.compile(
    r"\b(frequently|reliably|rarely|never|sometimes|always|usually|often|occasionally|"
    r"consistently|\d+\s+times?|(?:once|twice|one|two|three|four|five)\s+times?)\b",
    re.I,
)
DEFICIT = re.compile(
    r"\b(does not|do not|doesn't|don't|cannot|can not|can't|fails? to|unable to|lacks?|"
    r"lack of|no evidence of)\b",
    re.I,
)
TASK = re.compile(
    r"\b(tests?|quiz(?:zes)?|worksheets?|exams?|homework|chapter \d+|page \d+|lab reports?)\b",
    re.I,
)


@dataclass(frozen=True)
class Finding:
    check: str
    message: str  # the seed's words
    fix: str
    detail: str = ""
    level: int | None = None  # the scale level a criterion finding is about

    @property
    def title(self) -> str:
        return CHECK_TITLES[self.check]


CHECK_TITLES = {
    "count": "How many",
    "frequency": "Frequency instead of complexity",
    "deficit": "Deficits instead of what students can do",
    "missing": "A level without a criterion",
    "task": "Tied to one task",
    "demand": "Cognitive demand does not rise",
    "elements": "Leaves out an element of the indicator",
}

# Words that name no element of what an indicator asks (its grammar, its verbs).
_STOP = """a an the and or but nor of to in on for with by from as at into about onto over
under their his her its our your they them it this that these those each every all any some
student students learner learners will would should can could may be is are was were able
how what which who whom whose when where why within across between through using use uses
used own other others such more most less many much one two three"""
STOP_WORDS = frozenset(_STOP.split())


def cognitive_demand(text: str, taxonomy: str = "bloom") -> tuple[int, str] | None:
    """The highest level of the taxonomy (Bloom's, or Webb's Depth of Knowledge) among the
    verbs of what the student does, with the verb; None when no verb of it is found."""
    best = None
    levels = VERB_LEVELS[taxonomy]
    for word in WORD.findall(NOT_DEMONSTRATED.sub(" ", text).lower()):
        level = levels.get(word)
        if level and (best is None or level > best[0]):
            best = (level, word)
    return best


def _stem(word: str) -> str:
    return word[:5]


def indicator_elements(text: str) -> list[tuple[str, set[str]]]:
    """The elements of what an indicator asks: its clauses (split at commas, semicolons and
    "and"), each with the stems of its content words (not its grammar, not its verbs)."""
    verbs = set(VERB_LEVELS["bloom"]) | set(VERB_LEVELS["webb"])
    found = []
    for clause in re.split(r"[,;]|\band\b|\bor\b", re.sub(r"\([^)]*\)", " ", text)):
        words = {
            _stem(w)
            for w in WORD.findall(clause.lower())
            if len(w) > 3 and w not in STOP_WORDS and w not in verbs
        }
        if words:
            found.append((clause.strip(" .:"), words))
    return found


def _element_findings(texts: list[str], indicator_text: str) -> list[Finding]:
    """The seed: scoring criteria "Include all elements of the Performance Indicator"; the
    weaker statement "Leaves out elements of the performance indicator". An element is left
    out when no criterion names any of its content words."""
    written = {_stem(w) for text in texts for w in WORD.findall(text.lower())}
    return [
        Finding(
            "elements",
            "Scoring criteria include all elements of the Performance Indicator.",
            f"Say what a student knows or can do about “{clause}” at each level.",
            detail=f"“{clause}” is in no criterion",
        )
        for clause, words in indicator_elements(indicator_text)
        if not words & written
    ]


def criterion_findings(
    texts: list[str], labels: list[str], indicator_text: str = "", taxonomy: str = "bloom"
) -> list[Finding]:
    """Findings about one indicator's criteria, given in scale order (blank: missing). One
    finding per problem: an indicator with no criteria yet has one, not one per level."""
    if not any(text.strip() for text in texts):
        return [
            Finding(
                "missing",
                "Are there defined levels of achievement and rigor associated with each level "
                "of proficiency?",
                "Write what a student knows or is able to do at each level, from "
                f"“{labels[0]}” to “{labels[-1]}”.",
                detail="no scoring criteria yet",
            )
        ]
    findings = []
    for level, (text, label) in enumerate(zip(texts, labels, strict=True), start=1):
        if not text.strip():
            findings.append(
                Finding(
                    "missing",
                    "Are there defined levels of achievement and rigor associated with each level "
                    "of proficiency?",
                    f"Write what a student knows or is able to do at “{label}”.",
                    level=level,
                )
            )
            continue
        if match := FREQUENCY.search(text):
            findings.append(
                Finding(
                    "frequency",
                    "Scoring criteria describe complexity rather than frequency (avoid terms "
                    "focused on frequency: frequently, reliably, rarely, never).",
                    "Describe the complexity of what the student does at this level, with terms "
                    "focused on cognitive demand such as create, explain, recognize, describe.",
                    detail=f"“{match.group(0)}” at {label}",
                    level=level,
                )
            )
        if level < len(labels) and (match := DEFICIT.search(text)):
            findings.append(
                Finding(
                    "deficit",
                    "Scoring criteria focus on what students can do rather than deficiencies.",
                    "Describe what a student knows or is able to do at this level.",
                    detail=f"“{match.group(0)}” at {label}",
                    level=level,
                )
            )
        if match := TASK.search(text):
            findings.append(
                Finding(
                    "task",
                    "Scoring criteria are task neutral: they can be applied to a variety of "
                    "assessments or tasks.",
                    "Name the skill rather than the assessment, so that any task can show it.",
                    detail=f"“{match.group(0)}” at {label}",
                    level=level,
                )
            )
    findings.extend(_demand_findings(texts, labels, taxonomy))
    if indicator_text:
        findings.extend(_element_findings([t for t in texts if t.strip()], indicator_text))
    return findings


def _demand_findings(texts: list[str], labels: list[str], taxonomy: str = "bloom") -> list[Finding]:
    name, levels = TAXONOMIES[taxonomy]
    demands = [
        (i, cognitive_demand(t, taxonomy)) for i, t in enumerate(texts, start=1) if t.strip()
    ]
    known = [(i, d) for i, d in demands if d is not None]
    findings = []
    for (i, (lower, lower_verb)), (j, (higher, higher_verb)) in pairwise(known):
        if higher < lower:
            findings.append(
                Finding(
                    "demand",
                    "Scoring criteria are aligned with the level of cognitive demand: apply "
                    f"{name} when defining levels of achievement.",
                    f"Ask for more at “{labels[j - 1]}” than at “{labels[i - 1]}”: "
                    f"“{higher_verb}” ({levels[higher][0]}) asks less than "
                    f"“{lower_verb}” ({levels[lower][0]}).",
                    detail=f"{labels[i - 1]}: {lower_verb}; {labels[j - 1]}: {higher_verb}",
                    level=j,
                )
            )
    if len(known) == len(texts) > 1 and len({d[0] for _, d in known}) == 1:
        verb_level = levels[known[0][1][0]][0]
        findings.append(
            Finding(
                "demand",
                "Scoring criteria are aligned with the level of cognitive demand: apply "
                f"{name} when defining levels of achievement.",
                f"Every level asks for the same demand ({verb_level}): let higher levels ask "
                "students to do more, e.g. explain, then apply, then create.",
            )
        )
    return findings


def _plural(n: int, word: str) -> str:
    if n == 1:
        return word
    return word[:-1] + "ies" if word.endswith("y") else word + "s"


def count_advice(n: int, low: int, high: int, word: str, where: str) -> str:
    """What to do about a count outside its range, in words that fit the count seen."""
    if n < low:
        missing = low - n
        return (
            f"Add {missing} more {_plural(missing, word)}{where} (or split one that holds two "
            f"ideas), so that there are {low} to {high}."
        )
    extra = n - high
    return (
        f"Combine {_plural(2, word)}{where} that overlap: {extra} too many, "
        f"so that there are {low} to {high}."
    )


def count_findings(competencies) -> dict[object, list[Finding]]:
    """Findings about how many competencies and indicators there are, keyed by the object
    they are about (None for the whole cross-curricular set, a content area's name for it)."""
    found: dict[object, list[Finding]] = defaultdict(list)
    cross = [c for c in competencies if c.kind == "cross_curricular"]
    by_area: dict[str, list] = defaultdict(list)
    for c in competencies:
        if c.kind == "content_area":
            by_area[c.content_area].append(c)
    if cross and not 5 <= len(cross) <= 8:
        found[None].append(
            Finding(
                "count",
                "Cross-curricular graduation competencies: 5-8 school-wide competencies.",
                count_advice(len(cross), 5, 8, "competency", " for the whole school"),
                detail=f"{len(cross)} cross-curricular {_plural(len(cross), 'competency')}",
            )
        )
    for area, items in by_area.items():
        if not 5 <= len(items) <= 8:
            found[area].append(
                Finding(
                    "count",
                    "Content-area cluster competencies: 5-8 competencies per content area.",
                    count_advice(len(items), 5, 8, "competency", f" in {area}"),
                    detail=f"{len(items)} {area} {_plural(len(items), 'competency')}",
                )
            )
        for competency in items:
            n = len(competency.indicators.all())
            if not 5 <= n <= 10:
                found[competency].append(
                    Finding(
                        "count",
                        "Performance indicators: 5-10 indicators per content-area competency.",
                        count_advice(n, 5, 10, "indicator", ""),
                        detail=f"{n} {_plural(n, 'indicator')}",
                    )
                )
    return found
