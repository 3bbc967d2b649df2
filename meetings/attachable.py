"""A problem of practice can carry files and links (the evidence app): its district's leads
and members add them on its files page (a district page, which its team and coaches open);
everyone who reads the problem on the meeting page (the cohort's facilitators, the cohort's
other districts when it is shared) reads its files there (meetings.views.problem_file)."""

from django.urls import reverse

from evidence.kinds import Kind, register, writers
from meetings.models import ProblemOfPractice


def register_kinds() -> None:
    register(
        Kind(
            slug="problem",
            model=ProblemOfPractice,
            label="problem of practice",
            may_change=writers,
            url=lambda p: (
                reverse("meetings:meeting", kwargs={"meeting": p.meeting.code})
                + f"#problem-{p.code}"
            ),
            title=lambda p: f"{p.text[:80]} ({p.meeting.title})",
        )
    )
