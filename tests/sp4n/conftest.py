"""Fixtures of the complaint-unit tests, shared by its test modules."""

from tests.sp4n.test_sp4n import central_admin, liaison, report, unit_office  # noqa: F401
