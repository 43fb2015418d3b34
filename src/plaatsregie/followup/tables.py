"""The follow-up's figures and lists as `Table`s (monitoring/tables.py): the pages, the CSV/XLSX exports and the
monthly PDF report present the same tables. No youth is named: items, offers and places by reference only."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from plaatsregie.followup.checks import first_of, next_month
from plaatsregie.followup.models import (
    CheckItem,
    CheckItemHandling,
    CheckKind,
    FacilityNote,
    FollowUpEntry,
    FollowUpItem,
    ItemKind,
    MonthlyCheck,
    Status,
)
from plaatsregie.monitoring.tables import Column, Table
from plaatsregie.placement.models import DialogueAgreement, Offer


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


def _d(value: date | None) -> str:
    return date_format(value, "d/m/Y") if value else ""


def items_table(items: Iterable[FollowUpItem], *, key: str = "followup_items") -> Table:
    rows = [(i.ref, i.facility.name, str(i.get_kind_display()), i.subject, str(i.get_source_display()),
             str(i.get_status_display()), i.owner.get_username() if i.owner else "", _d(i.due_on),
             _d(i.raised_at.date())) for i in items]
    return Table(
        key=key, title=_("Signalen en vragen tot overleg"),
        definition=_("Signalen van voorzieningen, het team of voorzieningenbeleid en vragen van het team om te "
                     "overleggen over niet-opgestarte dossiers, met hun opvolger, status en termijn (D-30)."),
        columns=[Column("ref", _("Referentie")), Column("facility", _("Voorziening")), Column("kind", _("Soort")),
                 Column("subject", _("Onderwerp")), Column("source", _("Gemeld door")),
                 Column("status", _("Status")), Column("owner", _("Opvolger")), Column("due_on", _("Tegen")),
                 Column("raised_on", _("Gemeld op"))],
        rows=rows, chart="none")


def handled_state() -> Subquery:
    """The latest handling of a check item: True handled, False reopened, None never handled."""
    return Subquery(CheckItemHandling.objects.filter(item_id=OuterRef("pk")).order_by("-at", "-id")
                    .values("handled")[:1])


def check_items(check: MonthlyCheck) -> QuerySet[CheckItem]:
    return check.items.annotate(handled=handled_state()).prefetch_related("handlings").order_by("kind",
                                                                                             "subject_ref")


def check_items_table(check: MonthlyCheck, items: Sequence[CheckItem] | None = None) -> Table:
    items = list(items if items is not None else check_items(check))
    rows = []
    for item in items:
        last = list(item.handlings.all())[-1:] if item.handlings.all() else []
        rows.append((item.subject_ref, str(item.get_kind_display()), item.detail,
                     str(_("afgehandeld")) if getattr(item, "handled", None) else str(_("open")),
                     str(last[0].get_action_display()) if last else "", last[0].note if last else ""))
    return Table(
        key="monthly_check_items", title=_("Maandelijkse controle van de capaciteitsregistratie"),
        definition=_("Wat opvalt in de registraties van de maand: plaatsen niet beschikbaar zonder geldige reden "
                     "of te lang, lage bezetting, registraties die de opnames tegenspreken, niet-opgestarte "
                     "dossiers (D-30)."),
        columns=[Column("subject", _("Betreft")), Column("kind", _("Soort")), Column("detail", _("Toelichting")),
                 Column("state", _("Stand")), Column("action", _("Actie")), Column("note", _("Notitie"))],
        rows=rows, chart="none")


def check_summary(month: date, facility_ids: Iterable[int]) -> list[dict[str, object]]:
    """Per facility with a check for the month: items found, still open, handled, and per kind."""
    checks = list(MonthlyCheck.objects.filter(month=first_of(month), facility_id__in=list(facility_ids))
                  .select_related("facility").order_by("facility__name"))
    items = (CheckItem.objects.filter(monthly_check__in=checks).annotate(handled=handled_state())
             .values_list("monthly_check_id", "kind", "handled"))
    per: dict[int, Counter[str]] = defaultdict(Counter)
    for check_id, kind, handled in items:
        per[check_id]["found"] += 1
        per[check_id]["handled" if handled else "open"] += 1
        per[check_id][kind] += 1
    return [{"check": c, "facility": c.facility, **per[c.pk]} for c in checks]


def check_summary_table(month: date, facility_ids: Iterable[int]) -> Table:
    summary = check_summary(month, facility_ids)
    return Table(
        key="monthly_check_summary", title=_("Maandcontrole per voorziening"),
        definition=_("Per voorziening: hoeveel punten de maandcontrole vond, hoeveel nog open staan en hoeveel "
                     "afgehandeld zijn. Punten zijn vragen voor de dialoog, geen oordeel."),
        columns=[Column("facility", _("Voorziening")), Column("found", _("Gevonden")),
                 Column("open", _("Open")), Column("handled", _("Afgehandeld"))],
        rows=[(str(r["facility"]), _int(r.get("found")), _int(r.get("open")), _int(r.get("handled")))
              for r in summary],
        chart="stacked", series=("open", "handled"))


def check_kinds_table(month: date, facility_ids: Iterable[int]) -> Table:
    counts = Counter(CheckItem.objects.filter(monthly_check__month=first_of(month),
                                              monthly_check__facility_id__in=list(facility_ids))
                     .values_list("kind", flat=True))
    return Table(
        key="monthly_check_kinds", title=_("Gevonden punten per soort"),
        definition=_("Hoe vaak elke soort punt in de maandcontrole voorkomt, over de gekozen voorzieningen."),
        columns=[Column("kind", _("Soort")), Column("count", _("Aantal"))],
        rows=[(str(kind.label), counts.get(kind.value, 0)) for kind in CheckKind], chart="bar", series=("count",))


def not_started_table(offers: Iterable[Offer]) -> Table:
    states = {"refused": _("geweigerd"), "withdrawn": _("ingetrokken"), "agreed": _("akkoord, niet gestart"),
              "agreed_with_conditions": _("akkoord onder voorwaarden, niet gestart")}
    return Table(
        key="not_started", title=_("Niet-opgestarte dossiers"),
        definition=_("Voorstellen op een plaats van de voorziening die afgesloten werden zonder opstart: "
                     "geweigerd, ingetrokken, of akkoord maar nooit gestart."),
        columns=[Column("offer", _("Voorstel")), Column("facility", _("Voorziening")), Column("place", _("Plaats")),
                 Column("state", _("Afloop")), Column("closed", _("Afgesloten op"))],
        rows=[(o.ref, o.place.unit.facility.name, o.place.ref, str(states.get(o.state, o.state)),
               _d(o.closed_at.date() if o.closed_at else None)) for o in offers], chart="none")


def agreements_table(agreements: Iterable[DialogueAgreement]) -> Table:
    return Table(
        key="dialogue_agreements", title=_("Afspraken uit de capaciteitsdialogen"),
        definition=_("Wie doet wat tegen wanneer, afgesproken in de capaciteitsdialoog over een plaats (D-4)."),
        columns=[Column("place", _("Plaats")), Column("what", _("Wat")), Column("owner", _("Wie")),
                 Column("due_on", _("Tegen")), Column("at", _("Afgesproken op"))],
        rows=[(a.report.place.ref, a.what, a.owner, _d(a.due_on), _d(a.at.date())) for a in agreements],
        chart="none")


def facility_notes_table(notes: Iterable[FacilityNote]) -> Table:
    return Table(
        key="facility_notes", title=_("Notities over de voorziening"),
        definition=_("Wat het team over de voorziening leert over dossiers heen: werking, terugkerende noden, "
                     "sterktes (D-30)."),
        columns=[Column("at", _("Datum")), Column("topic", _("Onderwerp")), Column("text", _("Notitie"))],
        rows=[(_d(n.at.date()), str(n.get_topic_display()), n.text) for n in notes], chart="none")


def months_between(start: date, end: date) -> list[date]:
    months, month = [], first_of(start)
    while month <= end:
        months.append(month)
        month = next_month(month)
    return months


def intensive_table(start: date, end: date, facility_ids: Sequence[int]) -> Table:
    """Per month of the intensive follow-up period: signals and requests raised, items done, check items."""
    months = months_between(start, end)
    raised: Counter[tuple[date, str]] = Counter()
    for at, kind in FollowUpItem.objects.filter(facility_id__in=facility_ids, raised_at__date__gte=start,
                                                raised_at__date__lte=end).values_list("raised_at", "kind"):
        raised[(first_of(at.date()), kind)] += 1
    done = Counter(first_of(at.date()) for at in FollowUpEntry.objects.filter(
        item__facility_id__in=facility_ids, status_to=Status.DONE, at__date__gte=start, at__date__lte=end)
        .values_list("at", flat=True))
    found = Counter(CheckItem.objects.filter(monthly_check__facility_id__in=facility_ids,
                                             monthly_check__month__in=months)
                    .values_list("monthly_check__month", flat=True))
    handled = Counter(CheckItem.objects.filter(monthly_check__facility_id__in=facility_ids,
                                               monthly_check__month__in=months)
                      .annotate(handled=handled_state()).filter(handled=True)
                      .values_list("monthly_check__month", flat=True))
    return Table(
        key="intensive_followup", title=_("Intensieve opvolging per maand"),
        definition=_("Per maand van de intensieve opvolgingsperiode: signalen en vragen tot overleg die gemeld "
                     "werden, punten die afgehandeld werden, en de punten van de maandcontrole."),
        columns=[Column("month", _("Maand")), Column("signals", _("Signalen")),
                 Column("consults", _("Vragen tot overleg")), Column("done", _("Afgehandeld")),
                 Column("check_found", _("Maandcontrole: gevonden")),
                 Column("check_handled", _("Maandcontrole: afgehandeld"))],
        rows=[(f"{m:%m/%Y}", raised[(m, ItemKind.SIGNAL.value)], raised[(m, ItemKind.CONSULT.value)],
               done[m], found[m], handled[m]) for m in months],
        chart="line", series=("signals", "consults", "check_found"))


def followup_counts_table(month: date, facility_ids: Sequence[int]) -> Table:
    """Per kind: items raised in the month, items still open now, items done in the month (counts only)."""
    start, end = first_of(month), next_month(month)
    items = FollowUpItem.objects.filter(facility_id__in=list(facility_ids))
    raised = Counter(items.filter(raised_at__date__gte=start, raised_at__date__lt=end).values_list("kind", flat=True))
    still_open = Counter(items.exclude(status=Status.DONE).values_list("kind", flat=True))
    done = Counter(FollowUpEntry.objects.filter(item__in=items, status_to=Status.DONE, at__date__gte=start,
                                                at__date__lt=end).values_list("item__kind", flat=True))
    return Table(
        key="followup_counts", title=_("Signalen en vragen tot overleg"),
        definition=_("Per soort: gemeld in de maand, afgehandeld in de maand, en nu nog open (D-30)."),
        columns=[Column("kind", _("Soort")), Column("raised", _("Gemeld")), Column("done", _("Afgehandeld")),
                 Column("open", _("Nog open"))],
        rows=[(str(kind.label), raised.get(kind.value, 0), done.get(kind.value, 0), still_open.get(kind.value, 0))
              for kind in ItemKind], chart="bar", series=("raised", "done", "open"))


def check_summary_by_province_table(month: date) -> Table:
    """The monthly check per province (the Flanders report, D-32): items found, open and handled."""
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for region, handled in (CheckItem.objects.filter(monthly_check__month=first_of(month))
                            .annotate(handled=handled_state())
                            .values_list("monthly_check__facility__region", "handled")):
        per[region]["found"] += 1
        per[region]["handled" if handled else "open"] += 1
    return Table(
        key="monthly_check_provinces", title=_("Maandcontrole per provincie"),
        definition=_("Per provincie: hoeveel punten de maandcontrole vond, hoeveel nog open staan en hoeveel "
                     "afgehandeld zijn."),
        columns=[Column("province", _("Provincie")), Column("found", _("Gevonden")),
                 Column("open", _("Open")), Column("handled", _("Afgehandeld"))],
        rows=[(region, c["found"], c["open"], c["handled"]) for region, c in sorted(per.items())],
        chart="stacked", series=("open", "handled"))
