"""The identity guard: what would identify a case's reporters in a text, however it is written.

Every text that leaves the office for an agency, an institution or the public passes through
here (UU 37/2008 Ps.24(2), Ps.30): the liaison portal, letters to anyone but the reporter,
referral letters and mails, clarification requests, Open311 and the open data.

``scan(case, text)`` folds the text (case, diacritics, white space, doubled letters, old
spellings) and finds, with their spans in the original text:

- name words of every reporter, proxy's principal and group member (each word of three letters
  or more, with or without an honorific before it: "Bu Siti", "Ibu Hj. Siti", "S. Aminah"), also
  spelled out ("S i t i"); a group's or legal entity's name as a phrase;
- phone numbers in every Indonesian form (08…, +62…, 62…, with spaces, dots, dashes or
  brackets): digit runs are compared on their national significant number, and a run of seven
  or more digits that ends the number matches too;
- identity, family-card, deed and account numbers written with spaces, dots or dashes, whole
  or in a run of eight digits or more;
- e-mail addresses, obfuscated ("nama [at] mail [dot] com", "nama(at)mail.com") or the local
  part alone;
- address fragments: the street after Jl./Jalan/Gg./Gang/Komplek…, the street with its house
  number, and RT/RW together.

``redact(case, text)`` replaces every match. ``check(case, texts)`` refuses (``IdentityExposed``,
naming each match and where it is) unless staff allowed that very token on this case with a
reason (``IdentityOverride``, audited ``identity.match_overridden``): common name words (Siti,
Nur, Muhammad) match by chance. For a confidential case the agency sees only the title and
summary staff wrote for it (``case_set_agency_summary``); ``require_agency_text`` blocks
sending until there is one.

``redact_public`` is Open311's: every reporter's identity (confidential or not) and any
person's phone number, e-mail or NIK-like number removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.cases import permissions
from aduan.cases.errors import CaseError
from aduan.cases.models import Case, IdentityOverride, Reporter
from aduan.core import audit

PLACEHOLDER = gettext_lazy("[identity kept secret]")

AUDIT_ACTIONS = {
    "identity.match_overridden": gettext_lazy("Identity match allowed by staff"),
    "case.agency_summary_set": gettext_lazy("Summary for the agency approved"),
    "case.public_summary_set": gettext_lazy("Public summary written"),
}

FIELD_LABELS = {
    "name": gettext_lazy("name"),
    "represents": gettext_lazy("on behalf of"),
    "members": gettext_lazy("group members"),
    "phone": gettext_lazy("phone"),
    "id_number": gettext_lazy("document number"),
    "deed_number": gettext_lazy("founding deed"),
    "email": gettext_lazy("e-mail"),
    "address": gettext_lazy("address"),
}
KIND_LABELS = {
    "word": gettext_lazy("Name word"),
    "phrase": gettext_lazy("Name"),
    "phone": gettext_lazy("Phone number"),
    "number": gettext_lazy("Number"),
    "email": gettext_lazy("E-mail"),
    "address": gettext_lazy("Address"),
}

HONORIFICS = (
    "bapak bpk bp pak pk ibu ib bu bunda saudara saudari sdr sdri sdra mas mbak mba kak kakak "
    "bang abang adik dik dek haji hajjah hajah hj h dr drs dra ir prof ust ustad ustadz ustadzah "
    "tuan tn nyonya ny nona nn almarhum alm almarhumah almh kyai kh ning gus raden rd "
    "teuku cut andi daeng om tante opung ompung inang amang"
).split()
# Words of a name that identify nobody (after folding): titles, "son/daughter of".
NOT_NAMES = set(HONORIFICS) | set(
    "bin binti van der den de al el pd spd kes mkes kep skep kom skom amd sos ssos hum shum "
    "ked sked psi farm sip sag sth mpd msi phd mba mhum mkom mkn stp spt sst sei spsi se sh "
    "mh mm st si ag ak".split()
)
LEGAL_FORMS = set(
    "pt cv ud tbk persero yayasan koperasi kelompok perkumpulan lembaga ormas lsm firma fa "
    "perseroan terbatas komunitas paguyuban forum".split()
)
STREETS = (
    r"(?:jalan|jaln|jln|jl|jlan|gang|gg|komplek|kompleks|komp|kompl|perumahan|perum|lorong|lr"
    r"|dusun|dsn|blok|kampung|kp|kav|kavling)"
)
NUMBER_WORDS = r"(?:nomor|nomer|nmr|no|num)"
SEP = r"[\s.\-_/,()]"
DOT_WORD = r"(?:dot|titik|dt)"
AT_WORD = r"(?:at|et|di|a)"
EMAIL_SEP = (
    rf"(?:\s*(?:[._\-+]|[\[({{<]\s*{DOT_WORD}\s*[\])}}>]|\s{DOT_WORD}\s)\s*|\s+)"  # . [dot] " dot "
)
EMAIL_AT = rf"\s*(?:@|[\[({{<]\s*(?:at|et|@)\s*[\])}}>]|\s{AT_WORD}\s|\s?\(\s*a\s*\)\s?|\s?#\s?)\s*"
COMMON_DOMAINS = set(
    "gmail googlemail yahoo ymail rocketmail hotmail outlook live icloud me mail protonmail "
    "proton aol zoho gmx yandex example".split()
)
DIGIT_RUN = re.compile(r"\+?\d(?:[\s.\-/()]{0,3}\d)+")
SCAN_LIMIT = 200_000  # characters scanned in one text


class IdentityExposed(CaseError):
    """A text meant for an agency, an institution or the public still identifies a reporter."""

    code = "identity_exposed"

    def __init__(self, message: str, matches: list[tuple[str, Match]]) -> None:
        super().__init__(message)
        self.matches = matches


class AgencySummaryMissing(CaseError):
    code = "agency_summary_missing"


@dataclass(frozen=True)
class Match:
    """One trace of a reporter's identity in a text: ``text`` is what is written there
    (``start``/``end`` in the original text), ``field`` the reporter's field it comes from,
    ``kind`` how it matched and ``key`` the identity token (what an override allows)."""

    text: str
    field: str
    kind: str
    key: str
    start: int
    end: int
    reporter_id: int | None = None

    def describe(self) -> str:
        return _("%(kind)s '%(text)s' (%(field)s)") % {
            "kind": KIND_LABELS.get(self.kind, self.kind),
            "text": self.text,
            "field": FIELD_LABELS.get(self.field, self.field),
        }


# --- folding ----------------------------------------------------------------------------
def fold(text: str) -> tuple[str, list[int]]:
    """Lower case, no diacritics, full-width digits as ASCII; with each folded character's
    index in ``text``."""
    text = text or ""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    out: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        if char.isascii():
            out.append(char.lower())
            index.append(i)
            continue
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            for piece in part.casefold():
                out.append(piece)
                index.append(i)
    return "".join(out), index


# Old and variant spellings of the same name (Soekarno/Sukarno, Djoko/Joko, Ramadhan/Ramadan,
# Achmad/Akhmad/Ahmad, Syamsul/Samsul), folded on both sides.
DIGRAPHS = {
    ("o", "e"): "u",
    ("d", "j"): "j",
    ("t", "j"): "c",
    ("s", "j"): "s",
    ("s", "y"): "s",
    ("d", "h"): "d",
    ("t", "h"): "t",
    ("k", "h"): "h",
    ("c", "h"): "h",
}


NAME_FOLDS = re.compile(r"([a-z])\1+|oe|dj|tj|sj|sy|dh|th|kh|ch")


def fold_name(folded: str, index: list[int] | None = None) -> tuple[str, list[int]]:
    """A folded text with doubled letters made single and old spellings (oe, dj, tj) made new:
    "Muhammad" and "Muhamad", "Soekarno" and "Sukarno", "Kusumawardhani" and "Kusumawardani"
    read the same."""
    index = index if index is not None else list(range(len(folded)))
    out: list[str] = []
    where: list[int] = []
    last = 0
    for m in NAME_FOLDS.finditer(folded):
        start = m.start()
        out.append(folded[last:start])
        where.extend(index[last:start])
        text = m.group()
        replacement = text[0] if m.group(1) else DIGRAPHS[(text[0], text[1])]
        out.append(replacement)
        where.extend([index[start]] * len(replacement))
        last = m.end()
    out.append(folded[last:])
    where.extend(index[last:])
    return "".join(out), where


def _name_key(word: str) -> str:
    return fold_name(fold(word)[0])[0]


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", fold(text)[0]) if w]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", fold(text)[0])


def national_number(digits: str) -> str:
    """An Indonesian phone number's significant part: 0812…, 62812…, 0062812… → 812…"""
    for prefix in ("0062", "62", "0"):
        if digits.startswith(prefix) and len(digits) - len(prefix) >= 6:
            return digits[len(prefix) :]
    return digits


