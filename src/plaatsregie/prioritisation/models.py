"""Every activation of a prioritisation policy, with the file's full text: append-only (D-10, D-25, D-26)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plaatsregie.accounts.models import AppendOnly
from plaatsregie.core.policy import Policy, policy_from_bytes


class PolicyVersion(AppendOnly):
    """One activation of a policy file. The text is kept, so a later edit of the file cannot change history;
    the latest activation is the policy new candidate lists are generated under."""

    policy_id = models.CharField(_("beleid"), max_length=60)
    version = models.PositiveIntegerField(_("versie"))
    sha256 = models.CharField(_("vingerafdruk (sha256)"), max_length=64)
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("volledige tekst van het beleidsbestand"))
    activated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("geactiveerd door"))
    activated_at = models.DateTimeField(_("geactiveerd op"), db_index=True)
    note = models.TextField(_("toelichting"))

    class Meta:
        ordering = ["-activated_at", "-id"]
        verbose_name = _("beleidsversie")
        verbose_name_plural = _("beleidsversies")

    def __str__(self) -> str:
        return f"{self.policy_id} v{self.version}"

    def policy(self) -> Policy:
        """The policy as it was activated, parsed from the stored text (its hash must be the recorded one)."""
        return policy_from_bytes(self.text.encode("utf-8"), f"{self} ({self.sha256[:12]})")
