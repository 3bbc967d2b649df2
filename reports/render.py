"""From HTML to a tagged PDF (PDF/UA-1) with WeasyPrint, safely, and without laying out twice
what did not change.

Safety: WeasyPrint fetches whatever a document names (images, stylesheets, attachments, the
images inside an SVG) through one URL fetcher. Ours answers `data:` URLs and files under the
app's own static folders, and refuses everything else, so no text can make the renderer read
a local file or reach a server. User text is escaped by the templates besides.

Parts: a document is a front part (cover, contents, outcomes, agenda, norms) and sections
(one per district), each laid out on its own into a PDF without page numbers, so that a
section's PDF does not depend on where it lands: any worker may make it, and the next
document reuses it as long as its HTML is the same. The PDFs are kept in the section store
(reports.storage.SectionStore, in STORAGES["reports"]: the media folder or a bucket, shared
by every worker as the documents are), keyed by a hash of the HTML and of everything else
that shapes the PDF. reports.pdfjoin puts the
parts together and stamps the page numbers, laid out here from the same page style.
"""

import hashlib
import logging
import mimetypes
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import DataHandler, Request, url2pathname

import weasyprint
from django.conf import settings
from weasyprint import CSS, HTML, Document
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reports import pdfjoin
from reports.storage import SectionStore

logger = logging.getLogger("waypoint.reports")

PDF_VARIANT = "pdf/ua-1"
# The web pages' level colours, then the print rules.
STYLESHEETS = ("css/levels.css", "css/print.css")


class FetchRefused(ValueError):
    """A document named a resource outside the app's static files and data: URLs."""


def static_roots() -> list[Path]:
    roots = [Path(p).resolve() for p in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


class SafeURLFetcher(URLFetcher):
    """WeasyPrint's URL fetcher for every document, stylesheet, image and attachment: only
    `data:` URLs and files under the static folders. Anything else raises, and WeasyPrint
    leaves the resource out (WeasyPrint 70's fetcher API: a URLFetcher whose fetch() answers
    a URLFetcherResponse)."""

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):
            response = DataHandler().data_open(Request(url))  # noqa: S310 (data: only)
            return _response(url, response.read(), response.headers.get_content_type())
        parts = urlsplit(url)
        if parts.scheme == "file" and not parts.netloc:
            path = Path(url2pathname(parts.path)).resolve()
            if path.is_file() and any(path.is_relative_to(root) for root in static_roots()):
                return _response(url, path.read_bytes(), mimetypes.guess_type(path.name)[0])
        logger.warning("Refused to fetch %s while rendering a PDF", url[:200])
        raise FetchRefused(f"Waypoint does not fetch {url[:200]} into a PDF.")


def _response(url: str, body: bytes, mime_type: str | None) -> URLFetcherResponse:
    return URLFetcherResponse(url, body, {"Content-Type": mime_type} if mime_type else None)


safe_url_fetcher = SafeURLFetcher()


def static_base_url() -> str:
    """Relative URLs in documents resolve inside the first static folder."""
    return static_roots()[0].as_uri() + "/"


@lru_cache(maxsize=1)
def fonts() -> FontConfiguration:
    return FontConfiguration()


@lru_cache(maxsize=1)
def print_stylesheets() -> tuple[CSS, ...]:
    """The print stylesheets, parsed once per process."""
    return tuple(
        CSS(
            filename=str(static_roots()[0] / name),
            url_fetcher=safe_url_fetcher,
            font_config=fonts(),
        )
        for name in STYLESHEETS
    )


# The parts carry no page numbers: they are stamped across the joined document.
PART_RULES = "@page { @bottom-right { content: none } }"
# A numbers page shows only the page number, in the place and style print.css gives it.
NUMBERS_RULES = "@page { @top-left { content: none } @top-right { content: none } }"


# A part whose last page would hold less than this share of a page is laid out again a little
# tighter (smaller body text and spacing, never under 8 pt): no near-empty page before the
# next section. The tighter layout is kept only if it saves that page.
NEAR_EMPTY = 0.15
TIGHT_RULES = (
    "html { font-size: 8.75pt; line-height: 1.28 } p, ul, ol { margin-bottom: 4pt }"
    " h2 { margin-top: 9pt } h3 { margin-top: 6pt }"
)


@lru_cache(maxsize=1)
def _part_rules() -> CSS:
    return CSS(string=PART_RULES, font_config=fonts())


@lru_cache(maxsize=1)
def _tight_rules() -> CSS:
    return CSS(string=TIGHT_RULES, font_config=fonts())


def page_fill(page) -> float:
    """How much of a laid-out page's text area its content fills, from 0 to 1 (the running
    header and the page number, in the page's margins, do not count)."""
    page_box = page._page_box  # WeasyPrint's layout of the page (pinned version)
    top = page_box.content_box_y()
    bottom = top
    for child in page_box.children:
        if isinstance(child, boxes.MarginBox):
            continue
        for box in child.descendants():
            if isinstance(box, (boxes.TextBox, boxes.ReplacedBox)):
                bottom = max(bottom, box.position_y + box.margin_height())
    return (bottom - top) / page_box.height


@lru_cache(maxsize=1)
def _numbers_rules() -> CSS:
    return CSS(string=NUMBERS_RULES, font_config=fonts())


