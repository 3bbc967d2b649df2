"""From HTML to a tagged PDF (PDF/UA-1) with WeasyPrint, safely, and without laying out twice
what did not change.

Safety: WeasyPrint fetches whatever a document names (images, stylesheets, attachments, the
images inside an SVG) through one URL fetcher. Ours answers `data:` URLs and files under the
app's own static folders, and refuses everything else, so no text can make the renderer read
a local file or reach a server. User text is escaped by the templates besides.

Reuse: a document is a front part (cover, contents, outcomes, agenda, norms) and sections
(one per district). Each section is laid out on its own, starting at the page it will have in
the document, and kept in a small in-process cache keyed by its HTML and first page; the pages
are then joined into one PDF. A section whose data did not change renders to the same HTML,
so asking for a packet again lays out only the districts that changed.
"""

import hashlib
import logging
import mimetypes
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import DataHandler, Request, url2pathname

from django.conf import settings
from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration

logger = logging.getLogger("waypoint.reports")

PDF_VARIANT = "pdf/ua-1"
STYLESHEET = "css/print.css"


class FetchRefused(ValueError):
    """A document named a resource outside the app's static files and data: URLs."""


def static_roots() -> list[Path]:
    roots = [Path(p).resolve() for p in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def safe_url_fetcher(url: str, *args, **kwargs) -> dict:
    """WeasyPrint's URL fetcher for every document, stylesheet, image and attachment: only
    `data:` URLs and files under the static folders. Anything else raises, and WeasyPrint
    leaves the resource out."""
    if url.startswith("data:"):
        response = DataHandler().data_open(Request(url))  # noqa: S310 (data: only, no network)
        return {
            "string": response.read(),
            "mime_type": response.headers.get_content_type(),
            "redirected_url": url,
        }
    parts = urlsplit(url)
    if parts.scheme == "file" and not parts.netloc:
        path = Path(url2pathname(parts.path)).resolve()
        if path.is_file() and any(path.is_relative_to(root) for root in static_roots()):
            return {
                "string": path.read_bytes(),
                "mime_type": mimetypes.guess_type(path.name)[0],
                "redirected_url": url,
            }
    logger.warning("Refused to fetch %s while rendering a PDF", url[:200])
    raise FetchRefused(f"Waypoint does not fetch {url[:200]} into a PDF.")


def static_base_url() -> str:
    """Relative URLs in documents resolve inside the first static folder."""
    return static_roots()[0].as_uri() + "/"


@lru_cache(maxsize=1)
def fonts() -> FontConfiguration:
    return FontConfiguration()


@lru_cache(maxsize=1)
def print_stylesheet() -> CSS:
    """The print stylesheet, parsed once per process."""
    path = static_roots()[0] / STYLESHEET
    return CSS(filename=str(path), url_fetcher=safe_url_fetcher, font_config=fonts())


@lru_cache(maxsize=512)
def _first_page_rule(first_page: int) -> CSS:
    return CSS(string=f"@page :first {{ counter-reset: page {first_page} }}", font_config=fonts())


def layout(html: str, *, first_page: int = 1) -> Document:
    """Lay out one document whose first page is numbered `first_page`."""
    stylesheets = [print_stylesheet()]
    if first_page != 1:
        stylesheets.append(_first_page_rule(first_page))
    return HTML(string=html, base_url=static_base_url(), url_fetcher=safe_url_fetcher).render(
        stylesheets=stylesheets, font_config=fonts(), pdf_variant=PDF_VARIANT
    )


def write_pdf(document: Document) -> bytes:
    return document.write_pdf(pdf_variant=PDF_VARIANT)


class LayoutCache:
    """Laid-out sections of this process, most recently used kept. A laid-out document holds
    live font objects, so it cannot leave the process; a worker keeps its own."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[str, Document] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(html: str, first_page: int) -> str:
        return hashlib.sha256(f"{first_page}\n{html}".encode()).hexdigest()

    def get(self, key: str) -> Document | None:
        with self._lock:
            document = self._entries.get(key)
            if document is not None:
                self._entries.move_to_end(key)
            return document

    def put(self, key: str, document: Document) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._entries[key] = document
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


section_cache = LayoutCache(getattr(settings, "REPORT_SECTION_CACHE_SIZE", 200))


@dataclass
class Rendered:
    pdf: bytes
    page_count: int
    section_pages: list[int]  # the first page of each section
    sections_reused: int


def assemble(
    front: Callable[[list[int] | None], str],
    sections: list[str],
    *,
    on_section: Callable[[int], None] = lambda done: None,
) -> Rendered:
    """One PDF of a front part and sections. `front(starts)` gives the front's HTML with each
    section's first page in its contents (None: not known yet, placeholders of the same
    width). The front's length decides where the sections start, and the sections' lengths
    what the contents say, so the front is laid out before and after the sections."""
    front_document = layout(front(None))
    for _ in range(3):
        first = len(front_document.pages) + 1
        documents, starts, reused = [], [], 0
        for done, html in enumerate(sections, start=1):
            key = LayoutCache.key(html, first)
            document = section_cache.get(key)
            if document is None:
                document = layout(html, first_page=first)
                section_cache.put(key, document)
            else:
                reused += 1
            documents.append(document)
            starts.append(first)
            first += len(document.pages)
            on_section(done)
        final_front = layout(front(starts))
        if len(final_front.pages) == len(front_document.pages):
            break
        front_document = final_front  # the contents grew a page: place the sections again
    pages = [page for document in (final_front, *documents) for page in document.pages]
    return Rendered(
        pdf=write_pdf(final_front.copy(pages)),
        page_count=len(pages),
        section_pages=starts,
        sections_reused=reused,
    )
