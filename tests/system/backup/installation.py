"""Run inside an installation (``python installation.py make|inspect``) with its environment.

``make``: a few cases with attached files, through the services, as reports arrive.
``inspect``: JSON of every table's row count and every stored file's SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aduan.settings")

import django

django.setup()

from django.core.files.storage import default_storage  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from aduan.core.backup import storage_names, table_counts  # noqa: E402

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x9a\xa0\xa0"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def make(count: int) -> None:
    from aduan.cases import services as sv
    from aduan.cases.documents import document_add
    from aduan.directory.models import Office
    from aduan.regions.models import Region

    Region.objects.create(code="19", name="Kepulauan Bangka Belitung", level="provinsi")
    central = Office.objects.create(code="pusat", name="Ombudsman RI", kind=Office.Kind.PUSAT)
    office = Office.objects.create(
        code="babel",
        name="Ombudsman RI Perwakilan Kepulauan Bangka Belitung",
        kind=Office.Kind.PERWAKILAN,
        parent=central,
        time_zone="Asia/Jakarta",
    )
    office.jurisdiction.add(Region.objects.get(code="19"))
    for n in range(count):
        case = sv.case_receive(
            office=office,
            intake_type="lm",
            channel="web",
            title=f"Laporan uji cadangan {n}",
            reporters=[{"name": f"Pelapor {n}", "email": f"p{n}@example.com", "phone": "0812"}],
        )
        document_add(
            case=case,
            upload=SimpleUploadedFile(f"bukti-{n}.pdf", PDF + str(n).encode()),
            kind="bukti",
        )
        document_add(
            case=case,
            upload=SimpleUploadedFile(f"foto-{n}.png", PNG + bytes([n]) * (n + 1)),
            kind="bukti",
        )


def inspect() -> dict:
    files = {}
    for name in storage_names():
        with default_storage.open(name, "rb") as fh:
            files[name] = hashlib.sha256(fh.read()).hexdigest()
    return {
        "storage": default_storage.__class__.__name__,
        "tables": table_counts(),
        "files": files,
    }


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(int(sys.argv[2]) if len(sys.argv) > 2 else 3)
    else:
        print(json.dumps(inspect()))
