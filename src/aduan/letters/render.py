"""Filling a DOCX template (docxtpl) and turning the result into PDF.

PDF: LibreOffice (``soffice --headless --convert-to pdf``) when it is installed, else the
built-in renderer in ``letters.pdf``, so a PDF always exists (docs/decisions/0004-letters.md).
``ADUAN_SOFFICE`` is a path to soffice, empty to look for it on PATH, or ``off``.
"""

from __future__ import annotations

import html
import io
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from aduan.letters.context import LetterError, sample_context
from aduan.letters.kinds import SPECS

log = logging.getLogger(__name__)
DEFAULTS_DIR = Path(__file__).resolve().parent / "defaults"
LOGO_HEIGHT = Mm(18)
_soffice_lock = threading.Lock()


@dataclass(frozen=True)
class TemplateSource:
    data: bytes
    label: str


def default_template_path(kind: str) -> Path:
    return DEFAULTS_DIR / f"{kind}.docx"


def template_source(kind: str, office: Any) -> TemplateSource:
    """The template a letter of ``kind`` at ``office`` uses: the office's own, else the
    national one an administrator uploaded, else the default shipped with Aduan."""
    from aduan.letters.models import LetterTemplate

    active = LetterTemplate.objects.filter(kind=kind, active=True)
    template = active.filter(office=office).first() or active.filter(office__isnull=True).first()
    if template is None:
        return TemplateSource(default_template_path(kind).read_bytes(), "default")
    try:
        with template.file.open("rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise LetterError(
            _("The letter template file is missing (%(name)s); upload it again.")
            % {"name": template.file.name}
        ) from exc
    return TemplateSource(data, f"template {template.pk}")


def _environment() -> SandboxedEnvironment:
    # Sandboxed: an uploaded template cannot reach Python internals. Autoescape: a value with
    # < or & stays text instead of breaking the document's XML.
    return SandboxedEnvironment(autoescape=True)


def render_docx(template: bytes, context: dict[str, Any], *, logo: bytes | None = None) -> bytes:
    """Fill ``template`` with ``context``; LetterError with the reason when it cannot be used."""
    try:
        document = DocxTemplate(io.BytesIO(template))
        values = dict(context)
        values["logo"] = InlineImage(document, io.BytesIO(logo), height=LOGO_HEIGHT) if logo else ""
        document.render(values, _environment(), autoescape=True)
        out = io.BytesIO()
        document.save(out)
    except TemplateError as exc:
        where = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        shown = " ".join(getattr(exc, "docx_context", None) or [])
        detail = f"{exc.message or exc}{where}" + (f": …{shown[:120]}…" if shown.strip() else "")
        raise LetterError(
            _("The letter template cannot be used: %(error)s") % {"error": detail}
        ) from exc
    except Exception as exc:  # not a DOCX, broken XML, a bad image: all say "cannot be used"
        raise LetterError(
            _("The letter template cannot be used: %(error)s")
            % {"error": f"{type(exc).__name__}: {exc}"[:300]}
        ) from exc
    return out.getvalue()


def check_template(data: bytes, kind: str) -> None:
    """Render an uploaded template once per addressee with sample values (LetterError if not)."""
    for addressee in SPECS[kind].addressees:
        render_docx(data, sample_context(kind, addressee))


def docx_text(data: bytes) -> str:
    """The visible text of every part of a DOCX (body, headers, footers, notes, properties)."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not name.endswith(".xml"):
                continue
            xml = archive.read(name).decode("utf-8", "replace")
            xml = re.sub(r"</w:p>|<w:br\b[^>]*/>|<w:cr/>", "\n", xml)
            xml = re.sub(r"<w:tab/>", "\t", xml)
            parts.append(html.unescape(re.sub(r"<[^>]+>", "", xml)))
    return "\n".join(parts)


# --- PDF ----------------------------------------------------------------------------------
def soffice_binary() -> str | None:
    """The LibreOffice binary to use, or None (then the built-in renderer is used)."""
    configured = (getattr(settings, "ADUAN_SOFFICE", "") or "").strip()
    if configured.lower() in {"off", "none", "0", "no", "false"}:
        return None
    if configured:
        found = shutil.which(configured)
        if found is None:
            log.warning(
                "ADUAN_SOFFICE=%s is not an executable; using the built-in renderer.", configured
            )
        return found
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_soffice(docx: bytes, binary: str, *, timeout: int | None = None) -> bytes:
    """DOCX to PDF with LibreOffice. RuntimeError when it fails or takes longer than
    ``timeout`` seconds (the whole process group is then killed)."""
    timeout = timeout or getattr(settings, "ADUAN_SOFFICE_TIMEOUT", 60)
    # One profile per process, reused (a new one costs seconds); one conversion at a time in
    # it, since LibreOffice refuses a second instance on the same profile.
    profile = Path(tempfile.gettempdir()) / f"aduan-soffice-{os.getuid()}-{os.getpid()}"
    with _soffice_lock, tempfile.TemporaryDirectory(prefix="aduan-letter-") as work:
        source = Path(work) / "surat.docx"
        source.write_bytes(docx)
        command = [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nologo",
            "--convert-to",
            "pdf",
            "--outdir",
            work,
            str(source),
        ]
        process = subprocess.Popen(  # noqa: S603 - a fixed argument list, no shell
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={**os.environ, "HOME": work},
        )
        try:
            _out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise RuntimeError(f"LibreOffice took longer than {timeout} s") from exc
        target = Path(work) / "surat.pdf"
        if process.returncode != 0 or not target.exists():
            message = err.decode("utf-8", "replace").strip()[-300:]
            raise RuntimeError(f"LibreOffice failed (exit {process.returncode}): {message}")
        data = target.read_bytes()
    if not data.startswith(b"%PDF"):
        raise RuntimeError("LibreOffice wrote no PDF")
    return data


def to_pdf(docx: bytes) -> tuple[bytes, str]:
    """(PDF, engine): LibreOffice when present and working, else the built-in renderer."""
    from aduan.letters.pdf import render_pdf

    binary = soffice_binary()
    if binary:
        try:
            return convert_with_soffice(docx, binary), "libreoffice"
        except (RuntimeError, OSError) as exc:
            log.warning("PDF by LibreOffice failed, using the built-in renderer: %s", exc)
    return render_pdf(docx), "builtin"
