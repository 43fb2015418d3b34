"""Import and export page (D-24) for admins, facilities and the team: upload, check, confirm; download.

An upload is first checked as a dry run: the page shows every bad row with its line and column, or the counts
of what the import would write. Only a clean check offers the confirm button; the file waits server-side in a
private temporary folder under a random token kept in the session (never in the URL) and is removed after use.
The confirmed import checks every row again and writes all rows or none.
"""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.interchange.exporter import export, template
from plaatsregie.interchange.formats import FORMATS
from plaatsregie.interchange.importer import run_import
from plaatsregie.interchange.readers import MAX_BYTES
from plaatsregie.interchange.report import ImportReport
from plaatsregie.interchange.scope import may_export, may_import
from plaatsregie.web.pages import choose, forbidden, page

SESSION_KEY = "plaatsregie_interchange_upload"
FORMATS_OUT = ("csv", "xlsx")
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class UploadForm(forms.Form):
    entity = forms.ChoiceField(label=gettext_lazy("Soort gegevens"))
    file = forms.FileField(label=gettext_lazy("Bestand (.csv of .xlsx)"),
                           help_text=gettext_lazy("UTF-8, met ; of , als scheidingsteken; de eerste regel bevat "
                                                  "de kolomnamen."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Kies een .csv- of .xlsx-bestand."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan %(mb)d MB; splits het.")
                                        % {"mb": MAX_BYTES // 1_048_576})
        return upload


def _spool() -> Path:
    folder = Path(tempfile.gettempdir()) / "plaatsregie-uitwisseling"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _entities(user: User) -> list[dict[str, Any]]:
    return [{"code": code, "label": fmt.label, "description": fmt.description,
             "may_import": may_import(user, code), "may_export": may_export(user, code)}
            for code, fmt in FORMATS.items()]


@page(Permission.INTERCHANGE)
def index(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    entities = _entities(user)
    form = UploadForm(request.POST or None, request.FILES or None)
    choose(form.fields["entity"], [(e["code"], e["label"]) for e in entities if e["may_import"]])
    report: ImportReport | None = None
    if request.method == "POST":
        _discard(request)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        entity = form.cleaned_data["entity"]
        report = run_import(entity, upload.name, data, actor=user, dry_run=True)
        if report.ok:
            token = secrets.token_urlsafe(24)
            (_spool() / token).write_bytes(data)
            request.session[SESSION_KEY] = {"token": token, "entity": entity, "filename": upload.name}
    return render(request, "interchange/index.html", {
        "form": form, "entities": entities, "report": report, "formats": FORMATS_OUT,
        "can_import": any(e["may_import"] for e in entities)})


def _discard(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        (_spool() / pending["token"]).unlink(missing_ok=True)


@page(Permission.INTERCHANGE)
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    pending = request.session.get(SESSION_KEY)
    path = _spool() / pending["token"] if pending else None
    if pending is None or path is None or not path.is_file() or request.POST.get("token") != pending["token"]:
        messages.error(request, _("Er wacht geen gecontroleerd bestand meer; laad het opnieuw op."))
        return redirect("interchange:index")
    data = path.read_bytes()
    _discard(request)
    try:
        report = run_import(pending["entity"], pending["filename"], data, actor=user)
    except PermissionDenied as denied:
        return forbidden(request, str(denied))
    if report.ok:
        messages.success(request, _("%(file)s is ingelezen: %(summary)s.")
                         % {"file": pending["filename"], "summary": report.summary})
        return redirect("interchange:index")
    entities = _entities(user)
    form = UploadForm()
    choose(form.fields["entity"], [(e["code"], e["label"]) for e in entities if e["may_import"]])
    return render(request, "interchange/index.html", {
        "form": form, "entities": entities, "report": report, "formats": FORMATS_OUT, "can_import": True})


def _checked(entity: str, fmt: str) -> None:
    if entity not in FORMATS or fmt not in FORMATS_OUT:
        raise Http404


@page(Permission.INTERCHANGE)
def download(request: HttpRequest, entity: str, fmt: str) -> HttpResponse:
    """The user's export (their own facility for a facility user); a request export is logged per youth."""
    _checked(entity, fmt)
    try:
        data = export(entity, fmt, actor=request.user)  # type: ignore[arg-type]
    except PermissionDenied as denied:
        return forbidden(request, str(denied))
    return _file(data, f"{FORMATS[entity].label}.{fmt}", fmt)


@page(Permission.INTERCHANGE)
def template_file(request: HttpRequest, entity: str, fmt: str) -> HttpResponse:
    _checked(entity, fmt)
    return _file(template(entity, fmt), f"sjabloon-{FORMATS[entity].label}.{fmt}", fmt)


def _file(data: bytes, name: str, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
