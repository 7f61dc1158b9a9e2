"""Screenshots for the guide: the browser journeys write full-size PNGs to
``var/screenshots/journeys/<journey>/<NN>-<slug>.png``; the guide serves shrunk copies from
``static/guide/shots/<journey>/<NN>-<slug>.png`` (``aduan guide-shots``, ``make guide-images``).

A copy is at most ``WIDTH`` pixels wide and a palette PNG, made smaller until it is under
``MAX_BYTES`` when it can be; the names stay those of the shared contract (COMMON.md of issue 15)
so the Markdown can name them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

WIDTH = 800
MAX_BYTES = 150_000
TARGET_DIR = Path(__file__).resolve().parent / "static" / "guide" / "shots"

# The names the guide's pages use (the journeys may write more; they are copied too).
REQUIRED: dict[str, tuple[str, ...]] = {
    "citizen": (
        "01-report-form",
        "02-form-error",
        "03-receipt",
        "04-tracking",
        "05-complete-document",
    ),
    "staff": ("01-queue", "02-case-page", "03-verify", "04-register", "05-clarification-request"),
    "liaison": ("01-inbox", "02-request", "03-answered"),
    "lahp": ("01-draft", "02-reporter-response", "03-final"),
    "followup": ("01-agency-report", "02-staff-accept", "03-closed"),
}


@dataclass(frozen=True)
class Copied:
    name: str  # <journey>/<NN>-<slug>.png
    size: int
    width: int


def shrink(data: bytes, *, width: int = WIDTH, max_bytes: int = MAX_BYTES) -> tuple[bytes, int]:
    """A PNG of the image at most ``width`` wide, quantised to fewer colours until it fits in
    ``max_bytes`` (the smallest try is kept if none fits). Returns the bytes and the width."""
    with Image.open(io.BytesIO(data)) as opened:
        image = opened.convert("RGB")
    if image.width > width:
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    best = b""
    for colours in (256, 128, 64, 32):
        buffer = io.BytesIO()
        image.quantize(colors=colours, method=Image.Quantize.MEDIANCUT).save(
            buffer, format="PNG", optimize=True
        )
        best = buffer.getvalue()
        if len(best) <= max_bytes:
            break
    return best, image.width


def copy_shots(source: Path, target: Path = TARGET_DIR, **limits: int) -> list[Copied]:
    """Copy every ``<journey>/*.png`` of ``source`` into ``target``, shrunk."""
    copied = []
    for path in sorted(source.glob("*/*.png")):
        name = f"{path.parent.name}/{path.name}"
        data, width = shrink(path.read_bytes(), **limits)
        out = target / name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        copied.append(Copied(name, len(data), width))
    return copied


def missing(target: Path = TARGET_DIR) -> list[str]:
    """The contract's names that have no copy in ``target`` yet."""
    return [
        f"{journey}/{name}.png"
        for journey, names in REQUIRED.items()
        for name in names
        if not (target / journey / f"{name}.png").is_file()
    ]
