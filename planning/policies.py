"""The district and school policy checklist of the seed (leaders' roundtable, seed 002), with
its policy file codes, as every district starts with it."""

STANDARD_POLICIES: list[tuple[str, str]] = [
    ("Graduation Requirements", "IKF"),
    ("Multiple Pathways", "IKFF"),
    ("Academic Recognition: Latin Honors and Grade Point Averages", "IKD"),
    ("Transcripts", "IKC"),
    ("Grading and Reporting System", "IKA"),
    ("Dual Enrollment and Early College", "IHCDA"),
    ("Assessment of Student Learning", "ILA"),
    ("Promotion, Retention, and Acceleration", "IKE"),
    ("Demonstrations of Learning, Exhibitions, and Capstone Projects", "ILA"),
    ("Academic Interventions", "JCDL"),
    ("Personal Learning Plans", "ILAPL"),
    ("Portfolios", "ILA and ILAPL"),
    ("Attendance", "JEA"),
    ("Academic Eligibility: Athletics and Co-Curricular Activities", "JJIC"),
]
