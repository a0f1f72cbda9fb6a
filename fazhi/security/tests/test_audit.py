"""The dependency audit's verdict: vulnerable fails, unreachable says so, clean passes."""

from __future__ import annotations

from fazhi.security.audit import describe, read_report

VULNERABLE = {
    "dependencies": [
        {
            "name": "django",
            "version": "4.2.0",
            "vulns": [{"id": "PYSEC-2023-100", "fix_versions": ["4.2.2"]}],
        },
        {"name": "nh3", "version": "0.2.17", "vulns": []},
    ]
}
UNREACHABLE = {
    "dependencies": [
        {"name": "wagtail", "version": "8.0.1", "skip_reason": "Dependency not found on PyPI"},
        {"name": "nh3", "version": "0.2.17", "vulns": []},
    ]
}
CLEAN = {"dependencies": [{"name": "nh3", "version": "0.2.17", "vulns": []}]}


def test_a_known_vulnerability_fails_even_when_not_strict():
    verdict = read_report(VULNERABLE)
    assert verdict.exit_code(strict=False) == 1
    assert "django==4.2.0: PYSEC-2023-100 (fixed in: 4.2.2)" in describe(verdict, False)


def test_an_unreachable_source_is_never_called_clean():
    verdict = read_report(UNREACHABLE)
    text = describe(verdict, strict=False)
    assert "NOT AUDITED: 1 of 2" in text and "clean" not in text.lower().replace("not a clean", "")
    assert verdict.exit_code(strict=False) == 0
    assert verdict.exit_code(strict=True) == 1


def test_clean():
    verdict = read_report(CLEAN)
    assert verdict.exit_code(strict=True) == 0
    assert describe(verdict, True).startswith("Audit clean: 1 pinned")
