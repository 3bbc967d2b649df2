"""An item's files and links: its files page (list, add, history), the download, the
removal. Who may is the item's rule (selectors.access_item), never the attachment's own.

The page's parts (the upload's handling, the page itself) serve the meetings app too, for a
meeting's notes, which it opens by its own rules (meetings.views.note_files)."""

from collections.abc import Callable
from functools import wraps
from typing import NamedTuple

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_safe

from districts.access import access_district
from districts.viewkit import confirm_delete
from evidence.downloads import download_response
from evidence.forms import AddingForm, FilesForm, LinkForm
from evidence.models import Attachment
from evidence.selectors import (
    access_attachment,
    access_item,
    evidence_of,
    require_may_change,
)
from evidence.services import (
    attachment_add_files,
    attachment_add_link,
    attachment_remove,
    bytes_used,
    owner_of,
    owner_word,
)
from evidence.uploads import max_file_bytes, quota_bytes
from evidence.uploads_handler import LimitedUploadHandler


def item_url(district, slug: str, code) -> str:
    return reverse("evidence:item", kwargs={"district": district.code, "kind": slug, "item": code})


def accepts_uploads(view):
    """A files page: its POST's upload handler (which stops an oversized file as it arrives)
    is set before the CSRF check reads the body, and the CSRF check still runs."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            request.upload_handlers = [LimitedUploadHandler(request)]
        return protected(request, *args, **kwargs)

    return wrapped


class Posted(NamedTuple):
    """What a files page's POST came to: its forms (with their errors), the message to show
    when something was added (else None), and whether to go back to the item's own page."""

    files_form: FilesForm
    link_form: LinkForm
    added: str | None
    back_to_item: bool


def posted(request: HttpRequest, item) -> Posted:
    """Add what a files page posted to `item` (the caller checked who may)."""
    word = owner_word(owner_of(item))
    files_form, link_form = FilesForm(owner=word), LinkForm()
    adding = AddingForm(request.POST)
    if adding.adds_link():
        link_form = LinkForm(request.POST)
        form, add = link_form, _add_link
    else:
        files_form = FilesForm(request.POST, request.FILES, owner=word)
        form, add = files_form, _add_files
    if not adding.is_valid():  # the form keeps what was typed, with the reason nothing was added
        form.is_valid()
        for problems in adding.errors.values():
            form.add_error(None, problems)
        return Posted(files_form, link_form, None, False)
    return Posted(files_form, link_form, add(request, item, form), adding.back_to_item())


def _add_link(request: HttpRequest, item, form: LinkForm) -> str | None:
    if not form.is_valid():
        return None
    try:
        attachment_add_link(item=item, acting_user=request.user, **form.cleaned_data)
    except ValidationError as error:
        for name, problems in error.message_dict.items():
            form.add_error(name, problems)
        return None
    return f"Added the link “{form.cleaned_data['title']}”."


def _add_files(request: HttpRequest, item, form: FilesForm) -> str | None:
    too_large = getattr(request, "evidence_too_large", [])
    if too_large:
        form.add_error(
            None,
            "Nothing was added: "
            + ", ".join(f"“{name}”" for name in too_large)
            + f" is larger than {filesizeformat(max_file_bytes())}.",
        )
        return None
    if not form.is_valid():
        return None
    try:
        kept = attachment_add_files(
            item=item, files=form.cleaned_data["files"], acting_user=request.user
        )
    except ValidationError as error:
        form.add_error(None, "Nothing was added. " + " ".join(error.messages))
        return None
    return "Added " + ", ".join(f"“{a.name}”" for a in kept) + "."