# --- the per-case guard -------------------------------------------------------------------
@dataclass
class _Pattern:
    regex: re.Pattern
    field: str
    kind: str
    key: str
    on_names: bool  # matched on the name-folded text
    reporter_id: int | None = None


@dataclass
class Guard:
    """The compiled patterns of one case's reporters."""

    patterns: list[_Pattern] = field(default_factory=list)
    phones: list[tuple[str, str, int | None]] = field(default_factory=list)  # (nsn, field, id)
    numbers: list[tuple[str, str, int | None]] = field(default_factory=list)

    def scan(self, text: str) -> list[Match]:
        text = (text or "")[:SCAN_LIMIT]
        if not text.strip() or not (self.patterns or self.phones or self.numbers):
            return []
        folded, index = fold(text)
        named, named_index = fold_name(folded, index)
        found: list[Match] = []

        def add(span: tuple, hit: tuple, source: list[int], p: Any, kind: str, key: str) -> None:
            if hit[0] >= hit[1]:
                return
            a, b = source[span[0]], source[span[1] - 1] + 1  # the honorific included
            shown = text[source[hit[0]] : source[hit[1] - 1] + 1].strip()
            found.append(Match(shown, p[0], kind, key, a, b, p[1]))

        for pattern in self.patterns:
            haystack, source = (named, named_index) if pattern.on_names else (folded, index)
            for m in pattern.regex.finditer(haystack):
                hit = m.span("hit") if "hit" in pattern.regex.groupindex else m.span()
                span = m.span()
                if pattern.kind == "word":  # the honorifics before a name word go with it
                    before = HONORIFIC_BEFORE.search(haystack, max(0, span[0] - 40), span[0])
                    if before is not None and (
                        before.start() == 0 or not haystack[before.start() - 1].isalnum()
                    ):
                        span = (before.start(), span[1])
                origin = (pattern.field, pattern.reporter_id)
                add(span, hit, source, origin, pattern.kind, pattern.key)
        if self.phones or self.numbers:
            for m in DIGIT_RUN.finditer(folded):
                digits = re.sub(r"\D", "", m.group())
                if len(digits) < 6:
                    continue
                hit = self._number_hit(digits)
                if hit is not None:
                    add(m.span(), m.span(), index, (hit[1], hit[2]), hit[3], hit[0])
        found.sort(key=lambda x: (x.start, -x.end))
        return found

    def _number_hit(self, digits: str) -> tuple[str, str, int | None, str] | None:
        nsn = national_number(digits)
        for phone, name, reporter in self.phones:
            if phone in digits or phone in nsn:
                return f"phone:{phone}", name, reporter, "phone"
            for size in range(len(phone) - 1, 6, -1):
                if phone[-size:] in digits:
                    return f"phone:{phone}", name, reporter, "phone"
        for number, name, reporter in self.numbers:
            need = min(len(number), 8)
            if len(digits) >= need and any(
                number[i : i + need] in digits for i in range(len(number) - need + 1)
            ):
                return f"{name}:{number}", name, reporter, "number"
        return None


