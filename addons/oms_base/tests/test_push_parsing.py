"""The strict reading of push bodies. Plain pytest functions: no database."""

from datetime import datetime

import pytest
from oms_api_common import push


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"a": "x\x00"}', "NUL character in the body"),
        (b'{"a": "\xc3"}', "not UTF-8"),
        (b'{"a": "\\u0000"}', "NUL character in a string"),
        (b'{"\\u0000": 1}', "NUL character in a key"),
        (b'{"a": ["\\udfff"]}', "lone surrogate"),
        (b'{"a": 1e400}', "out of range"),
        (b'{"a": NaN}', "non-finite"),
        (b'{"a": -Infinity}', "non-finite"),
        (b'{"a": ' * 50000 + b"1" + b"}" * 50000, "nested too deeply"),
        (b'{"a": ' * 40 + b"1" + b"}" * 40, "nested deeper than 32"),
        (b"[1]", "object was expected, not list"),
        (b'"text"', "object was expected, not str"),
        (b"{not json", "not JSON"),
        (b"", "not JSON"),
    ],
)
def test_unstorable_bodies_are_refused_with_a_reason(body, reason):
    with pytest.raises(push.MalformedPush, match=reason):
        push.load_json_object(body)


def test_a_storable_body_is_read():
    message = push.load_json_object(b'{"a": [1, 2.5, "\\u00e9\\ud83d\\ude00"]}')
    assert message == {"a": [1, 2.5, "é😀"]}


def test_identifiers_and_times():
    assert push.identifier(12, "id") == "12"
    assert push.identifier(None, "id") == ""
    for value in (True, 1.5, [1], {"a": 1}, "x" * 129):
        with pytest.raises(push.MalformedPush):
            push.identifier(value, "id")
    with pytest.raises(push.MalformedPush, match="no id"):
        push.identifier("", "id", required=True)
    assert push.integer("3", "code") == 3
    with pytest.raises(push.MalformedPush):
        push.integer(3.0, "code")
    # Lazada stamps pushes in milliseconds or seconds, Shopee in seconds
    moment = datetime(2020, 10, 27, 2, 47, 39, 530000)
    assert push.epoch(1603766859530) == moment
    assert push.epoch(1603766859) == moment.replace(microsecond=0)
    assert push.epoch(None) is None
    for value in (10**30, "soon", True, [1]):
        with pytest.raises(push.MalformedPush):
            push.epoch(value)


def test_what_a_refused_push_leaves():
    body = b"\x00\xff" + "é".encode() * 1000
    excerpt = push.excerpt(body)
    assert len(excerpt) == push.EXCERPT_SIZE and "\x00" not in excerpt
    assert push.body_text(body) is None
    assert push.body_text(b'{"a": 1}') == '{"a": 1}'
    headers = {
        "Authorization": "abc",
        "X-Signature": "def",
        "Cookie": "session_id=1",
        "User-Agent": "x" * 1000,
    }
    text = push.safe_headers(headers)
    assert "abc" not in text and "def" not in text and "session_id" not in text
    assert "Authorization: [hidden]" in text
    assert len(text) < 400


def test_an_envelope_gives_its_type_and_data():
    message, code, data = push.envelope(
        b'{"code": "3", "data": {"ordersn": "X"}}', "code", "a push"
    )
    assert (code, data) == (3, {"ordersn": "X"})
    assert message["data"] is data
    assert push.envelope(b'{"type": 1}', "type", "a webhook")[1:] == (1, {})


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"data": {}}', "not a webhook: no type"),
        (b'{"type": true}', "not a webhook: no type"),
        (b'{"type": 1, "data": []}', "data is not an object"),
        (b"[1]", "object was expected"),
    ],
)
def test_a_body_that_is_no_envelope_is_refused(body, reason):
    with pytest.raises(push.MalformedPush, match=reason):
        push.envelope(body, "type", "a webhook")
