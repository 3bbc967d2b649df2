"""What of the graduation competencies can carry files and links (the evidence app): a
competency and a performance indicator (scoring guides, student work samples). Their
readers read them (the district's team, its coaches, staff); its leads and members add."""

from competencies.models import Competency, Indicator
from evidence.kinds import Kind, page_url

KINDS = (
    Kind(
        slug="competency",
        model=Competency,
        label="competency",
        url=lambda c: page_url(
            "competencies:outline", f"competency-{c.code}", district=c.district.code
        ),
        title=lambda c: c.title,
    ),
    Kind(
        slug="indicator",
        model=Indicator,
        label="performance indicator",
        url=lambda i: page_url(
            "competencies:indicator", district=i.district.code, indicator=i.code
        ),
        title=lambda i: i.text,
    ),
)
