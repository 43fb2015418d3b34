"""Log in, second factor (TOTP), log out, and the start page that sends each role to its work."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from plaatsregie.web.context import navigation_for
from plaatsregie.web.middleware import needs_second_factor


class TokenForm(forms.Form):
    token = forms.CharField(label=_("Code uit uw authenticator-app"), min_length=6, max_length=6,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send the user to the first page of their role; a user without a role is told so."""
    items = navigation_for(request)
    if items:
        return redirect(items[0][1])
    return render(request, "web/no_role.html")


def _device(request: HttpRequest) -> TOTPDevice:
    """The user's TOTP device: the confirmed one, else one being set up (made on first visit)."""
    devices = TOTPDevice.objects.filter(user_id=request.user.pk).order_by("-confirmed", "pk")
    device = devices.first()
    if device is None:
        device = TOTPDevice.objects.create(user_id=request.user.pk, name="authenticator", confirmed=False)
    return device


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """Ask the TOTP code; the first time, show the QR code to enrol the authenticator app."""
    if not needs_second_factor(request.user) or request.user.is_verified():  # type: ignore[union-attr]
        return redirect("home")
    device = _device(request)
    form = TokenForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect("home")
        form.add_error("token", _("Deze code klopt niet of is verlopen. Probeer de nieuwe code."))
    return render(request, "registration/second_factor.html",
                  {"form": form, "enrol": not device.confirmed, "qr": _qr(device) if not device.confirmed else ""})


def _qr(device: TOTPDevice) -> str:
    """The enrolment QR code as a data URI (allowed by the content security policy)."""
    import segno

    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=4))
