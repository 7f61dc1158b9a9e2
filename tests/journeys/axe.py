"""axe-core in the journeys' pages: node_modules/axe-core/axe.min.js (``npm ci`` at the repository
root; the Makefile's test target runs it), injected into the page and run there. Nothing is
downloaded at run time; without the file the journeys are skipped LOUDLY."""

from __future__ import annotations

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def require_axe() -> Path:
    if not AXE.exists():
        pytest.skip(
            f"SKIPPED LOUDLY: no axe-core at {AXE} (run `npm ci --no-audit --no-fund` at the "
            "repository root; `make test` does it)"
        )
    return AXE


def violations(page) -> list[dict]:
    """axe-core's violations of serious or critical impact on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))  # the context bypasses the CSP for this
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                targets: v.nodes.map(n => n.target.join(" ")),
            }));
        }"""
    )
    return [v for v in found if v["impact"] in BLOCKING]


def describe(url: str, found: list[dict]) -> str:
    lines = [f"axe-core: {len(found)} serious or critical violation(s) on {url}"]
    for v in found:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        lines.extend(f"    {target}" for target in v["targets"][:10])
    return "\n".join(lines)