def files_page(
    request: HttpRequest,
    *,
    item,
    kept: list[Attachment],
    removed: list[Attachment],
    may_change: bool,
    download: Callable[[Attachment], str],
    remove: Callable[[Attachment], str],
    context: dict,
    forms: tuple[FilesForm, LinkForm] | None = None,
) -> HttpResponse:
    """An item's files page. `context` names the item for the page: `label` ("action
    step"), `item_url`, `item_title`, `crumbs` (the breadcrumbs before the item) and
    `audience` (who reads its files)."""
    owner = owner_of(item)
    word = owner_word(owner)
    for attachment in kept:
        attachment.download_url = download(attachment) if attachment.is_file else ""
        attachment.remove_url = remove(attachment)
    used = bytes_used(owner)
    files_form, link_form = forms or (FilesForm(owner=word), LinkForm())
    return render(
        request,
        "evidence/item.html",
        {
            **context,
            "kept": kept,
            "removed": removed,
            "may_change": may_change,
            "files_form": files_form,
            "link_form": link_form,
            "owner_word": word,
            "used": used,
            "quota": quota_bytes(),
            "room": max(quota_bytes() - used, 0),
        },
        status=400 if forms else 200,
    )


@accepts_uploads
def item(request: HttpRequest, district: str, kind: str, item: str) -> HttpResponse:
    access = access_district(request.user, district)
    found_kind, found = access_item(access, kind, item, request.user)
    may_change = found_kind.may_change(access, found, request.user)
    forms = None
    if request.method == "POST":
        access.require(may_change)
        result = posted(request, found)
        if result.added:
            messages.success(request, result.added)
            return redirect(_back(access, found_kind, found, to_item=result.back_to_item))
        forms = (result.files_form, result.link_form)
    evidence = evidence_of(access, [found])[found.pk]
    code = access.district.code
    audience = f"Whoever reads this {found_kind.label} reads its files and links"
    if found_kind.is_evidence:
        audience += " (a cohort’s facilitators never do: they read levels, not evidence)"
    return files_page(
        request,
        item=found,
        kept=evidence.kept,
        removed=evidence.removed,
        may_change=may_change,
        download=lambda a: reverse(
            "evidence:download", kwargs={"district": code, "attachment": a.code}
        ),
        remove=lambda a: reverse(
            "evidence:remove", kwargs={"district": code, "attachment": a.code}
        ),
        context={
            "district": access.district,
            "access": access,
            "label": found_kind.label,
            "item_url": found_kind.url(found),
            "item_title": found_kind.title(found),
            "crumbs": [(access.district.get_absolute_url(), access.district.name)],
            "audience": audience + ".",
        },
        forms=forms,
    )


def _back(access, kind, found, *, to_item: bool) -> str:
    """Back to the page the person added from (the item's own page), else this one."""
    if to_item:
        return kind.url(found)
    return item_url(access.district, kind.slug, getattr(found, kind.code_field))


@require_safe
def download(request: HttpRequest, district: str, attachment: str) -> FileResponse:
    """A file, to whoever reads its item: as a download with a safe name, never shown
    inline, and not kept by caches."""
    access = access_district(request.user, district)
    return download_response(access_attachment(access, attachment))


def remove(request: HttpRequest, district: str, attachment: str) -> HttpResponse:
    """Remove a file or link, after a confirmation; it stays in the item's history."""
    access = access_district(request.user, district)
    found = access_attachment(access, attachment)
    kind = require_may_change(access, found, request.user)
    page = item_url(access.district, kind.slug, getattr(found.item, kind.code_field))
    return confirm_removal(
        request, found, label=kind.label, page=page, context={"district": access.district}
    )


def confirm_removal(
    request: HttpRequest, attachment: Attachment, *, label: str, page: str, context: dict
) -> HttpResponse:
    """Ask, then remove a file or link (kept in its item's history), back to `page`."""
    if attachment.removed:
        return redirect(page)
    return confirm_delete(
        request,
        context,
        what=f"“{attachment.name}” from this {label}",
        back=page,
        on_confirm=lambda: attachment_remove(attachment=attachment, acting_user=request.user),
        verb=("Remove", "Removed"),
        then=f"Nobody will be able to open it any more. The {label}’s history keeps its name, who "
        "removed it and when.",
    )
