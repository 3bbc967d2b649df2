"""What the history contributes to the documents (districts.documents): the district's
changes in the whole-record archive, one row a field changed, read as the archive's reader
may read them."""

from districts.access import DistrictAccess
from districts.documents import Part, iso_date, person_name
from history.kinds import KINDS
from history.selectors import changes_readable, lines_of


def history_rows(access: DistrictAccess) -> list[list]:
    rows = [["When", "Who", "Kind", "Item", "Field", "Before", "After"]]
    for change in changes_readable(access).order_by("changed_at", "pk").iterator(chunk_size=2000):
        kind = KINDS[change.kind].label if change.kind in KINDS else change.kind
        for line in lines_of(change, reads_evidence=access.reads_evidence):
            rows.append(
                [
                    iso_date(change.changed_at),
                    person_name(change.changed_by),
                    kind,
                    change.title,
                    line.label,
                    line.before,
                    line.after,
                ]
            )
    return rows


PARTS = (
    Part(slug="history", position=90, tables=lambda access: {"history": history_rows(access)}),
)
