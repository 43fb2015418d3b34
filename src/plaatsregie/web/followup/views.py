"""Follow-up by facility policy (seed 002 Stap 7, D-30): signals and requests to consult, facility notes, the
monthly capacity registration check, the intensive follow-up period and the monthly PDF report.

Need-to-know: the team follows every facility, a policy officer those of their province, a facility itself;
another facility's or province's object does not exist for the user (404). No youth is named on these pages."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.accounts.rules import can, own_facility_ids, provinces_of
from plaatsregie.accounts.vocabulary import Permission, Role
from plaatsregie.core.errors import DomainError
from plaatsregie.followup import checks, services
from plaatsregie.followup import tables as followup_tables
from plaatsregie.followup.models import CheckItem, FacilityNote, FollowUpItem, ItemKind, MonthlyCheck, Status
from plaatsregie.monitoring.export import export_response
from plaatsregie.monitoring.tables import Table
from plaatsregie.placement.models import DialogueAgreement, Offer
from plaatsregie.registry.models import Facility
from plaatsregie.web.followup.forms import (
    ConsultForm,
    FacilityNoteForm,
    FollowUpForm,
    HandleForm,
    NoteForm,
    RaiseForm,
)
from plaatsregie.web.pages import choose, page, paginate, visible_or_404

EXPORTS = ("csv", "xlsx")


def visible_facilities(user: Any) -> QuerySet[Facility]:
    """The facilities whose follow-up the user sees: all (team), the province's (policy officer), its own."""
    if can(user, Permission.TEAM_WORK):
        return Facility.objects.all()
    return Facility.objects.filter(Q(region__in=provinces_of(user)) | Q(pk__in=own_facility_ids(user)))


def _export(request: HttpRequest, tables: Table | list[Table], filename: str) -> HttpResponse | None:
    fmt = request.GET.get("export", "")
    if fmt == "csv" and isinstance(tables, list):
        index = request.GET.get("tabel", "0")
        tables = tables[int(index)] if index.isdigit() and int(index) < len(tables) else tables[0]
    if fmt in EXPORTS:
        return export_response(request, tables, fmt, filename)  # type: ignore[arg-type]
    return None


def _drilled(table: Table, urls: dict[str, str]) -> Table:
    from dataclasses import replace

    return replace(table, drill=urls)


def _month(request: HttpRequest) -> date:
    try:
        return checks.parse_month(request.GET.get("maand", ""))
    except ValueError:
        return timezone.localdate().replace(day=1)


@page(Permission.FOLLOWUP_VIEW)
def items(request: HttpRequest) -> HttpResponse:
    """The follow-up items of the facilities the user follows, newest first; filter by status and kind."""
    rows = (FollowUpItem.objects.filter(facility__in=visible_facilities(request.user))
            .select_related("facility", "owner"))
    status, kind = request.GET.get("status", ""), request.GET.get("soort", "")
    if status in Status.values:
        rows = rows.filter(status=status)
    if kind in ItemKind.values:
        rows = rows.filter(kind=kind)
    table = followup_tables.items_table(rows)
    if (response := _export(request, table, "opvolgpunten")) is not None:
        return response
    page_obj = paginate(request, list(rows))
    shown = followup_tables.items_table(page_obj.object_list)
    shown = _drilled(shown, {i.ref: reverse("followup:item", args=[i.ref]) for i in page_obj.object_list})
    return render(request, "followup/items.html", {
        "t": presented(shown), "page_obj": page_obj, "status": status, "kind": kind, "statuses": Status.choices,
        "kinds": ItemKind.choices, "may_raise": can(request.user, Permission.FOLLOWUP_RAISE),
        "may_consult": can(request.user, Permission.FOLLOWUP_CONSULT),
        "facilities": visible_facilities(request.user).order_by("name")[:200],
        "report_months": _report_months(request),
    })


def _report_months(request: HttpRequest) -> list[str]:
    """For team members (Flanders report): the running and the previous month, as YYYY-MM."""
    if not can(request.user, Permission.MONTHLY_REPORT, ""):
        return []
    this_month = timezone.localdate().replace(day=1)
    return [f"{m:%Y-%m}" for m in _recent_months(this_month, 2)]


