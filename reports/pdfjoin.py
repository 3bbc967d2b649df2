"""Joining tagged PDFs (PDF/UA-1, as WeasyPrint writes them) into one, with pikepdf.

A packet's parts are laid out separately (its districts' sections on any worker), so the
document is put together from their PDFs. A reader must not notice: the result keeps one
structure tree (the parts' elements under one Document element, their marked-content
parent tree renumbered), one outline (the sections' headings under the front's title), links
between parts (a named destination of a section wins over the front's stand-in of the same
name), and page numbers printed across the whole document (stamped on each page as an
artifact, from a numbers-only PDF laid out with the same page style).
"""

import io
from collections.abc import Iterable
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, Pdf


@dataclass
class _Outline:
    title: str
    destination: list  # [page index in the joined document, view...]
    children: list["_Outline"]


def page_count(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def open_parts(parts: Iterable[bytes]) -> list[Pdf]:
    """The parts opened once, for their page counts and then for join()."""
    return [pikepdf.open(io.BytesIO(data)) for data in parts]


def join(front: bytes, sections: Iterable[bytes | Pdf], numbers: bytes | None = None) -> bytes:
    """One PDF of the front's pages, then each section's (as bytes, or opened by
    open_parts()). `numbers`, if given, has a page for each page of the result (or more);
    each is stamped on its page as an artifact. Written with object streams: the parts'
    structure trees are tens of thousands of small objects, which then take a third of the
    room and of the time to write."""
    target = pikepdf.open(io.BytesIO(front))
    root = target.Root.StructTreeRoot
    document = root.K[0]
    nums = list(root.ParentTree.Nums)
    next_key = _next_key(nums)
    outline = _outline_of(target, offset=0)
    destinations = _destinations(target, target, offset=0)
    for data in sections:
        source = data if isinstance(data, Pdf) else pikepdf.open(io.BytesIO(data))
        offset = len(target.pages)
        target.pages.extend(source.pages)  # copies each page once; copy_foreign reuses them
        copied = target.copy_foreign(source.Root.StructTreeRoot)
        shift = next_key
        for page in target.pages[offset:]:
            if Name.StructParents in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + shift
            for annotation in page.obj.get(Name.Annots, Array()):
                if Name.StructParent in annotation:
                    annotation.StructParent = int(annotation.StructParent) + shift
        source_nums = list(copied.ParentTree.Nums)
        for i in range(0, len(source_nums), 2):
            nums.extend([int(source_nums[i]) + shift, source_nums[i + 1]])
        next_key = _next_key(nums)
        for element in copied.K[0].K:
            element.P = document
            document.K.append(element)
        if Name.RoleMap in copied:
            if Name.RoleMap not in root:
                root.RoleMap = Dictionary()
            for name, role in copied.RoleMap.items():
                root.RoleMap[name] = role
        _attach(outline, _outline_of(source, offset=offset))
        destinations.update(_destinations(source, target, offset=offset))
    root.ParentTree = target.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = next_key
    _write_destinations(target, destinations)
    _write_outline(target, outline)
    if numbers is not None:
        _stamp(target, numbers)
    out = io.BytesIO()
    target.save(
        out, fix_metadata_version=False, object_stream_mode=pikepdf.ObjectStreamMode.generate
    )
    return out.getvalue()


def _next_key(nums: list) -> int:
    return max((int(nums[i]) for i in range(0, len(nums), 2)), default=-1) + 1


def _outline_of(pdf: Pdf, *, offset: int) -> list[_Outline]:
    index = {page.objgen: i for i, page in enumerate(pdf.pages)}

    def convert(items) -> list[_Outline]:
        result = []
        for item in items:
            destination = item.destination
            if isinstance(destination, Array) and len(destination):
                page = index.get(destination[0].objgen, 0)
                view = [destination[i] for i in range(1, len(destination))]
            else:
                page, view = 0, [Name.Fit]
            result.append(_Outline(item.title, [page + offset, *view], convert(item.children)))
        return result

    with pdf.open_outline() as tree:
        return convert(tree.root)


def _attach(outline: list[_Outline], section: list[_Outline]) -> None:
    """A section's headings go under the front's last top-level entry (the document's
    title), or at the top when the front has none."""
    (outline[-1].children if outline else outline).extend(section)


def _write_outline(pdf: Pdf, outline: list[_Outline]) -> None:
    def convert(item: _Outline) -> OutlineItem:
        page, *view = item.destination
        entry = OutlineItem(item.title, Array([pdf.pages[page].obj, *view]))
        entry.children.extend(convert(child) for child in item.children)
        return entry

    with pdf.open_outline() as tree:
        tree.root.clear()
        tree.root.extend(convert(item) for item in outline)


def _destinations(source: Pdf, target: Pdf, *, offset: int) -> dict[str, Array]:
    """The named destinations of `source` (WeasyPrint writes one per element id), pointing
    at their pages in `target`."""
    names = source.Root.get(Name.Names, Dictionary()).get(Name.Dests)
    if names is None:
        return {}
    index = {page.objgen: i for i, page in enumerate(source.pages)}
    found = {}
    for name, destination in pikepdf.NameTree(names).items():
        page = index.get(destination[0].objgen)
        if page is None:
            continue
        rest = [destination[i] for i in range(1, len(destination))]
        found[name] = Array([target.pages[page + offset].obj, *rest])
    return found


def _write_destinations(pdf: Pdf, destinations: dict[str, Array]) -> None:
    if Name.Names not in pdf.Root:
        pdf.Root.Names = pdf.make_indirect(Dictionary())
    names = pdf.Root.Names
    tree = pikepdf.NameTree.new(pdf)
    for name in sorted(destinations):
        tree[name] = destinations[name]
    names.Dests = tree.obj


def _stamp(pdf: Pdf, numbers: bytes) -> None:
    """Draw page i of `numbers` over page i (`numbers` may have more pages: the first are
    used), marked as an artifact (pagination is not
    content), keeping each page's own graphics state apart."""
    stamps = pikepdf.open(io.BytesIO(numbers))
    if len(stamps.pages) < len(pdf.pages):
        raise ValueError("The numbers PDF has fewer pages than the document.")
    for page, stamp in zip(pdf.pages, stamps.pages, strict=False):
        form = pdf.copy_foreign(stamp.as_form_xobject())
        name = page.add_resource(form, Name.XObject, prefix="WpNum")
        page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
        stamp_operators = f"\nQ\nq /Artifact BMC {name} Do EMC Q\n".encode()
        page.contents_add(pikepdf.Stream(pdf, stamp_operators))
