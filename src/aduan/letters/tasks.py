"""Background work of letters: LibreOffice's PDF, made after the letter is committed."""

from __future__ import annotations

from django_tasks import task


@task()
def refine_pdf_task(*, letter_id: int) -> str:
    from aduan.letters.services import refine_pdf

    return refine_pdf(letter_id)
