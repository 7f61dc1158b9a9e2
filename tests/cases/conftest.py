"""The workflow fixtures (receive, walk) live in tests/conftest.py; the checklists are
re-exported here for the tests that import them from this package."""

from tests.conftest import FORMAL_OK, MATERIAL_OK

__all__ = ["FORMAL_OK", "MATERIAL_OK"]