@page(Permission.FOLLOWUP_RAISE)
def raise_signal(request: HttpRequest) -> HttpResponse:
    """A facility (about itself), the team or a policy officer raises a signal."""
    facilities = list(visible_facilities(request.user).order_by("name").values_list("pk", "name"))
    form = RaiseForm(request.POST or None, initial={"facility": request.GET.get("voorziening", "")})
    choose(form.fields["facility"], [(str(pk), name) for pk, name in facilities])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.item_raise(actor=request.user, facility_id=int(data["facility"]),  # type: ignore[arg-type]
                                       subject=data["subject"], description=data["description"],
                                       due_on=data["due_on"])
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Het signaal %(ref)s is gemeld.") % {"ref": item.ref})
            return redirect("followup:item", ref=item.ref)
    return render(request, "followup/raise.html", {"form": form})


@page(Permission.FOLLOWUP_CONSULT)
def not_started(request: HttpRequest) -> HttpResponse:
    """The team's view of non-started cases (offers closed without a start), to ask facility policy to consult."""
    offers = (Offer.objects.filter(closed_at__isnull=False, state__in=checks.NOT_STARTED_STATES,
                                   admission__isnull=True)
              .select_related("place__unit__facility").order_by("-closed_at", "-id"))
    if (response := _export(request, followup_tables.not_started_table(offers[:5000]), "niet-opgestart")):
        return response
    page_obj = paginate(request, offers)
    table = followup_tables.not_started_table(page_obj.object_list)
    table = _drilled(table, {o.ref: reverse("followup:consult", args=[o.ref]) for o in page_obj.object_list})
    return render(request, "followup/not_started.html", {"t": presented(table), "page_obj": page_obj})


@page(Permission.FOLLOWUP_CONSULT)
def consult(request: HttpRequest, ref: str) -> HttpResponse:
    """The team asks facility policy to consult on one non-started case."""
    offer = Offer.objects.filter(ref=ref, closed_at__isnull=False, state__in=checks.NOT_STARTED_STATES,
                                 admission__isnull=True).select_related("place__unit__facility").first()
    if offer is None:
        raise Http404
    facility = offer.place.unit.facility
    form = ConsultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_raise(
                actor=request.user, facility_id=facility.pk, kind=ItemKind.CONSULT,  # type: ignore[arg-type]
                offer_id=offer.pk, subject=str(_("Overleg over niet-opgestart voorstel %(ref)s") % {"ref": ref}),
                description=form.cleaned_data["description"])
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De vraag tot overleg %(ref)s is verstuurd.") % {"ref": item.ref})
            return redirect("followup:item", ref=item.ref)
    return render(request, "followup/consult.html", {"form": form, "offer": offer, "facility": facility})


@page(Permission.FOLLOWUP_VIEW)
def item(request: HttpRequest, ref: str) -> HttpResponse:
    """One item with its append-only follow-up; the policy officer follows it up, others may add to it."""
    found = FollowUpItem.objects.filter(ref=ref).select_related("facility", "owner", "raised_by", "offer").first()
    visible_or_404(request, Permission.FOLLOWUP_FACILITY, found.facility if found else None)
    assert found is not None
    manage = can(request.user, Permission.FOLLOWUP_MANAGE)
    statuses = dict(Status.choices)
    officers = User.objects.filter(memberships__role=Role.POLICY_OFFICER.value,
                                   memberships__region=found.facility.region).order_by("username").distinct()
    follow = FollowUpForm(initial={"status": found.status, "owner": found.owner_id or "", "due_on": found.due_on})
    choose(follow.fields["owner"], [("", "—")] + [(str(u.pk), u.get_username()) for u in officers])
    note = NoteForm()
    if request.method == "POST":
        try:
            if manage and "status" in request.POST:
                follow = FollowUpForm(request.POST)
                choose(follow.fields["owner"], [("", "—")] + [(str(u.pk), u.get_username()) for u in officers])
                if follow.is_valid():
                    data = follow.cleaned_data
                    services.item_follow_up(actor=request.user, item_id=found.pk,  # type: ignore[arg-type]
                                            status=data["status"], note=data["note"],
                                            owner_id=int(data["owner"]) if data["owner"] else None,
                                            due_on=data["due_on"])
                    messages.success(request, _("De opvolging is bewaard."))
                    return redirect("followup:item", ref=ref)
            else:
                note = NoteForm(request.POST)
                if note.is_valid():
                    services.item_note(actor=request.user, item_id=found.pk,  # type: ignore[arg-type]
                                       text=note.cleaned_data["text"])
                    messages.success(request, _("Uw aanvulling is bewaard."))
                    return redirect("followup:item", ref=ref)
        except (DomainError, PermissionDenied) as error:
            (follow if manage and "status" in request.POST else note).add_error(None, str(error))
    return render(request, "followup/item.html", {
        "item": found, "manage": manage, "follow": follow, "note": note,
        "entries": [(e, statuses.get(e.status_from, ""), statuses.get(e.status_to, "")) for e in found.entries.all()],
    })


