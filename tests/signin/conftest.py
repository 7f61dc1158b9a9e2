"""The sign-in tests read pages and API errors in English (the suite's language for assertions);
a request without Accept-Language is answered in Bahasa Indonesia."""

import pytest


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