def _layout(html: str, *extra: CSS) -> Document:
    return HTML(string=html, base_url=static_base_url(), url_fetcher=safe_url_fetcher).render(
        stylesheets=[*print_stylesheets(), _part_rules(), *extra],
        font_config=fonts(),
        pdf_variant=PDF_VARIANT,
    )


def laid_out(html: str, *, tight: bool | None = None) -> tuple[Document, bool]:
    """Lay out one part of a document (no page numbers), and say whether tighter. With
    `tight` None, again, tighter, when its last page would be nearly empty (kept only if that
    saves the page); else as `tight` says, as decided before for the same text."""
    if tight is not None:
        return _layout(html, *([_tight_rules()] if tight else [])), tight
    document = _layout(html)
    if len(document.pages) > 1 and page_fill(document.pages[-1]) < NEAR_EMPTY:
        tighter = _layout(html, _tight_rules())
        if len(tighter.pages) < len(document.pages):
            return tighter, True
    return document, False


def layout(html: str) -> Document:
    return laid_out(html)[0]


def warm_up() -> None:
    """Parse the stylesheets and load the fonts once, by laying out a line (a worker does
    this as it starts, before it freezes its heap: config.celery_app)."""
    write_pdf(layout("<!doctype html><html lang='en'><title>Waypoint</title><p>Waypoint</p>"))
    _tight_rules()


def write_pdf(document: Document) -> bytes:
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def part_pdf(html: str) -> bytes:
    return write_pdf(layout(html))


def numbers_pdf(pages: int) -> bytes:
    """`pages` pages, each showing only its number: stamped over a joined document's pages.
    Not tagged: pdfjoin marks the stamp as an artifact."""
    html = "<!doctype html><html lang='en'><body>" + (
        "<div style='break-after: page'></div>" * (pages - 1) + "<div></div></body></html>"
    )
    return HTML(string=html, base_url=static_base_url(), url_fetcher=safe_url_fetcher).write_pdf(
        stylesheets=[*print_stylesheets(), _numbers_rules()], font_config=fonts()
    )


@lru_cache(maxsize=1)
def render_version() -> str:
    """Everything besides a part's HTML that shapes its PDF: a change to the stylesheet, the
    rules above or WeasyPrint makes every stored part stale."""
    stylesheets = [(static_roots()[0] / name).read_bytes() for name in STYLESHEETS]
    seed = b"\n".join(
        [
            *stylesheets,
            PART_RULES.encode(),
            TIGHT_RULES.encode(),
            NUMBERS_RULES.encode(),
            weasyprint.__version__.encode(),
        ]
    )
    return hashlib.sha256(seed).hexdigest()[:16]


def part_key(html: str) -> str:
    return hashlib.sha256(f"{render_version()}\n{html}".encode()).hexdigest()


store = SectionStore()
# The page-number stamps depend on nothing but how many pages there are: one numbers PDF per
# hundred pages (its first pages stamp a shorter document), made once and kept apart from the
# sections, so that a document of new content does not lay out its page numbers again.
stamps = SectionStore("numbers")
STAMPS_PER_FILE = 100


def numbers_for(pages: int) -> bytes:
    """A numbers PDF of at least `pages` pages, from the stamps' store when made before."""
    size = -(-pages // STAMPS_PER_FILE) * STAMPS_PER_FILE
    key = part_key(f"numbers:{size}")
    data = stamps.get(key)
    if data is None:
        data = numbers_pdf(size)
        stamps.put(key, data)
    return data


def front_key(front_html: str, *, tight: bool = False) -> str:
    """Where the front laid out with placeholders is kept, in the layout chosen for it: its
    length is where the sections start (report_render lays it out while the workers make the
    sections)."""
    return part_key(f"front:{'tight:' if tight else ''}{front_html}")


def front_ahead(front_html: str) -> None:
    """Lay out the front with placeholders and keep it for the join (front_pages)."""
    if store.has(front_key(front_html)) or store.has(front_key(front_html, tight=True)):
        return
    document, tight = laid_out(front_html)
    store.put(front_key(front_html, tight=tight), write_pdf(document))


def front_pages(front_html: str) -> tuple[int, bool]:
    """How many pages the front takes with placeholders for its page numbers, and whether it
    is laid out tighter: from the store when report_render laid it out already, else laid
    out here."""
    for tight in (False, True):
        data = store.get(front_key(front_html, tight=tight))
        if data is not None:
            return pdfjoin.page_count(data), tight
    document, tight = laid_out(front_html)
    return len(document.pages), tight


def assemble(front: Callable[[list[int] | None], str], parts: list[bytes]) -> tuple[bytes, int]:
    """One PDF of a front part and the sections' PDFs; returns it and its page count.
    `front(starts)` gives the front's HTML with each section's first page in its contents
    (None: not known yet, placeholders as wide). The front's length decides where the
    sections start, and their starts what the contents say, so the front is laid out again
    once they are known (and once more if the numbers made it longer)."""
    opened = pdfjoin.open_parts(parts)
    lengths = [len(part.pages) for part in opened]
    # The numbers are as wide as the placeholders: the same layout (tighter or not) fits.
    front_length, tight = front_pages(front(None))
    for _ in range(3):
        starts, first = [], front_length + 1
        for length in lengths:
            starts.append(first)
            first += length
        final = write_pdf(laid_out(front(starts), tight=tight)[0])
        if pdfjoin.page_count(final) == front_length:
            break
        front_length = pdfjoin.page_count(final)
    total = front_length + sum(lengths)
    return pdfjoin.join(final, opened, numbers_for(total)), total
