"""Each screen links to its page of the guide: every named URL of the back office, the liaison
portal and the public portal has a target (or is listed as not a screen), and every target
page and section exists in both languages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from aduan.backoffice.actions import ACTIONS
from aduan.guide import links
from aduan.guide.pages import SLUGS
from aduan.guide.render import anchors

AREAS = ("backoffice", "liaison", "portal")


def named_urls(resolver=None, namespaces=()):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join((*namespaces, pattern.name))


def all_targets():
    targets = set(links.SCREENS.values()) | set(links.APP_NAMESPACES.values())
    targets |= {("tahapan", anchor) for anchor in links.CASE_ACTIONS.values()}
    targets |= {("administrator", anchor) for anchor in links.ADMIN_MODELS.values()}
    targets.add(("administrator", "admin"))
    return sorted(targets)


def test_every_screen_of_the_three_areas_has_a_guide_page():
    names = [name for name in named_urls() if name.split(":")[0] in AREAS]
    assert len(names) > 40
    without = [
        name
        for name in names
        if name not in links.NOT_SCREENS and links.target_for(name, {}) is None
    ]
    assert without == []


def test_the_exclusions_are_real_urls():
    assert links.NOT_SCREENS <= set(named_urls())
    assert not links.NOT_SCREENS & set(links.SCREENS)


def test_every_mapped_screen_exists():
    names = set(named_urls())
    assert [name for name in links.SCREENS if name not in names] == []


def test_every_case_action_has_its_stage():
    assert sorted(set(ACTIONS) - set(links.CASE_ACTIONS)) == []


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("target", all_targets(), ids=lambda t: "#".join(t))
def test_every_target_section_exists(target, language):
    slug, anchor = target
    if not slug:
        return  # the index
    assert slug in SLUGS
    assert anchor in anchors(slug, language)


def test_a_case_action_links_to_its_stage_and_an_admin_screen_to_its_section():
    assert links.url_for(links.target_for("backoffice:case_action", {"name": "clarification"})) == (
        "/panduan/tahapan/#klarifikasi"
    )
    assert links.target_for("backoffice:case_action", {"name": "no-such"}) == ("tahapan", "alur")
    assert links.target_for("admin:directory_user_change", {}) == ("administrator", "pengguna")
    assert links.target_for("admin:auth_group_changelist", {}) == ("administrator", "admin")
    assert links.target_for("prevention:activity_list", {}) == ("staf", "pencegahan")
    assert links.target_for("sms:webhook", {}) is None


@pytest.mark.django_db
def test_a_screen_shows_its_help_link():
    html = Client().get("/lapor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<a class="guide-link" href="/panduan/melapor/#formulir">Help for this page</a>' in html
    html = Client().get("/lacak/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="guide-link" href="/panduan/melacak/#membuka"' in html


@pytest.mark.django_db
def test_the_sign_in_screens_show_their_help_link():
    html = Client().get("/kantor/masuk/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="guide-link" href="/panduan/staf/#masuk"' in html
    html = Client().get("/instansi/masuk/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="guide-link" href="/panduan/narahubung/#masuk"' in html


@pytest.mark.django_db
def test_the_guide_itself_has_no_help_link():
    html = Client().get("/panduan/staf/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="guide-link"' not in html


def test_the_case_page_links_to_the_guide_at_the_stage_of_the_case():
    from aduan.cases.states import State

    assert set(links.CASE_STATES) == {state.value for state in State}
    for language in ("id", "en"):
        assert set(links.CASE_STATES.values()) <= anchors("tahapan", language), language


@pytest.mark.django_db
def test_the_case_page_help_opens_the_stage_of_the_case(receive, pvl_assistant):
    case = receive()
    client = Client(headers={"accept-language": "en"})
    client.force_login(pvl_assistant)
    page = client.get(f"/kantor/laporan/{case.pk}/").content.decode()
    assert 'class="guide-link" href="/panduan/tahapan/#verifikasi-formil"' in page