@page(Permission.FOLLOWUP_VIEW)
def facility(request: HttpRequest, ref: str) -> HttpResponse:
    """One facility's follow-up: its items, the agreements of its capacity dialogues and the team's notes."""
    found = Facility.objects.filter(ref=ref).first()
    visible_or_404(request, Permission.FOLLOWUP_FACILITY, found)
    assert found is not None
    may_note = can(request.user, Permission.FOLLOWUP_CONSULT) or can(request.user, Permission.FOLLOWUP_MANAGE)
    form = FacilityNoteForm(request.POST or None)
    if request.method == "POST" and may_note and form.is_valid():
        try:
            services.facility_note_record(actor=request.user, facility_id=found.pk,  # type: ignore[arg-type]
                                          topic=form.cleaned_data["topic"], text=form.cleaned_data["text"])
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De notitie is bewaard."))
            return redirect("followup:facility", ref=ref)
    item_rows = FollowUpItem.objects.filter(facility=found).select_related("facility", "owner")
    agreements = (DialogueAgreement.objects.filter(report__place__unit__facility=found)
                  .select_related("report__place").order_by("-at", "-id"))
    notes = FacilityNote.objects.filter(facility=found) if may_note or can(request.user,
                                                                          Permission.FOLLOWUP_MANAGE) else []
    tables = [followup_tables.items_table(item_rows), followup_tables.agreements_table(agreements[:500])]
    if may_note:
        tables.append(followup_tables.facility_notes_table(notes))
    if (response := _export(request, tables, f"opvolging-{found.ref}")) is not None:
        return response
    tables[0] = _drilled(tables[0], {i.ref: reverse("followup:item", args=[i.ref]) for i in item_rows})
    return render(request, "followup/facility.html", {"facility": found, "form": form,
                                                      "tables": [presented(t, i) for i, t in enumerate(tables)],
                                                      "may_note": may_note})


def _check_facilities(request: HttpRequest) -> QuerySet[Facility]:
    """The facilities whose monthly check the user sees: the province's, or its own."""
    return Facility.objects.filter(Q(region__in=provinces_of(request.user)) | Q(pk__in=own_facility_ids(request.user)))


@page(Permission.MONTHLY_CHECK_VIEW)
def monthly_checks(request: HttpRequest) -> HttpResponse:
    """The month's check for the user's facilities; the running month's is generated on the first visit."""
    month = _month(request)
    facilities = list(_check_facilities(request).order_by("name"))
    ids = [f.pk for f in facilities]
    this_month = timezone.localdate().replace(day=1)
    if month == this_month and MonthlyCheck.objects.filter(month=month, facility_id__in=ids).count() < len(ids):
        services.monthly_check_generate(month, ids, actor=request.user)  # type: ignore[arg-type]
    summary = followup_tables.check_summary_table(month, ids)
    kinds = followup_tables.check_kinds_table(month, ids)
    if (response := _export(request, [summary, kinds], f"maandcontrole-{month:%Y-%m}")) is not None:
        return response
    refs = {f.name: reverse("followup:check", args=[f.ref, f"{month:%Y-%m}"]) for f in facilities}
    months = _recent_months(this_month, 12)
    return render(request, "followup/checks.html", {
        "month": month, "summary": presented(_drilled(summary, refs)), "kinds": presented(kinds, 1),
        "months": [(f"{m:%Y-%m}", m) for m in months], "month_key": f"{month:%Y-%m}",
        "report": can(request.user, Permission.MONTHLY_REPORT) and bool(provinces_of(request.user)),
        "provinces": sorted(provinces_of(request.user)),
    })


def _recent_months(this_month: date, n: int) -> list[date]:
    months = [this_month]
    while len(months) < n:
        months.append((months[-1] - timedelta(days=1)).replace(day=1))
    return months


