"""The demo server's validators and its answers to conditional requests (RFC 9110 13.1)."""

from __future__ import annotations

import os

import pytest

from govreports.demo.conditional import not_modified, validators

MODIFIED = "Thu, 01 Jan 2026 00:00:10 GMT"


@pytest.mark.parametrize(("kind", "names"), [
    ("", {"ETag", "Last-Modified"}), ("etag+last-modified", {"ETag", "Last-Modified"}), ("etag", {"ETag"}),
    ("weak-etag", {"ETag"}), ("last-modified", {"Last-Modified"}), ("none", set()),
])
def test_each_kind_of_server_sends_its_validators(tmp_path, kind, names):
    page = tmp_path / "a.html"
    page.write_bytes(b"<html>a</html>")
    os.utime(page, (1767225610, 1767225610))
    sent = validators(kind, page, page.read_bytes())
    assert set(sent) == names
    if "ETag" in sent:
        assert sent["ETag"].startswith('W/"' if kind == "weak-etag" else '"')
        assert sent["ETag"] != validators(kind, page, b"<html>b</html>")["ETag"], "the tag follows the bytes"
    if "Last-Modified" in sent:
        assert sent["Last-Modified"] == MODIFIED


@pytest.mark.parametrize(("request_headers", "expected"), [
    ({"If-None-Match": '"abc"'}, True),
    ({"If-None-Match": 'W/"abc"'}, True),  # weak comparison
    ({"If-None-Match": '"x", "abc"'}, True),
    ({"If-None-Match": "*"}, True),
    ({"If-None-Match": '"old"', "If-Modified-Since": MODIFIED}, False),  # If-None-Match decides when sent
    ({"If-Modified-Since": MODIFIED}, True),
    ({"If-Modified-Since": "Thu, 01 Jan 2026 00:00:09 GMT"}, False),  # the file is newer
    ({"If-Modified-Since": "yesterday"}, False),  # unreadable: ignored
    ({}, False),
])
def test_conditional_requests(request_headers, expected):
    assert not_modified(request_headers, {"ETag": '"abc"', "Last-Modified": MODIFIED}) is expected


def test_a_server_without_validators_never_answers_304():
    assert not not_modified({"If-None-Match": '"abc"', "If-Modified-Since": MODIFIED}, {})
