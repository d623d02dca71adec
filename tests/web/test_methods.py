"""A method a page does not take is 405 with the Allow header, and an address that is no page is 404, whatever the
CSRF token: PUT / answered 400 "the form has expired", POST to a missing page too, and TRACE's 405 had no Allow."""

from __future__ import annotations

import pytest

from tests.web.conftest import login


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "POST", "TRACE"])
def test_a_method_the_page_does_not_take_is_405_naming_those_it_does(client, method):
    response = client.open("/browse", method=method)
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "CSRF" not in response.get_data(as_text=True)
    if method != "POST":  # the search page takes a pasted text by POST
        searched = client.open("/", method=method)
        assert searched.status_code == 405 and set(searched.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}


def test_the_api_says_405_in_its_own_shape_with_allow(client):
    response = client.open("/api/tags", method="PUT")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    assert response.get_json()["error"]["status"] == 405


def test_a_post_to_no_page_is_404_for_a_logged_in_curator_too(client):
    assert client.post("/no-such-page").status_code == 404
    login(client, "carl")
    assert client.post("/no-such-page", data={"x": "1"}).status_code == 404
    assert client.put("/", data={"x": "1"}).status_code == 405


def test_a_write_without_the_token_is_still_refused(client):
    login(client, "carl")
    response = client.post("/logout")
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
