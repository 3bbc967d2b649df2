"""What competencies contribute to the documents (districts.documents): the district's set in
the whole-record archive, in the columns its import reads back."""

from competencies import exchange
from districts.documents import Part

PARTS = (
    Part(
        slug="competencies",
        position=15,
        tables=lambda access: {"competencies": exchange.rows(access.district)},
    ),
)