HONORIFIC_PREFIX = (
    r"(?:(?:" + "|".join(sorted({_name_key(h) for h in HONORIFICS}, key=len, reverse=True)) + r")"
    r"(?:\.\s*|\s+))*"
)


HONORIFIC_BEFORE = re.compile(HONORIFIC_PREFIX.replace("*", "+") + r"$")


def _word_pattern(key: str) -> str:
    spaced = r"[\s.\-_*]+".join(re.escape(c) for c in key)
    return rf"(?<![a-z0-9])(?P<hit>{re.escape(key)}|{spaced})(?![a-z0-9])"


def _name_patterns(text: str, field_name: str, reporter: Reporter, *, phrase: bool) -> list:
    patterns = []
    keys = [_name_key(w) for w in _words(text) if not w.isdigit()]
    if phrase:
        words = [k for k in keys if k not in LEGAL_FORMS]
        if words and len("".join(words)) >= 4:
            body = r"[\W_]*".join(re.escape(w) for w in words)
            patterns.append(
                _Pattern(
                    re.compile(rf"(?<![a-z0-9])(?P<hit>{body})(?![a-z0-9])"),
                    field_name,
                    "phrase",
                    f"{field_name}:{' '.join(words)}",
                    True,
                    reporter.pk,
                )
            )
        return patterns
    for key in dict.fromkeys(keys):
        if len(key) < 3 or key in NOT_NAMES:
            continue
        patterns.append(
            _Pattern(
                re.compile(_word_pattern(key)), field_name, "word", f"name:{key}", True, reporter.pk
            )
        )
    return patterns


