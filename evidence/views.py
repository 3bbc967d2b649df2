"""An item's files and links: its evidence page (list, add, history), the download, the
removal. Who may is the item's rule (selectors.access_item), never the attachment's own."""

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
from evidence.forms import FilesForm, LinkForm
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
    district_bytes_used,
)
from evidence.uploads import max_file_bytes, quota_bytes
from evidence.uploads_handler import LimitedUploadHandler


def item_url(district, slug: str, code) -> str:
    return reverse("evidence:item", kwargs={"district": district.code, "kind": slug, "item": code})


@csrf_exempt  # the upload handlers must be set before the CSRF check reads the body
def item(request: HttpRequest, district: str, kind: str, item: str) -> HttpResponse:
    if request.method == "POST":
        request.upload_handlers = [LimitedUploadHandler(request)]
    return _item(request, district, kind, item)


@csrf_protect
def _item(request: HttpRequest, district: str, kind: str, item: str) -> HttpResponse:
    access = access_district(request.user, district)
    found_kind, found = access_item(access, kind, item, request.user)
    may_change = found_kind.may_change(access, found, request.user)
    files_form, link_form, status = FilesForm(), LinkForm(), 200
    if request.method == "POST":
        access.require(may_change)
        if request.POST.get("action") == "link":
            link_form = LinkForm(request.POST)
            if link_form.is_valid():
                try:
                    attachment_add_link(
                        item=found, acting_user=request.user, **link_form.cleaned_data
                    )
                except ValidationError as error:
                    for name, problems in error.message_dict.items():
                        link_form.add_error(name, problems)
                else:
                    messages.success(
                        request, f"Added the link “{link_form.cleaned_data['title']}”."
                    )
                    return redirect(_back(request, access, found_kind, found))
        else:
            files_form = FilesForm(request.POST, request.FILES)
            too_large = getattr(request, "evidence_too_large", [])
            if too_large:
                files_form.add_error(
                    None,
                    "Nothing was added: "
                    + ", ".join(f"“{name}”" for name in too_large)
                    + f" is larger than {filesizeformat(max_file_bytes())}.",
                )
            elif files_form.is_valid():
                try:
                    kept = attachment_add_files(
                        item=found, files=files_form.cleaned_data["files"], acting_user=request.user
                    )
                except ValidationError as error:
                    files_form.add_error(None, "Nothing was added. " + " ".join(error.messages))
                else:
                    names = ", ".join(f"“{a.name}”" for a in kept)
                    messages.success(request, f"Added {names}.")
                    return redirect(_back(request, access, found_kind, found))
        status = 400
    evidence = evidence_of(access, [found])[found.pk]
    used = district_bytes_used(access.district)
    return render(
        request,
        "evidence/item.html",
        {
            "district": access.district,
            "access": access,
            "kind": found_kind,
            "item": found,
            "item_url": found_kind.url(found),
            "item_title": found_kind.title(found),
            "evidence": evidence,
            "may_change": may_change,
            "files_form": files_form,
            "link_form": link_form,
            "used": used,
            "quota": quota_bytes(),
            "room": max(quota_bytes() - used, 0),
        },
        status=status,
    )


def _back(request, access, kind, found) -> str:
    """Back to the page the person added from (the item's own page), else this one."""
    if request.POST.get("back") == "item":
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
    if found.removed:
        return redirect(page)
    return confirm_delete(
        request,
        {"district": access.district},
        what=f"“{found.name}” from this {kind.label} (it stays in the {kind.label}’s history)",
        back=page,
        done=page,
        on_confirm=lambda: attachment_remove(attachment=found, acting_user=request.user),
    )
