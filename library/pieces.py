"""The reference library: what the rubric, the plan and the competencies rest on, taken from
the seed documents (../shared/seeds/) word for word (only their line breaks differ; a test
proves every line is in its seed: tests/test_library.py). Each piece is shown where it is
used ({% reference "key" %}) and all of them on the library page.

A piece: its title (Waypoint's label), its seed, where it is used, its parts (heading, lines:
both the seed's words) and, where the seed's layout says more than its words, a note in
Waypoint's own words.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    key: str
    title: str
    seed: str  # the seed file's number
    used_on: str  # where it is shown, in a few words
    parts: tuple[tuple[str, tuple[str, ...]], ...]
    note: str = ""


PIECES = (
    Piece(
        "ten-principles",
        "10 Principles Of Mastery-Based Learning",
        "002",
        "beside the rubric's dimensions, when rating",
        (
            (
                "Learning Standards",
                (
                    "1. All learning expectations are clearly and consistently communicated to "
                    "students + families",
                    "2. Student achievement is evaluated against common learning standards and "
                    "performance expectations that are consistently applied to all students",
                ),
            ),
            (
                "Assessment Practices",
                (
                    "3. All forms of assessment are standards-based and criterion-referenced",
                    "4. Formative assessments measure learning progress during the "
                    "instructional process",
                    "5. Summative assessments - which are integrated tasks requiring transfer "
                    "of knowledge and skills, application, and performance in novel settings",
                ),
            ),
            (
                "Grading + Reporting",
                (
                    "6. Academic progress and achievement are monitored and reported separately",
                    "7. Academic grades communicate learning progress and achievement",
                    "8. Students are given multiple opportunities to improve their work when "
                    "they fail to meet expected standards.",
                ),
            ),
            (
                "Instructional Strategies",
                (
                    "9. Students can demonstrate learning progress and achievement in multiple "
                    "ways",
                    "10. Students are given opportunities to make important decisions about "
                    "their learning",
                ),
            ),
        ),
    ),
    Piece(
        "mbl-simplified",
        "Mastery-Based Learning Simplified",
        "002",
        "beside the rubric's dimensions, when rating",
        (
            (
                "Cross-Curricular Graduation Competencies",
                (
                    "5-8 school-wide competencies",
                    "Cross-Curricular Graduation Competencies define a set of significant "
                    "learning concepts that are not within the domain of a single content area, "
                    "but are embedded in multiple areas.",
                ),
            ),
            (
                "Content-Area Cluster Competencies",
                (
                    "5-8 competencies per content area",
                    "Content-Area Graduation Competencies define a set of significant learning "
                    "concepts in each content area.",
                ),
            ),
            ("Performance Indicators", ("5-10 indicators per content-area competency",)),
            (
                "Unit-Based Learning Objectives",
                (
                    "Guided by essential questions, teachers use daily learning targets to "
                    "create progressions that move students toward the demonstration of "
                    "performance indicators",
                ),
            ),
            (
                "Assessment Method",
                (
                    "Demonstration by Body of Evidence",
                    "Portfolios, exhibitions, and other culminating demonstrations of learning "
                    "are assessed",
                    "Verification and Proficiency",
                    "Student progress toward the achievement of competencies is determined and "
                    "reported",
                    "Common School-Wide Assessments",
                    "Common summative assessments ensure greater consistency in the evaluation "
                    "of student learning",
                    "Formative Teacher Assessments",
                    "Ongoing formative assessment is used to evaluate student learning progress",
                ),
            ),
        ),
    ),
    Piece(
        "definitions",
        "Graduation Competencies, Performance Indicators, Learning Objectives",
        "002",
        "on the competencies' outline",
        (
            (
                "A Graduation Competency Is...",
                (
                    "a standard that focuses instruction on the most foundational, enduring, "
                    "and leveraged concepts and skills within a discipline.",
                ),
            ),
            (
                "A Performance Indicator",
                (
                    "Describes or defines what students need to know and be able to do to "
                    "demonstrate mastery of a graduation standard.",
                    "Is measurable.",
                    "Students can demonstrate their performance over time.",
                    "The aggregation of proficiency on these performance indicators measures "
                    "whether a student has met the graduation standard.",
                ),
            ),
            (
                "Learning Objectives Are...",
                (
                    "The component parts of a performance indicator - that is, the "
                    "performance indicator has been broken down into a series of progressive "
                    "steps and digestible chunks.",
                ),
            ),
        ),
    ),
    Piece(
        "uncommon-terms",
        "(Un)Common Terms for “Standards”",
        "002",
        "on the competencies' outline",
        (
            (
                "",
                (
                    "PRIORITY STANDARD",
                    "GRADUATION STANDARD",
                    "PERFORMANCE INDICATORS",
                    "POWER STANDARDS",
                    "PROFICIENCY STANDARDS",
                    "COMPETENCIES",
                    "MEASUREMENT TARGETS",
                    "LEARNING OBJECTIVES",
                    "LEARNING TARGETS",
                    "DESCRIPTORS",
                    "MASTERY OBJECTIVES",
                    "BENCHMARKS",
                ),
            ),
        ),
    ),
    Piece(
        "assessment-pathways",
        "Assessment Pathways Simplified",
        "002",
        "on the competencies' outline",
        (
            (
                "",
                (
                    "We believe that reliability results from the careful alignment of "
                    "demonstrations tasks and instruction with intended learning outcomes. "
                    "Comparability is possible when teachers assess student work with "
                    "task-neutral common scoring guides and have time to calibrate their "
                    "understanding and use.",
                    "While each of these has instructional value, only the first four will "
                    "lead to greater comparability over time because they are assessed using "
                    "common scoring criteria.",
                ),
            ),
            (
                "PATHWAY 1",
                (
                    "COMMON Learning Experiences",
                    "COMMON Demonstration Tasks",
                    "COMMON Scoring Guides",
                ),
            ),
            (
                "PATHWAY 5",
                ("COMMON or UNIQUE Learning Experiences", "UNIQUE Scoring Guides"),
            ),
            (
                "",
                (
                    "UNIQUE Learning Experiences",
                    "COMMON Demonstration Tasks",
                    "UNIQUE Demonstration Tasks",
                    "COMMON Scoring Guides",
                ),
            ),
        ),
        note="In the seed's graphic, pathways 2 to 4 lie between the two, from LESS to MORE "
        "Student Choice in Learning, each combining common or unique learning experiences "
        "and demonstration tasks with COMMON scoring guides; the text of the graphic does not "
        "say which is which.",
    ),
    Piece(
        "scoring-criteria",
        "Crafting Scoring Criteria: Design Guide- 5 Components",
        "002",
        "beside an indicator's checks of its scoring criteria",
        (
            (
                "Scoring criteria:",
                (
                    "Are task neutral",
                    "Are aligned with the level of cognitive demand in the Performance Indicator",
                    "Include all elements of the Performance Indicator",
                    "Describe complexity rather than frequency",
                    "Focus on what students can do rather than deficiencies",
                ),
            ),
            ("Avoid Terms Focused on Frequency", ("Frequently", "Reliably", "Rarely", "Never")),
            (
                "Use Terms Focused on Cognitive Demand",
                ("Create", "Explain", "Recognize", "Describe"),
            ),
        ),
    ),
    Piece(
        "high-leverage-policy",
        "The High Leverage Policy Framework",
        "002",
        "beside the policy checklist",
        (
            (
                "A high leverage policy:",
                (
                    "Increases academic aspirations, achievement and attainment for all students",
                    "Promotes greater equity in learning, performance, or life outcomes for "
                    "students",
                    "Generates positive ripple effects throughout the educational system",
                ),
            ),
            (
                "Leverage Points",
                (
                    "The intended objectives of an educational policy or the entry points "
                    "within the educational system that policy makers desire to influence.",
                ),
            ),
            (
                "Policy Features",
                (
                    "The intentional, predetermined features of a policy—both written and "
                    "unwritten—as it was initially crafted.",
                ),
            ),
            (
                "Policy Features determine:",
                (
                    "The mixture between pressure (usually outlined in accountability "
                    "expectations) and support (usually provided through appropriate educator "
                    "development and/or financial incentives)",
                    "The breadth and/or specificity of the leverage point",
                    "Coherence with existing policies (or it identifies required policy changes)",
                    "Where best to locate the policy on a “goal-strategy” continuum",
                ),
            ),
        ),
    ),
    Piece(
        "policy-considerations",
        "District Policy Considerations",
        "001",
        "beside the policy checklist",
        (
            (
                "WHAT YOU NEED TO KNOW",
                (
                    "The highest leverage and most impactful local district policies reflect "
                    "state requirements and support for the components of proficiency-based "
                    "learning in district and school policy",
                    "The best policies balance prescription with flexibility, providing "
                    "essential guidance yet allowing for adaptability in implementation for "
                    "teachers and leaders.",
                    "The set of policies related to mastery-based learning can be very far "
                    "reaching, but at a minimum should include those that address graduation, "
                    "multiple pathways, transcripts, and athletic eligibility.",
                ),
            ),
            (
                "WHAT YOU NEED TO DO",
                (
                    "Conduct a review of all relevant policies (See GSP Policy Checklist for "
                    "Maine).",
                    "Adopt or adapt exemplary policies located on the GSP website that support "
                    "a proficiency-based system.",
                    "Formally adopt a stand-alone policy on multiple pathways that is aligned "
                    "with state statute and attends to diverse student interests and strengths.",
                ),
            ),
            (
                "POLICY CONSIDERATIONS",
                (
                    "Graduation requirements",
                    "Multiple pathways are other varied learning options",
                    "Grades, academic recognition, and the transcript",
                    "Academic supports for all students",
                    "Grade promotion and retention",
                    "Athletic eligibility",
                ),
            ),
        ),
    ),
    Piece(
        "community-engagement",
        "Principles of Successful Community Engagement",
        "002",
        "beside the engagement log",
        (
            (
                "",
                (
                    "1. Inclusive and equitable",
                    "2. Intentional",
                    "3. Connected to decision-making and change",
                ),
            ),
            (
                "What Do People Want?",
                ("1. To belong", "2. To have a legitimate voice", "3. To have an impact"),
            ),
            (
                "Critical Considerations",
                (
                    "What is the intent of the engagement effort?",
                    "To what extent is it scaffolding the schools and community toward a larger "
                    "goal for engagement?",
                    "Are we clearly communicating about engagement activities and their purpose?",
                    "Why engage?",
                    "How will engagement improve teaching and learning in our schools?",
                    "How will engagement benefit the community?",
                    "Who needs to be involved?",
                    "Who has historically not been at the table?",
                    "What are the barriers to participation?",
                    "What shared values would drive people to participate?",
                ),
            ),
        ),
    ),
    Piece(
        "promising-practices",
        "Promising practices of community engagement",
        "001",
        "beside the engagement log",
        (
            (
                "PROMISING PRACTICES",
                (
                    "Exemplars of student work and learning opportunities",
                    "Forums that are a balance of information and dialogue",
                    "Meeting people where they are—literally",
                    "Opportunities for feedback, in multiple ways",
                    "Student dialogues",
                    "Teams comprised of students, teachers, and community members",
                ),
            ),
        ),
    ),
    Piece(
        "frameworks-institute",
        "Lead with Values + Simplify",
        "001",
        "beside the engagement log",
        (
            (
                "Lead with Values + Simplify",
                (
                    "Individual education reforms need to be connect to core values and "
                    "familiar concepts to avoid people’s tendency to default to strong, "
                    "entrenched patterns of thinking.",
                ),
            ),
            (
                "Universal Values",
                (
                    "Freedom « Prosperity « Opportunity",
                    "Fairness « Honesty « Trust",
                    "Community « Cooperation«Protection",
                    "Fulfillment « Self-Determination « Family",
                    "Responsibility",
                ),
            ),
        ),
    ),
    Piece(
        "sojourners",
        "3 TYPES OF SOJOURNERS",
        "001",
        "beside the long-term plan",
        (
            ("", ("“Explorers”", "“Vacationers”", "“Captives”")),
            (
                "SOLO QUICK WRITE",
                (
                    "How might I use district policies to sustain the interest and excitement "
                    "of “Explorers” and “Vacationers”?",
                    "What district policies might I revise or create to (re)engage “Captives” "
                    "and convert them to “Explorers” and “Vacationers”?",
                ),
            ),
        ),
    ),
    Piece(
        "signals",
        "SIGNALS",
        "001",
        "on the meeting page",
        (
            (
                "",
                (
                    "= Give Me Five = Attention",
                    "= Thumbs Up = Yes/Agree",
                    "= Thumbs Down = No/Disagree",
                ),
            ),
        ),
    ),
)

BY_KEY = {piece.key: piece for piece in PIECES}
