"""The column format of each entity, declared once: reader, validator, writer, docs and templates use it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from plaatsregie.core.types import Gender, Need, PlaceStatus, Region, Urgency


class Kind(StrEnum):
    TEXT = "tekst"
    INTEGER = "geheel getal"
    DECIMAL = "decimaal getal"
    DATE = "datum"
    BOOLEAN = "ja/nee"
    CHOICE = "keuze"
    LIST = "lijst"


class CellError(ValueError):
    """A cell that does not hold a valid value; the message is the reason, in Dutch."""


TRUE = {"ja", "j", "yes", "y", "true", "waar", "1"}
FALSE = {"nee", "n", "no", "false", "onwaar", "0"}
DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")  # d/m/Y, d-m-Y, d.m.Y
ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")  # Y-m-d
LIST_SPLIT = re.compile(r"\s*[|,]\s*")


@dataclass(frozen=True)
class Column:
    """One column: its code name, Dutch header, type and meaning."""

    name: str
    header: str
    kind: Kind
    description: str
    required: bool = False
    key: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (code, Dutch label); the file may hold either
    list_choices: tuple[str, ...] = ()  # allowed items of a LIST (empty: any reference)
    max_length: int = 200
    minimum: float | None = None
    maximum: float | None = None
    export_only: bool = False  # written on export, ignored on import (derived by Plaatsregie)

    @property
    def example(self) -> str:
        if self.choices:
            return " | ".join(label for _, label in self.choices)
        return {Kind.DATE: "dd/mm/jjjj", Kind.BOOLEAN: "ja of nee", Kind.LIST: "A|B"}.get(self.kind, "")

    def parse(self, raw: Any) -> Any:
        """The value of a cell (None when empty); raises CellError with the reason."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if self.required:
                raise CellError("verplicht veld is leeg")
            return [] if self.kind is Kind.LIST else None
        return PARSERS[self.kind](self, raw)

    def _parse_text(self, raw: Any) -> str:
        text = _text(raw)
        if len(text) > self.max_length:
            raise CellError(f"tekst is langer dan {self.max_length} tekens")
        return text

    def _parse_integer(self, raw: Any) -> int:
        if isinstance(raw, bool):
            raise CellError("geen geheel getal")
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        try:
            value = int(_text(raw))
        except ValueError:
            raise CellError(f"'{_short(raw)}' is geen geheel getal") from None
        return int(self._in_range(value))

    def _parse_decimal(self, raw: Any) -> float:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return self._in_range(float(raw))
        try:
            value = float(_text(raw).replace(",", "."))
        except ValueError:
            raise CellError(f"'{_short(raw)}' is geen getal") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError("geen geldig getal")
        return self._in_range(value)

    def _in_range(self, value: float) -> float:
        if self.minimum is not None and value < self.minimum:
            raise CellError(f"{value:g} is kleiner dan {self.minimum:g}")
        if self.maximum is not None and value > self.maximum:
            raise CellError(f"{value:g} is groter dan {self.maximum:g}")
        return value

    def _parse_date(self, raw: Any) -> date:
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        text = _text(raw)
        match = DMY.fullmatch(text)
        parts = (match[4], match[3], match[1]) if match else None
        if parts is None and (match := ISO.fullmatch(text)):
            parts = (match[1], match[2], match[3])
        if parts is not None:
            try:
                value = date(int(parts[0]), int(parts[1]), int(parts[2]))
            except ValueError:
                raise CellError(f"'{_short(text)}' is geen bestaande datum") from None
            if not 1900 <= value.year <= 2100:
                raise CellError(f"datum '{_short(text)}' ligt buiten 1900–2100")
            return value
        raise CellError(f"'{_short(text)}' is geen geldige datum (gebruik dd/mm/jjjj of jjjj-mm-dd)")

    def _parse_boolean(self, raw: Any) -> bool:
        if isinstance(raw, bool):
            return raw
        text = _text(raw).lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise CellError(f"'{_short(raw)}' is geen ja of nee")

    def _parse_choice(self, raw: Any) -> str:
        text = _text(raw)
        for code, label in self.choices:
            if text.lower() in (code.lower(), label.lower()):
                return code
        allowed = ", ".join(label for _, label in self.choices)
        raise CellError(f"'{_short(text)}' is geen geldige waarde (kies uit: {allowed})")

    def _parse_list(self, raw: Any) -> list[str]:
        items = sorted({item for item in LIST_SPLIT.split(_text(raw)) if item})
        if self.list_choices:
            unknown = [item for item in items if item not in self.list_choices]
            if unknown:
                raise CellError(f"onbekende waarde(n) {', '.join(_short(u) for u in unknown)} "
                                f"(kies uit: {', '.join(self.list_choices)})")
        return items

    def render(self, value: Any) -> str:
        """The text a value is written as (CSV); XLSX writes the same text."""
        if value is None:
            return ""
        if self.kind is Kind.DATE:
            return f"{value:%d/%m/%Y}"
        if self.kind is Kind.BOOLEAN:
            return "ja" if value else "nee"
        if self.kind is Kind.CHOICE:
            return dict(self.choices).get(value, str(value))
        if self.kind is Kind.LIST:
            return "|".join(sorted(value))
        if self.kind is Kind.DECIMAL:
            return f"{value:.6f}".rstrip("0").rstrip(".")
        return str(value)