def _email_patterns(email: str, reporter: Reporter) -> list:
    folded = fold(email)[0].strip()
    if "@" not in folded:
        return []
    local, _at, domain = folded.partition("@")
    chunks = [c for c in re.split(r"[^a-z0-9]+", local) if c]
    if not chunks or len("".join(chunks)) < 3:
        return []
    body = f"{EMAIL_SEP}?".join(re.escape(c) for c in chunks)
    parts = [p for p in re.split(r"[^a-z0-9]+", domain) if p]
    tail = ""
    if parts:
        tail = rf"(?:{EMAIL_AT}" + EMAIL_SEP.join(re.escape(p) for p in parts) + r")?"
    patterns = [
        _Pattern(
            re.compile(rf"(?<![a-z0-9])(?P<hit>{body}{tail})(?![a-z0-9])"),
            "email",
            "email",
            f"email:{''.join(chunks)}",
            False,
            reporter.pk,
        )
    ]
    if parts and parts[0] not in COMMON_DOMAINS and len(parts) >= 2 and len(parts[0]) >= 4:
        domain_body = EMAIL_SEP.join(re.escape(p) for p in parts)
        patterns.append(
            _Pattern(
                re.compile(rf"(?<![a-z0-9])(?P<hit>{domain_body})(?![a-z0-9])"),
                "email",
                "email",
                f"email:{''.join(parts)}",
                False,
                reporter.pk,
            )
        )
    return patterns


STREET_IN_ADDRESS = re.compile(
    rf"(?<![a-z]){STREETS}\.?\s*(?P<name>(?:[a-z]+\s*){{1,4}}?)"
    rf"(?=\s*(?:{NUMBER_WORDS}\b|rt\b|rw\b|kel\b|kec\b|desa\b|kelurahan\b|[,0-9\n]|$))"
)
HOUSE_IN_ADDRESS = re.compile(rf"(?<![a-z]){NUMBER_WORDS}\.?\s*(?P<no>\d+[a-z]?)")
RT_IN_ADDRESS = re.compile(r"(?<![a-z])rt\.?\s*0*(?P<rt>\d+)")
RW_IN_ADDRESS = re.compile(r"(?<![a-z])rw\.?\s*0*(?P<rw>\d+)")


def _address_patterns(address: str, reporter: Reporter) -> list:
    folded = fold(address)[0]
    patterns = []

    def add(body: str, key: str) -> None:
        patterns.append(
            _Pattern(
                re.compile(rf"(?<![a-z0-9])(?P<hit>{body})(?![a-z0-9])"),
                "address",
                "address",
                f"address:{key}",
                False,
                reporter.pk,
            )
        )

    for street in STREET_IN_ADDRESS.finditer(folded):
        words = [w for w in street.group("name").split() if w not in {"no", "nomor", "rt", "rw"}]
        if not words or len("".join(words)) < 3:
            continue
        name = r"[\s.\-_]*".join(re.escape(w) for w in words)
        add(rf"{STREETS}\.?\s*{name}", " ".join(words))
        house = HOUSE_IN_ADDRESS.search(folded, street.end())
        if house:
            number = re.escape(house.group("no"))
            key = f"{' '.join(words)} {number}"
            add(rf"{name}\s*[,.]?\s*(?:{NUMBER_WORDS}\.?\s*)?0*{number}", key)
    rt, rw = RT_IN_ADDRESS.search(folded), RW_IN_ADDRESS.search(folded)
    if rt and rw:
        a, b = re.escape(rt.group("rt")), re.escape(rw.group("rw"))
        add(rf"rt\.?\s*0*{a}\s*[/,.\-]?\s*(?:rw\.?\s*)?0*{b}", f"rt{a}rw{b}")
    return patterns


