"""Demo steps: portal accounts for the demo liaisons but two, which stay without an account so
the focal-point page shows both; then what agencies did through the portal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from aduan.directory.models import Liaison, User

DEMO_INVITER = "pvl"
# Agencies whose liaison officer has not activated a portal account in the demo.
WITHOUT_ACCOUNT = frozenset({"Kepolisian Daerah Kepulauan Bangka Belitung", "RSUD Depati Hamzah"})


def portal_accounts(result: Any, say: Callable[[str], None]) -> None:
    from aduan.liaison import services

    inviter = User.objects.filter(username=DEMO_INVITER).first()
    if inviter is None:
        return
    active = 0
    for number, liaison in enumerate(
        Liaison.objects.select_related("agency", "user").order_by("pk"), start=1
    ):
        if liaison.agency.name in WITHOUT_ACCOUNT:
            continue
        username = f"narahubung{number}"
        if liaison.user is None:
            if User.objects.filter(username=username).exists():
                continue
            token = services.liaison_invite(liaison=liaison, actor=inviter, notify=False)["token"]
            services.liaison_activate(
                token=token, username=username, password=settings.ADUAN_DEMO_PASSWORD
            )
            result.add("liaison accounts", 1)
            liaison.refresh_from_db()
        if liaison.user and liaison.user.is_active:
            active += 1
            result.logins.append((liaison.user.username, _("liaison officer"), liaison.agency.name))
    say(f"Liaison portal: {active} active accounts of {Liaison.objects.count()} liaisons")


def portal_activity(result: Any, say: Callable[[str], None]) -> None:
    """What agencies did through the portal: a reply to a summons, a corrective action and a
    recommendation reported for the office to review, a request for more time. Made once,
    through the services, by the first active liaisons with such items in their inbox."""
    from aduan.liaison.models import AgencyReport, ExtensionRequest, SummonsReply

    if (
        AgencyReport.objects.exists()
        or SummonsReply.objects.exists()
        or ExtensionRequest.objects.exists()
    ):
        say("Liaison portal: agency replies already there.")
        return
    from aduan.demo.cases import recent_past

    with recent_past():
        done = _replies()
    result.add("agency replies", len(done))
    say(f"Liaison portal: {len(done)} agency replies waiting for the office")


def _summon_one(users: Any) -> None:
    """The demo's summonses are all past; the examiner of a case of an agency with a portal
    account summons its head for next week."""
    import datetime as dt

    from django.utils import timezone

    from aduan.cases import examination
    from aduan.cases.models import Case
    from aduan.cases.states import State
    from aduan.directory.models import Office
    from aduan.liaison import selectors

    for user in users:
        case = (
            Case.objects.filter(
                state=State.EXAMINATION,
                agency_id__in=selectors.agency_ids_for(user),
                assignee__isnull=False,
            )
            .exclude(office__kind=Office.Kind.UNIT_PENGADUAN)
            .order_by("pk")
            .first()
        )
        if case is not None:
            examination.summons_schedule(
                case=case,
                actor=case.assignee,
                person=f"Kepala {case.agency.name}",
                scheduled_for=timezone.now() + dt.timedelta(days=6),
            )
            return


def _replies() -> set[str]:
    from aduan.liaison import selectors, services

    done: set[str] = set()
    acted: set[tuple[str, int]] = set()
    users = User.objects.filter(liaison__isnull=False, is_active=True).order_by("pk")
    _summon_one(users)
    for user in users:
        for item in selectors.liaison_inbox(user):
            kind = item["kind"]
            if kind in done:
                continue
            if kind == "summons":
                services.liaison_reply_summons(
                    summons=item["object"],
                    user=user,
                    attending=True,
                    attendee="Sekretaris, mewakili kepala instansi",
                    text="Kepala instansi sedang dinas luar; hadir diwakili sekretaris.",
                )
            elif kind == "action":
                services.liaison_report_action(
                    action=item["object"],
                    user=user,
                    text="Telah dilaksanakan; berita acara dan foto terlampir pada surat kami.",
                )
            elif kind == "recommendation":
                services.liaison_report_recommendation(
                    recommendation=item["object"],
                    user=user,
                    outcome="sebagian",
                    text="Sebagian telah dilaksanakan; sisanya dianggarkan tahun depan.",
                )
            else:
                continue
            done.add(kind)
            acted.add((kind, item["object"].pk))
    # and one asks for more time on a running clock the law lets be extended (not Ps.33, Ps.38(2)
    # or PO 58/2023 Ps.54: decision 0018)
    for user in users:
        item = next(
            (
                i
                for i in selectors.liaison_inbox(user)
                if i["case"] is not None
                and i["clock"] is not None
                and i["clock"].state == "open"
                and i["clock"].rule.extendable
                and (i["kind"], i["object"].pk) not in acted
            ),
            None,
        )
        if item is not None:
            services.liaison_request_extension(
                deadline=item["clock"],
                user=user,
                days=7,
                reason="Data masih dihimpun dari unit pelaksana.",
            )
            done.add("extension")
            break
    return done
