"""Each screen's page of the guide: ``guide_url_for(request)`` for the "Help for this page" link
that ``base.html`` shows (through ``aduan.core.context_processors.guide``).

A screen is known by its resolved URL name with namespaces (``backoffice:case_detail``). The map
gives the page and the section (an explicit ``{#anchor}`` of a heading, the same in every
language). ``tests/guide/test_links.py`` walks every URL pattern of the back office, the liaison
portal and the public portal and fails when one is neither here nor in ``NOT_SCREENS``.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

Target = tuple[str, str]  # (page slug, anchor)

SCREENS: dict[str, Target] = {
    "home": ("", ""),  # the front page: the guide's index
    # --- public portal ---------------------------------------------------------------------
    "portal:report": ("melapor", "formulir"),
    "portal:report_office": ("melapor", "formulir"),
    "portal:receipt": ("melapor", "tanda-terima"),
    "portal:track": ("melacak", "membuka"),
    "portal:tracked": ("melacak", "posisi"),
    "portal:act": ("melacak", "melengkapi"),
    "public_rules:index": ("melapor", "tenggat"),
    "public_stats:index": ("melapor", "statistik"),
    # --- back office -----------------------------------------------------------------------
    "backoffice:home": ("staf", "beranda"),
    "backoffice:login": ("staf", "masuk"),
    "backoffice:mfa_verify": ("staf", "masuk"),
    "backoffice:mfa_settings": ("staf", "kode-kedua"),
    "backoffice:mfa_enrol": ("staf", "kode-kedua"),
    "backoffice:mfa_renew_codes": ("staf", "kode-kedua"),
    "backoffice:mfa_remove": ("staf", "kode-kedua"),
    "backoffice:case_list": ("staf", "daftar"),
    "backoffice:bulk": ("staf", "daftar"),
    "backoffice:desk:form": ("staf", "loket"),
    "backoffice:desk:batch": ("staf", "loket"),
    "backoffice:desk:receipt": ("staf", "loket"),
    "backoffice:desk:batch_receipts": ("staf", "loket"),
    "backoffice:referral_incoming": ("staf", "limpahan-masuk"),
    "backoffice:case_detail": ("staf", "halaman-laporan"),
    "backoffice:case_action": ("tahapan", "alur"),  # refined by the action's name below
    "backoffice:letters:list": ("staf", "surat"),
    "backoffice:reveal_identity": ("staf", "identitas"),
    "stats:report": ("staf", "statistik"),
    "dashboard:index": ("staf", "dasbor"),
    "alerts:list": ("staf", "lonjakan"),
    "alerts:detail": ("staf", "lonjakan"),
    "alerts:act": ("staf", "lonjakan"),
    # --- liaison portal --------------------------------------------------------------------
    "liaison:inbox": ("narahubung", "kotak-masuk"),
    "liaison:login": ("narahubung", "masuk"),
    "liaison:activate": ("narahubung", "aktivasi"),
    "liaison:case_detail": ("narahubung", "laporan"),
    "liaison:answer": ("narahubung", "klarifikasi"),
    "liaison:reply_summons": ("narahubung", "panggilan"),
    "liaison:request_extension": ("narahubung", "perpanjangan"),
    "liaison:report_action": ("narahubung", "tindakan-korektif"),
    "liaison:report_recommendation": ("narahubung", "rekomendasi"),
    "liaison:sp4n_followup": ("narahubung", "sp4n"),
    "liaison:suggestion": ("narahubung", "saran"),
    "liaison:guidelines": ("narahubung", "pedoman"),
    "liaison:guideline": ("narahubung", "pedoman"),
    "liaison:assignments": ("narahubung", "penugasan"),
    "liaison:my_scorecard": ("narahubung", "kinerja"),
    # the office's side of the liaison portal
    "liaison:office_scorecard": ("staf", "instansi"),
    "liaison:reviews": ("staf", "instansi"),
    "liaison:decide_report": ("staf", "instansi"),
    "liaison:decide_extension": ("staf", "instansi"),
    "liaison:decide_suggestion_report": ("staf", "instansi"),
    "liaison:focal_points": ("administrator", "narahubung-instansi"),
    "liaison:invite": ("administrator", "narahubung-instansi"),
    "liaison:deactivate": ("administrator", "narahubung-instansi"),
    # --- administration (Django admin) -----------------------------------------------------
    "admin:index": ("administrator", "admin"),
}

# Screens of the case page's actions (``/kantor/laporan/<pk>/aksi/<name>/``): the stage each
# belongs to.
CASE_ACTIONS: dict[str, str] = {
    "verify-formal": "verifikasi-formil",
    "verify-material": "verifikasi-materiil",
    "complete": "verifikasi-formil",
    "register": "registrasi",
    "reject": "registrasi",
    "not-within-authority": "registrasi",
    "referral-consent": "pelimpahan",
    "notice": "registrasi",
    "advice": "knl",
    "assign": "penugasan",
    "transfer": "penugasan",
    "clarification": "klarifikasi",
    "clarification-answer": "klarifikasi",
    "summons": "panggilan",
    "summons-outcome": "panggilan",
    "field-investigation": "investigasi",
    "mediation": "mediasi",
    "conflict": "konflik",
    "lahp-draft": "lahp-draf",
    "lahp-response": "lahp-tanggapan",
    "lahp-final": "lahp-final",
    "corrective-action": "tindakan-korektif",
    "resmon-step": "resmon",
    "recommendation": "rekomendasi",
    "recommendation-sent": "rekomendasi",
    "recommendation-outcome": "rekomendasi",
    "recommendation-escalate": "rekomendasi",
    "sanction": "rekomendasi",
    "sanction-outcome": "rekomendasi",
    "rco-escalate": "rco",
    "withdraw": "penutupan",
    "withdrawal-decision": "penutupan",
    "close": "penutupan",
    "reopen": "penutupan",
    "file-again": "penutupan",
    "edit": "berkas",
    "note": "berkas",
    "document": "berkas",
    "receipt": "berkas",
    "agency-summary": "kerahasiaan",
    "public-summary": "kerahasiaan",
    "identity-allow": "kerahasiaan",
    "referral-send": "pelimpahan",
    "referral-answer": "pelimpahan",
    "sp4n-forward": "sp4n",
    "sp4n-completion": "sp4n",
    "sp4n-decision": "sp4n",
    "sp4n-followup": "sp4n",
    "sp4n-privacy": "sp4n",
}

# Admin screens by model (``admin:<app>_<model>_<view>``); any other admin screen goes to the
# administrator page's first section.
ADMIN_MODELS: dict[str, str] = {
    "directory_office": "kantor",
    "directory_unit": "kantor",
    "directory_user": "pengguna",
    "directory_agency": "instansi",
    "directory_liaison": "narahubung-instansi",
    "deadlines_officeclosure": "hari-libur",
    "deadlines_holidaychange": "hari-libur",
    "deadlines_deadlinerule": "aturan-tenggat",
    "deadlines_deadline": "aturan-tenggat",
    "letters_lettertemplate": "templat-surat",
    "letters_lettersettings": "templat-surat",
    "messaging_replytemplate": "balasan-standar",
    "api_apitoken": "token-api",
    "core_auditevent": "jejak-audit",
}

# Whole apps whose screens share one section (their own sub-pages need no finer help yet).
APP_NAMESPACES: dict[str, Target] = {
    "compliance": ("staf", "kepatuhan"),
    "prevention": ("staf", "pencegahan"),
    "privacy": ("staf", "privasi"),
    "plans": ("staf", "target"),
    "assignments": ("staf", "penugasan"),
}

# Named URLs of the three areas that are not screens a person reads, so they need no help link.
NOT_SCREENS: frozenset[str] = frozenset(
    {
        "backoffice:logout",  # POST, then a redirect
        "backoffice:take_case",  # POST "take this case", then back to the list
        "backoffice:case_presence",  # the htmx poll of "also on this case now"
        "backoffice:document_file",  # a file download
        "backoffice:letters:download",  # a file download
        "liaison:logout",  # POST, then a redirect
        "liaison:document",  # a file download
        "liaison:suggestion_report_evidence",  # a file download
        "liaison:assignment_evidence",  # a file download
        "portal:leave",  # POST, then a redirect
    }
)


# The case page links to the stage the case is at (the view sets ``request.guide_state``).
CASE_STATES: dict[str, str] = {
    "diterima": "verifikasi-formil",
    "menunggu_kelengkapan": "verifikasi-formil",
    "verifikasi_materiil": "verifikasi-materiil",
    "menunggu_pleno": "registrasi",
    "respons_cepat": "rco",
    "pemeriksaan": "klarifikasi",
    "tanggapan_lahp": "lahp-tanggapan",
    "monitoring": "tindakan-korektif",
    "resolusi_monitoring": "resmon",
    "rekomendasi": "rekomendasi",
    "selesai": "penutupan",
}


def target_for(view_name: str, kwargs: dict | None = None) -> Target | None:
    """The (page, anchor) of a screen, or None if it has no page."""
    kwargs = kwargs or {}
    if view_name == "backoffice:case_action":
        anchor = CASE_ACTIONS.get(str(kwargs.get("name", "")))
        if anchor:
            return ("tahapan", anchor)
    if view_name in SCREENS:
        return SCREENS[view_name]
    namespace, _sep, name = view_name.rpartition(":")
    if namespace in APP_NAMESPACES:
        return APP_NAMESPACES[namespace]
    if namespace == "admin":
        model = next((m for m in ADMIN_MODELS if name.startswith(m + "_")), None)
        return ("administrator", ADMIN_MODELS[model] if model else "admin")
    return None


def url_for(target: Target) -> str:
    slug, anchor = target
    if not slug:
        return reverse("guide:index")
    url = reverse("guide:page", args=[slug])
    return f"{url}#{anchor}" if anchor else url


def guide_url_for(request: HttpRequest) -> str:
    """The guide's page for the screen of ``request`` ("" if none, and on the guide itself)."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.view_name or match.view_name.startswith("guide:"):
        return ""
    state = getattr(request, "guide_state", "")
    if match.view_name == "backoffice:case_detail" and state in CASE_STATES:
        return url_for(("tahapan", CASE_STATES[state]))
    target = target_for(match.view_name, match.kwargs)
    return url_for(target) if target else ""