def build_guard(reporters: Iterable[Reporter]) -> Guard:
    guard = Guard()
    for reporter in reporters:
        group = reporter.kind in {Reporter.Kind.GROUP, Reporter.Kind.LEGAL_ENTITY}
        guard.patterns += _name_patterns(reporter.name, "name", reporter, phrase=group)
        if reporter.represents:
            # A group's "on behalf of" describes it ("Warga RT 003 Bacang"): a phrase; anyone
            # else's names a person.
            guard.patterns += _name_patterns(
                reporter.represents,
                "represents",
                reporter,
                phrase=reporter.kind == Reporter.Kind.GROUP,
            )
        for line in (reporter.members or "").splitlines():
            guard.patterns += _name_patterns(line, "members", reporter, phrase=False)
        if reporter.email:
            guard.patterns += _email_patterns(reporter.email, reporter)
        if reporter.address:
            guard.patterns += _address_patterns(reporter.address, reporter)
        phone = national_number(_digits(reporter.phone))
        if len(phone) >= 7:
            guard.phones.append((phone, "phone", reporter.pk))
        for name in ("id_number", "deed_number"):
            joined = re.sub(r"(?<=\d)[\s.\-/](?=\d)", "", fold(getattr(reporter, name) or "")[0])
            for run in re.findall(r"\d+", joined):
                if len(run) >= 6:
                    guard.numbers.append((run, name, reporter.pk))
    return guard


def guard_for(case: Case) -> Guard:
    """The case's guard, compiled once per case object (so once per request for a page)."""
    cached = getattr(case, "_identity_guard", None)
    if cached is not None:
        return cached
    guard = build_guard(case.reporters.all()) if case.pk else Guard()
    case._identity_guard = guard
    return guard


def forget(case: Case) -> None:
    """Drop a cached guard (after a reporter's data changed)."""
    case.__dict__.pop("_identity_guard", None)
    case.__dict__.pop("_identity_overrides", None)


def overridden_keys(case: Case) -> set[str]:
    cached = getattr(case, "_identity_overrides", None)
    if cached is None:
        cached = set(IdentityOverride.objects.filter(case=case).values_list("key", flat=True))
        case._identity_overrides = cached
    return cached


# --- the public functions -----------------------------------------------------------------
def scan(case: Case, text: str, *, overrides: bool = False) -> list[Match]:
    """Every trace of the case's reporters in ``text``; with ``overrides``, leaving out the
    tokens staff allowed on this case."""
    matches = guard_for(case).scan(text)
    if overrides and matches:
        allowed = overridden_keys(case)
        matches = [m for m in matches if m.key not in allowed]
    return matches


