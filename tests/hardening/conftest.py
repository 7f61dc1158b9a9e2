"""The API's persona clients (tests/api/conftest.py) for the API's bounds."""

from tests.api.conftest import api, received, report  # noqa: F401