PARSERS: dict[Kind, Callable[[Column, Any], Any]] = {
    Kind.TEXT: Column._parse_text, Kind.INTEGER: Column._parse_integer, Kind.DECIMAL: Column._parse_decimal,
    Kind.DATE: Column._parse_date, Kind.BOOLEAN: Column._parse_boolean, Kind.CHOICE: Column._parse_choice,
    Kind.LIST: Column._parse_list,
}


def _text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def _short(raw: Any) -> str:
    text = str(raw)
    return text if len(text) <= 30 else text[:27] + "…"


@dataclass(frozen=True)
class EntityFormat:
    """The file format of one entity."""

    entity: str
    label: str
    description: str
    columns: tuple[Column, ...]

    @property
    def key(self) -> Column:
        return next(column for column in self.columns if column.key)

    def by_header(self) -> dict[str, Column]:
        """Header text (Dutch or code name, lower case) → column."""
        found: dict[str, Column] = {}
        for column in self.columns:
            found[column.header.lower()] = column
            found[column.name.lower()] = column
        return found


STATUS_CHOICES = (
    (PlaceStatus.OCCUPIED.value, "bezet"), (PlaceStatus.FREEING.value, "komt vrij"),
    (PlaceStatus.AVAILABLE.value, "vrij"), (PlaceStatus.RESERVED.value, "gereserveerd"),
    (PlaceStatus.UNAVAILABLE.value, "niet beschikbaar"),
)
REQUEST_STATUS_CHOICES = (("waiting", "wachtend"), ("admitted", "opgenomen"), ("withdrawn", "ingetrokken"))
GENDER_CHOICES = tuple((g.value, g.value) for g in Gender)
REGION_CHOICES = tuple((r.value, r.value) for r in Region)
URGENCY_RANGE = (min(Urgency), max(Urgency))

PLACES = EntityFormat("places", "plaatsen", "De plaatsen van een voorziening met hun profiel en status (D-4, D-5).", (
    Column("ref", "plaats", Kind.TEXT, "Referentie van de plaats (natuurlijke sleutel).", required=True, key=True,
           max_length=40),
    Column("unit", "leefgroep", Kind.TEXT, "Referentie van de leefgroep; die moet al bestaan en van uw "
           "voorziening zijn.", required=True, max_length=40),
    Column("status", "status", Kind.CHOICE, "Status van de plaats (D-5). Via import kan een bestaande plaats "
           "alleen naar 'niet beschikbaar' of van 'niet beschikbaar' naar 'vrij'; de andere overgangen lopen "
           "via melding, voorstel, opname en ontslag.", required=True, choices=STATUS_CHOICES),
    Column("available_from", "beschikbaar vanaf", Kind.DATE, "Datum waarop de plaats vrij is of vrijkomt."),
    Column("age_min", "minimumleeftijd", Kind.INTEGER, "Jongste leeftijd voor de plaats.", required=True,
           minimum=0, maximum=25),
    Column("age_max", "maximumleeftijd", Kind.INTEGER, "Oudste leeftijd voor de plaats.", required=True,
           minimum=0, maximum=25),
    Column("genders", "geslacht", Kind.TEXT, "Toegelaten geslachten: een of meer van F, M, X (bv. FMX).",
           required=True, max_length=3),
    Column("short_stay", "kortdurend", Kind.BOOLEAN, "Kortdurend verblijf (terugvalbed, time-out, ...).",
           required=True),
    Column("vertical", "verticale groep", Kind.BOOLEAN, "Verticale leefgroep; leeg = onbekend."),
    Column("contact", "aanspreekpunt", Kind.TEXT, "Aanspreekpunt voor de plaats."),
    Column("unavailable_reason", "reden niet beschikbaar", Kind.TEXT, "Code van de reden uit de lijst; "
           "verplicht bij status 'niet beschikbaar', anders leeg.", max_length=40),
    Column("unavailable_until", "niet beschikbaar tot", Kind.DATE, "Verwacht einde van de niet-beschikbaarheid; "
           "verplicht bij status 'niet beschikbaar'."),
))