def _replace(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        # Spans separated only by blanks or punctuation ("Siti Aminah", "Bu Siti, 0812…")
        # become one placeholder.
        if merged and (start <= merged[-1][1] or not re.search(r"\w", text[merged[-1][1] : start])):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, last = [], 0
    for start, end in merged:
        out += [text[last:start], str(PLACEHOLDER)]
        last = end
    out.append(text[last:])
    return "".join(out)


def redact(case: Case | None, text: str, *, always: bool = False) -> str:
    """``text`` with every trace of the case's reporters replaced; a case that is not
    confidential is left as it is unless ``always``."""
    text = str(text or "")
    if case is None or not (case.confidential or always):
        return text
    return _replace(text, [(m.start, m.end) for m in scan(case, text)])


# Anyone's contacts, for what is published (Open311): e-mails (plain or obfuscated), phone
# numbers and NIK-like numbers (eight digits or more), and "Bu/Pak Name".
PUBLIC_EMAIL = re.compile(
    rf"[a-z0-9][a-z0-9._%+\-]*{EMAIL_AT}[a-z0-9\-]+(?:{EMAIL_SEP}[a-z0-9\-]+)*"
    rf"{EMAIL_SEP}(?:com|id|net|org|co|ac|go|sch|info|biz|me|io)\b",
    re.IGNORECASE,
)
PUBLIC_HONORIFIC = re.compile(
    r"\b(?i:bapak|bpk|pak|ibu|bu|saudara|saudari|sdr|sdri|mas|mbak|hj|haji|kak|bang)\.?\s+"
    r"(?:[A-Z][\w'.\-]*\s*){1,3}"
)


PUBLIC_ADDRESS = re.compile(
    rf"(?<![a-z]){STREETS}\.?\s*(?:[a-z]+\s*){{1,4}}?[,.]?\s*{NUMBER_WORDS}\.?\s*\d+[a-z]?(?![0-9])"
    r"|(?<![a-z])rt\.?\s*\d+\s*[/,.\-]?\s*rw\.?\s*\d+"
)


def redact_public(case: Case, text: str) -> str:
    """What may be published of ``text``: every reporter's identity (the case confidential
    or not) and anyone's e-mail, phone number, identity-like number, "Pak/Bu Name" and street
    address with a house number (or RT/RW) removed."""
    text = str(text or "")
    spans = [(m.start, m.end) for m in scan(case, text)]
    folded, index = fold(text)
    for m in PUBLIC_EMAIL.finditer(folded):
        spans.append((index[m.start()], index[m.end() - 1] + 1))
    for m in DIGIT_RUN.finditer(folded):
        if len(re.sub(r"\D", "", m.group())) >= 8:
            spans.append((index[m.start()], index[m.end() - 1] + 1))
    for m in PUBLIC_ADDRESS.finditer(folded):
        spans.append((index[m.start()], index[m.end() - 1] + 1))
    for m in PUBLIC_HONORIFIC.finditer(text):
        spans.append((m.start(), m.start() + len(m.group().rstrip())))
    return _replace(text, spans)


def check(case: Case, texts: dict[str, str]) -> None:
    """Refuse (``IdentityExposed``) while any of ``texts`` (label → text) still identifies a
    reporter of a confidential case, naming every match not allowed by staff."""
    if not case.confidential:
        return
    found: list[tuple[str, Match]] = []
    for where, text in texts.items():
        found += [(str(where), m) for m in scan(case, text, overrides=True)]
    if not found:
        return
    seen: dict[tuple[str, str], str] = {}
    for where, match in found:
        seen.setdefault((match.describe(), where), where)
    listed = "; ".join(
        _("%(what)s in %(where)s") % {"what": what, "where": where} for what, where in seen
    )
    raise IdentityExposed(
        _(
            "This would show the confidential reporter's identity: %(matches)s. Remove it from "
            "the text, or, if a word only happens to match (a common name), allow that word on "
            'the case page ("Allow a matched word") with a reason.'
        )
        % {"matches": listed},
        found,
    )


def agency_text(case: Case) -> dict[str, str] | None:
    """The title and summary an agency or institution may read: the approved agency text for
    a confidential case (None until there is one); the case's own otherwise."""
    if not case.confidential:
        return {"title": case.title, "summary": case.chronology}
    if case.agency_summary_at is None:
        return None
    return {"title": case.agency_title, "summary": case.agency_summary}


def require_agency_text(case: Case) -> dict[str, str]:
    text = agency_text(case)
    if text is None:
        raise AgencySummaryMissing(
            _(
                "This report is confidential: an agency or institution sees only a title and "
                'summary written for it. On the case page, write and approve the "Summary for '
                'the agency" first, then send again.'
            )
        )
    return text


def guard_outgoing(case: Case, texts: dict[str, str] | None = None) -> None:
    """Before anything goes to an agency or institution: for a confidential case, an approved
    agency summary must exist and neither it nor ``texts`` may identify the reporter."""
    if not case.confidential:
        return
    summary = require_agency_text(case)
    check(
        case,
        {
            _("the agency title"): summary["title"],
            _("the agency summary"): summary["summary"],
            **(texts or {}),
        },
    )


def draft_agency_text(case: Case) -> dict[str, str]:
    """The starting point staff edit: the approved text, else the case's redacted."""
    if case.agency_summary_at is not None:
        return {"title": case.agency_title, "summary": case.agency_summary}
    return {
        "title": redact(case, case.title, always=True),
        "summary": redact(case, case.chronology, always=True),
    }


# --- services -----------------------------------------------------------------------------
def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if len(reason) < 5:
        raise CaseError(
            _('Say why this word may go to the agency (e.g. "a common name, not the reporter").')
        )
    return reason


def _allow(case: Case, match: Match, *, actor: Any, reason: str) -> IdentityOverride:
    override, created = IdentityOverride.objects.get_or_create(
        case=case,
        key=match.key,
        defaults={
            "field": match.field,
            "text": match.text[:200],
            "reason": reason,
            "actor": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    if created:
        audit.record(
            "identity.match_overridden",
            actor=actor,
            target=case,
            office=case.office,
            new={"override": override.pk, "field": match.field, "reporter": match.reporter_id},
            reason=reason,
        )
    return override


def identity_match_override(
    *, case: Case, actor: Any, word: str, reason: str
) -> list[IdentityOverride]:
    """Allow what ``word`` matches of the identity (a common name word) to go to the agency on
    this case, with a reason. Only the tokens it matches are allowed, never the whole scan."""
    permissions.require(actor, "receive", case)
    reason = _clean_reason(reason)
    word = " ".join((word or "").split())
    matches = scan(case, word)
    if not word or not matches:
        raise CaseError(_("This word does not match the reporter's identity: nothing to allow."))
    if any(m.kind not in {"word", "address"} for m in matches):
        raise CaseError(
            _("Only a name word or an address word may be allowed; remove numbers and contacts.")
        )
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",), no_key=True).get(pk=case.pk)
        overrides = [_allow(case, m, actor=actor, reason=reason) for m in matches]
    return overrides


def case_set_agency_summary(
    *,
    case: Case,
    actor: Any,
    title: str,
    summary: str,
    overrides: dict[str, str] | None = None,
) -> Case:
    """Approve the title and summary the agency and institutions see of a confidential case.
    The text is scanned: a match is refused unless ``overrides`` (matched word → reason)
    allows that word, which is then recorded and audited."""
    permissions.require(actor, "receive", case)
    title = " ".join((title or "").split())
    summary = (summary or "").strip()
    if not title or not summary:
        raise CaseError(_("Write both the title and the summary for the agency."))
    if len(title) > 255:
        raise CaseError(_("The title for the agency is at most 255 characters."))
    allowed = {_name_key(k): v for k, v in (overrides or {}).items() if (k or "").strip()}
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",), no_key=True)
            .select_related("office")
            .get(pk=case.pk)
        )
        texts = {_("the agency title"): title, _("the agency summary"): summary}
        pending = [m for text in texts.values() for m in scan(case, text, overrides=True)]
        for match in pending:
            reason = allowed.get(_name_key(match.text)) or allowed.get(match.key.split(":", 1)[1])
            if reason is None:
                continue
            if match.kind not in {"word", "address"}:
                raise CaseError(
                    _("%(match)s cannot be allowed: remove it from the text.")
                    % {"match": match.describe()}
                )
            _allow(case, match, actor=actor, reason=_clean_reason(reason))
        case.__dict__.pop("_identity_overrides", None)
        if case.confidential:
            check(case, texts)
        old = {"title": case.agency_title, "at": case.agency_summary_at}
        case.agency_title = title
        case.agency_summary = summary
        case.agency_summary_by = actor if getattr(actor, "is_authenticated", False) else None
        case.agency_summary_at = timezone.now()
        case.save(
            update_fields=[
                "agency_title",
                "agency_summary",
                "agency_summary_by",
                "agency_summary_at",
                "updated_at",
            ]
        )
        audit.record(
            "case.agency_summary_set",
            actor=actor,
            target=case,
            office=case.office,
            old={"approved_before": old["at"] is not None},
            new={"length": len(summary)},
        )
    return case


def public_text(case: Case, description: str) -> str:
    """What Open311 publishes of a report that is not confidential: the staff's public summary
    when there is one, else ``description`` through ``redact_public``."""
    if case.public_summary.strip():
        return redact_public(case, case.public_summary)
    return redact_public(case, description)


def case_set_public_summary(*, case: Case, actor: Any, summary: str) -> Case:
    """Write the text Open311 publishes for the case (empty: the redacted description again).
    Refused while it holds a reporter's identity or anyone's contacts."""
    permissions.require(actor, "receive", case)
    summary = (summary or "").strip()
    if summary and redact_public(case, summary) != summary:
        raise IdentityExposed(
            _(
                "The public summary still holds a name, a phone number, an e-mail or an "
                "identity number: remove it."
            ),
            [],
        )
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",), no_key=True)
            .select_related("office")
            .get(pk=case.pk)
        )
        had = bool(case.public_summary)
        case.public_summary = summary
        case.save(update_fields=["public_summary", "updated_at"])
        audit.record(
            "case.public_summary_set",
            actor=actor,
            target=case,
            office=case.office,
            old={"written": had},
            new={"written": bool(summary)},
        )
    return case
