"""How the office reaches a reporter, from what the reporter gave: the one rule for every form.

A reporter who leaves the choice open is reached the way their details allow: an e-mail address
first (free, and it carries documents), else a mobile number (by WhatsApp on the public form,
which asks for a "phone or WhatsApp number", by SMS elsewhere), else a landline by a call, else a
letter by post. A chosen way is kept, and refused only when its address is missing.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from aduan.cases.models import Reporter

C = Reporter.ContactChannel
MOBILE = re.compile(r"^(\+?62|0)8\d{7,12}$")

# channel -> the detail it needs
NEEDS = {C.EMAIL: "email", C.SMS: "phone", C.WHATSAPP: "phone", C.PHONE: "phone", C.POST: "address"}

# channel -> what to do when its detail is missing
WHAT_TO_DO = {
    C.EMAIL: _(
        "You chose e-mail: give your e-mail address, or choose another way to be contacted."
    ),
    C.SMS: _("You chose SMS: give your mobile number, or choose another way to be contacted."),
    C.WHATSAPP: _(
        "You chose WhatsApp: give your WhatsApp number, or choose another way to be contacted."
    ),
    C.PHONE: _(
        "You chose a phone call: give your phone number, or choose another way to be contacted."
    ),
    C.POST: _(
        "You chose a letter by post: give your full address, or choose another way to be contacted."
    ),
}


def is_mobile(phone: str) -> bool:
    """An Indonesian mobile number (08…, 628…, +628…), spaces, dots and dashes ignored."""
    return bool(MOBILE.match(re.sub(r"[\s.\-()]", "", phone or "")))


def infer(*, email: str = "", phone: str = "", address: str = "", mobile: str = C.SMS) -> str:
    """The way to reach a reporter who did not choose one, from what they gave; ``mobile``: the
    channel for a mobile number (WhatsApp or SMS)."""
    if (email or "").strip():
        return C.EMAIL
    if (phone or "").strip():
        return mobile if is_mobile(phone) else C.PHONE
    if (address or "").strip():
        return C.POST
    return C.EMAIL


def channel_for(reporter: dict[str, Any], chosen: str = "", *, mobile: str = C.SMS) -> str:
    """The chosen channel, else the one ``infer`` finds in the reporter's details."""
    if chosen:
        return chosen
    return infer(
        email=reporter.get("email") or "",
        phone=reporter.get("phone") or "",
        address=reporter.get("address") or "",
        mobile=mobile,
    )


def missing_detail(reporter: dict[str, Any], channel: str) -> str | None:
    """The detail (a field name) the channel needs and the reporter did not give, or None."""
    needed = NEEDS.get(channel)
    if needed and not str(reporter.get(needed) or "").strip():
        return needed
    return None
