"""Exports over many districts (the coach's heatmap and ratings, a cohort's ratings): a table
of a person's selection of districts, a batch of districts at a time, in CSV or XLSX.

Up to EXPORT_IN_REQUEST_UP_TO districts an export is streamed in the request that asks for it
(CSV row by row, XLSX in openpyxl's write-only mode). Over that it is never made in a
request: the person asks for it as a job (ReportJob.Kind.EXPORT, its name, format and
selection in the job's params), a worker writes it into a temporary file a batch at a time,
with its progress on the job's page, and keeps it in STORAGES["reports"] like a document;
the person downloads it from the job's page (from a bucket: a link signed for
REPORT_LINK_SECONDS) and is told when it is ready.

The tables are the features': each registers its exports here in its AppConfig.ready (as the
features give evidence their kinds), so this app imports none of them. An export's `open`
reads the selection as the person may read it now, through the access layer: the job reads
it again when it runs, and the job's pages at every view and download.
"""

import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from districts.access import NOT_FOUND_MESSAGE
from districts.models import District
from districts.tables import CONTENT_TYPES, csv_chunks, xlsx_file

# Districts read and written at a time: each batch is a few queries (a heatmap's rows of 500
# districts take a few hundred milliseconds), and only its rows are held.
BATCH = 500
# An XLSX sheet holds at most this many rows (with the header); a longer export is CSV's.
XLSX_MAX_ROWS = 1_048_576

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class Opened:
    """An export as one person may read it now."""

    districts: QuerySet[District]  # what it covers, by name
    header: list[str]
    # The rows of a batch of those districts (given by name), without the header.
    rows: Callable[[list[District]], Iterable[list]]
    label: str  # what it covers, in words: "every district", "cohort Northern Maine"
    page_url: str  # the page that offers it (the way back from the job's page)
    page_name: str  # that page's name: "Coach dashboard"
    url: str  # its own address: GET makes it (small) or offers the job, POST asks for the job
    filename: str  # the in-request download's name, without the extension


@dataclass(frozen=True)
class Export:
    name: str  # in the job's params: "heatmap"
    title: str  # "Heatmap"
    # The export as the person may read it now, from the job's params; raises Http404 or
    # PermissionDenied as the page it is offered on would.
    open: Callable[[User, dict], Opened]


EXPORTS: dict[str, Export] = {}


def register(export: Export) -> None:
    """Called by the app whose table it is, in its AppConfig.ready()."""
    EXPORTS[export.name] = export


def open_export(user: User, params: dict) -> Opened:
    """The export of these params (its name, its format, its selection) as the person may
    read it now; an unknown name or format is the plain 404."""
    export = EXPORTS.get(params.get("export", ""))
    if export is None or params.get("fmt") not in CONTENT_TYPES:
        raise Http404(NOT_FOUND_MESSAGE)
    return export.open(user, params)


def export_title(params: dict) -> str:
    export = EXPORTS.get(params.get("export", ""))
    return f"{export.title if export else 'Export'} ({params.get('fmt', '').upper()})"


def by_name(opened: Opened) -> QuerySet[District]:
    """The export's districts in the order of its rows (by name; two of one name by id, so
    that every batch cuts the same order)."""
    return opened.districts.order_by("name", "pk")


def export_rows(opened: Opened, progress: Progress) -> Iterator[list]:
    """The header, then each batch of BATCH districts' rows, by name: the districts counted
    first, then each batch's read (one query) and its rows made; after each batch,
    `progress(percent, stage)`, from 5 to 95."""
    yield opened.header
    districts = by_name(opened)
    total = districts.count()
    done = 0
    while batch := list(districts[done : done + BATCH]):
        yield from opened.rows(batch)
        done += len(batch)
        progress(5 + 90 * done // max(total, done), f"Written {done:,} of {total:,} districts")
        if len(batch) < BATCH:
            break


class TooManyRows(Exception):
    """The export has more rows than an XLSX sheet holds."""


def _capped(rows: Iterable[list], limit: int) -> Iterator[list]:
    for number, row in enumerate(rows, start=1):
        if number > limit:
            raise TooManyRows(
                f"The export has more than {limit - 1:,} rows, more than an XLSX sheet "
                "holds: ask for the CSV, or filter it by cohort, state or coach."
            )
        yield row


def export_file(opened: Opened, *, fmt: str, title: str, progress: Progress):
    """The export written into a temporary file, returned at its start: CSV a few hundred
    rows at a time, XLSX in openpyxl's write-only mode; a batch of districts' rows held at
    a time, never the whole table. TooManyRows for an XLSX longer than a sheet."""
    rows = export_rows(opened, progress)
    if fmt == "xlsx":
        return xlsx_file(_capped(rows, XLSX_MAX_ROWS), title=title)
    out = tempfile.TemporaryFile()  # noqa: SIM115 (handed to the caller, who closes it)
    for chunk in csv_chunks(rows):
        out.write(chunk)
    out.seek(0)
    return out
