"""Click-through from a figure to the records behind it, only where the user may see them (need-to-know).

A table says what lies behind its rows (`drill_kind`, `row_keys`); this turns that into links to existing pages:
the facility's own places and stays, the province's facility page, the monitoring dashboard of one facility or
province, the team's waiting pool with its filters. A user who may not see the records gets no link."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser, User
from django.urls import reverse

from plaatsregie.accounts.rules import can, own_facility_ids, provinces_of
from plaatsregie.accounts.vocabulary import Permission
from plaatsregie.monitoring.tables import Table
from plaatsregie.registry.models import Facility

Actor = User | AnonymousUser


class Drill:
    """Per request: what the user may open, read once."""

    def __init__(self, user: Actor) -> None:
        self.user = user
        self.team = can(user, Permission.TEAM_POOL)
        self.admin_or_team = self.team or can(user, Permission.ACCESS_LOG_VIEW)
        self.provinces = provinces_of(user)
        self.own = own_facility_ids(user)
        self._facilities: dict[str, tuple[int, str]] | None = None

    def facilities(self) -> dict[str, tuple[int, str]]:
        if self._facilities is None:
            self._facilities = {ref: (pk, region) for pk, ref, region in
                                Facility.objects.values_list("id", "ref", "region")}
        return self._facilities

    def facility_dashboard(self, ref: str) -> str | None:
        found = self.facilities().get(ref)
        if found is None:
            return None
        pk, region = found
        if pk in self.own or region in self.provinces or self.admin_or_team:
            return reverse("monitoring:facility") + "?" + urlencode({"voorziening": ref})
        return None

    def url(self, kind: str, key: str) -> str | None:
        if kind in ("facility", "facility_places", "facility_stays"):
            found = self.facilities().get(key)
            if found is None:
                return None
            pk, region = found
            if pk in self.own and kind == "facility_places":
                return reverse("facility:places")
            if pk in self.own and kind == "facility_stays":
                return reverse("facility:stays")
            if region in self.provinces and kind == "facility_places":
                return reverse("province:facility", args=[key])
            return self.facility_dashboard(key)
        if kind == "province":
            if key in self.provinces or self.admin_or_team:
                return reverse("monitoring:province") + "?" + urlencode({"provincie": key})
            return None
        if kind.startswith("pool_") and self.team:
            field = {"pool_urgency": "urgency", "pool_region": "region", "pool_module": "module",
                     "pool_age_band": "age_band"}.get(kind)
            if field:
                return reverse("team:pool") + "?" + urlencode({field: key})
            if kind == "pool_stale":
                return reverse("team:pool") + "?" + urlencode({"stale": "on", "urgency": key})
            if kind == "pool_collective":
                return reverse("team:pool") + "?" + urlencode({"collective": "on"})
        return None

    def apply(self, table: Table) -> Table:
        """The table with `drill` filled in: row label → URL, for the rows the user may open."""
        if not table.drill_kind or not table.row_keys:
            if table.drill_kind == "pool_collective" and self.team:
                link = self.url("pool_collective", "")
                return replace(table, drill={"*": link}) if link else table
            return table
        links: dict[str, str] = {}
        for row, key in zip(table.rows, table.row_keys, strict=False):
            link = self.url(table.drill_kind, key)
            if link and row:
                links[str(row[0])] = link
        return replace(table, drill=links)