@page(Permission.MONTHLY_CHECK_VIEW)
def monthly_check(request: HttpRequest, ref: str, month: str) -> HttpResponse:
    """One facility's check for one month, each item with its handling; the policy officer handles items."""
    found = Facility.objects.filter(ref=ref).first()
    if found is None or not _check_facilities(request).filter(pk=found.pk).exists():
        raise Http404
    try:
        first = checks.parse_month(month)
    except ValueError:
        raise Http404 from None
    check = MonthlyCheck.objects.filter(facility=found, month=first).first()
    if check is None and first == timezone.localdate().replace(day=1):
        [check] = services.monthly_check_generate(first, [found.pk], actor=request.user)  # type: ignore[arg-type]
    items_list = list(followup_tables.check_items(check)) if check else []
    table = followup_tables.check_items_table(check, items_list) if check else None
    if table is not None and (response := _export(request, table, f"maandcontrole-{ref}-{month}")) is not None:
        return response
    manage = can(request.user, Permission.FOLLOWUP_MANAGE)
    return render(request, "followup/check.html", {
        "facility": found, "month": first, "month_key": month, "check": check,
        "t": presented(table) if table else None,
        "items": [(i, HandleForm(prefix=f"i{i.pk}")) for i in items_list],
        "manage": manage,
    })


@page(Permission.FOLLOWUP_MANAGE)
def handle(request: HttpRequest, pk: int) -> HttpResponse:
    """The policy officer marks one check item handled (or reopens it): POST only."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    found = CheckItem.objects.filter(pk=pk).select_related("monthly_check__facility").first()
    visible_or_404(request, Permission.FOLLOWUP_FACILITY, found.monthly_check.facility if found else None)
    assert found is not None
    form = HandleForm(request.POST, prefix=f"i{pk}")
    back = reverse("followup:check", args=[found.monthly_check.facility.ref, f"{found.monthly_check.month:%Y-%m}"])
    if form.is_valid():
        try:
            services.check_item_handle(actor=request.user, item_id=pk,  # type: ignore[arg-type]
                                       action=form.cleaned_data["action"], note=form.cleaned_data["note"],
                                       handled=not form.cleaned_data["reopen"])
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Het punt is bijgewerkt."))
    else:
        messages.error(request, _("Kies een actie en schrijf een korte notitie."))
    return redirect(f"{back}#punt-{pk}")


def intensive_period() -> tuple[date, date]:
    return (date.fromisoformat(settings.PLAATSREGIE_INTENSIVE_FOLLOWUP_FROM),
            date.fromisoformat(settings.PLAATSREGIE_INTENSIVE_FOLLOWUP_UNTIL))


@page(Permission.FOLLOWUP_VIEW)
def intensive(request: HttpRequest) -> HttpResponse:
    """The intensive follow-up period (September–December of the first year): month by month, and what is
    still open from it."""
    start, end = intensive_period()
    ids = list(visible_facilities(request.user).values_list("pk", flat=True))
    table = followup_tables.intensive_table(start, end, ids)
    open_items = (FollowUpItem.objects.filter(facility_id__in=ids, raised_at__date__gte=start,
                                              raised_at__date__lte=end).exclude(status=Status.DONE)
                  .select_related("facility", "owner"))
    open_table = followup_tables.items_table(open_items[:2000], key="intensive_open")
    if (response := _export(request, [table, open_table], "intensieve-opvolging")) is not None:
        return response
    open_table = _drilled(open_table, {i.ref: reverse("followup:item", args=[i.ref]) for i in open_items[:2000]})
    today = timezone.localdate()
    return render(request, "followup/intensive.html", {
        "start": start, "end": end, "t": presented(table), "open_t": presented(open_table, 1),
        "running": start <= today <= end,
    })


@page(Permission.MONTHLY_REPORT)
def report(request: HttpRequest) -> HttpResponse:
    """The monthly report as PDF: a province (its policy officer; team, admin) or Flanders (team, admin)."""
    from plaatsregie.monitoring.report import render_pdf

    province = request.GET.get("provincie", "")
    if not province and not can(request.user, Permission.MONTHLY_REPORT, ""):
        own = sorted(provinces_of(request.user))
        province = own[0] if own else ""
    if not can(request.user, Permission.MONTHLY_REPORT, province):
        raise Http404
    month = _month(request)
    body = render_pdf(month, province)
    response = HttpResponse(body, content_type="application/pdf")
    name = f"maandrapport-{(province or 'vlaanderen').lower()}-{month:%Y-%m}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def presented(table: Table, index: int = 0) -> dict[str, Any]:
    """A table for `followup/_table.html`: each row as (link of its first cell, first cell, other cells)."""
    return {"table": table, "index": index,
            "rows": [(table.drill.get(str(row[0]), ""), row[0], list(row[1:])) for row in table.rows]}