REQUESTS = EntityFormat("requests", "aanmeldingen", "Aanmeldingen uit de Vlaamse toepassing, met de "
                        "pseudonieme gegevens van de jongere (D-10). Bevat persoonsgegevens.", (
    Column("ref", "dossiernummer", Kind.TEXT, "Dossiernummer van de aanmelding (natuurlijke sleutel).",
           required=True, key=True, max_length=40),
    Column("youth", "jongere", Kind.TEXT, "Pseudoniem van de jongere; dezelfde jongere heeft in alle "
           "aanmeldingen dezelfde geboortedatum, hetzelfde geslacht en dezelfde regio.", required=True,
           max_length=40),
    Column("birth_date", "geboortedatum", Kind.DATE, "Geboortedatum van de jongere.", required=True),
    Column("gender", "geslacht", Kind.CHOICE, "F, M of X.", required=True, choices=GENDER_CHOICES),
    Column("region", "regio", Kind.CHOICE, "Regio (provincie) van de context.", required=True,
           choices=REGION_CHOICES),
    Column("home_lat", "breedtegraad", Kind.DECIMAL, "Breedtegraad van de context (mag leeg).",
           minimum=49.0, maximum=52.0),
    Column("home_lon", "lengtegraad", Kind.DECIMAL, "Lengtegraad van de context (mag leeg).",
           minimum=2.0, maximum=7.0),
    Column("referrer", "aanmelder", Kind.TEXT, "Referentie van de aanmeldende dienst (OCJ, SDJ, ...).",
           required=True, max_length=40),
    Column("modules", "modules", Kind.LIST, "Gevraagde modules (codes, gescheiden door |); elk valt onder "
           "centrale regie.", required=True),
    Column("urgency", "urgentie", Kind.INTEGER, "1 (meest urgent) tot 4.", required=True,
           minimum=URGENCY_RANGE[0], maximum=URGENCY_RANGE[1]),
    Column("status", "status", Kind.CHOICE, "wachtend, opgenomen of ingetrokken. Een nieuwe aanmelding is "
           "wachtend; de status verandert niet via import (intrekking en opname hebben hun eigen weg).",
           required=True, choices=REQUEST_STATUS_CHOICES),
    Column("registered_on", "aangemeld op", Kind.DATE, "Datum van aanmelding.", required=True),
    Column("last_confirmed_on", "laatst bevestigd op", Kind.DATE, "Laatste bevestiging dat de aanmelding "
           "actueel is (D-6)."),
    Column("needs", "noden", Kind.LIST, "Noden (gescheiden door |).", list_choices=tuple(n.value for n in Need)),
    Column("crisis_overflow", "overloop crisis", Kind.BOOLEAN, "Overloop vanuit crisis.", required=True),
    Column("internal_transfer_facility", "interne schakel naar", Kind.TEXT, "Referentie van de voorziening "
           "bij een interne schakel RTJ → NRTJ (D-19).", max_length=40),
    Column("readmission_facility", "heropname in", Kind.TEXT, "Referentie van de voorziening bij een "
           "heropname binnen 12 maanden.", max_length=40),
    Column("sibling_facilities", "brussen geplaatst in", Kind.LIST, "Referenties van voorzieningen waar "
           "brussen verblijven (gescheiden door |)."),
))

ADMISSIONS = EntityFormat("admissions", "opnames", "Opnames en ontslagen op de plaatsen van een voorziening "
                          "(D-20). Alleen pseudonieme referenties, geen persoonsgegevens.", (
    Column("ref", "opname", Kind.TEXT, "Referentie van de opname (natuurlijke sleutel). Een nieuwe opname "
           "krijgt haar referentie van Plaatsregie: laat dan leeg en vul het voorstel in.", key=True,
           max_length=40),
    Column("place", "plaats", Kind.TEXT, "Referentie van de plaats van uw voorziening.", required=True,
           max_length=40),
    Column("request", "dossiernummer", Kind.TEXT, "Dossiernummer van de aanmelding.", required=True,
           max_length=40),
    Column("offer", "voorstel", Kind.TEXT, "Referentie van het aanvaarde centrale voorstel dat de opname "
           "start (D-1a); leeg bij interne doorstroom.", max_length=40),
    Column("internal_flow", "interne doorstroom", Kind.BOOLEAN, "Interne doorstroom NRTJ → NRTJ (D-19).",
           required=True),
    Column("start_on", "start", Kind.DATE, "Startdatum van de opname.", required=True),
    Column("ended_on", "ontslag", Kind.DATE, "Datum van ontslag; leeg zolang de opname loopt."),
    Column("discharge_announced", "ontslag vooraf gemeld", Kind.BOOLEAN, "Afgeleid door Plaatsregie (D-33); "
           "bij import genegeerd.", export_only=True),
))

FORMATS: dict[str, EntityFormat] = {f.entity: f for f in (PLACES, REQUESTS, ADMISSIONS)}
