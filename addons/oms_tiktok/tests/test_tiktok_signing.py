"""Signatures of API calls and webhooks, by the client and by the sandbox
(two implementations written apart), against the reference's vectors."""

from odoo.addons.oms_tiktok.sandbox import signing as sandbox_signing
from odoo.addons.oms_tiktok.tiktok_api import signing

SHOPS_PATH = "/authorization/202309/shops"
# Our digest's vectors (shared/reference/marketplace-apis.md section 3.3, 3.9)
SHOPS_SIGN = "c8767e4fd7a1b48a0ce3fd23197f058159ce11b53f1ae1ad6d1ec931a1da5540"
SEARCH_SIGN = "5dccc35b04648442dbfbf4a05ea41d4648f8566f342f9dd1ab7ea1f2a7e73058"
SEARCH_BODY = b'{"order_status":"AWAITING_SHIPMENT"}'
SEARCH_QUERY = {
    "app_key": "123456",
    "timestamp": "1234567890",
    "shop_cipher": "ROW_abc",
    "page_size": "20",
}
WEBHOOK_BODY = (
    b'{"type":1,"tts_notification_id":"7327112393057371910","shop_id":'
    b'"7494049642642441621","timestamp":1644412885,"data":{"order_id":'
    b'"576486316948490001","order_status":"UNPAID","is_on_hold_order":false,'
    b'"update_time":1644412885}}'
)
WEBHOOK_SIGN = "1813f00c1d2f168dbc1a77b1e07132ba92e54a145dd87989c4126159305128c3"


def test_base_string_is_the_guides_step_by_step_example():
    # the signing guide's steps 2-5 for Get Authorized Shops
    query = {"app_key": "29a39d", "timestamp": "1623812664"}
    assert signing.base_string(SHOPS_PATH, query) == (
        b"/authorization/202309/shopsapp_key29a39dtimestamp1623812664"
    )
    body = (
        b'{    "address":"https://partner.tiktokshop.com",    '
        b'"event_type": "PACKAGE_UPDATE"}'
    )
    query = {
        "app_key": "68xu9ks5p4i8",
        "shop_cipher": "ROW_xkMbgAAAeVAQra0eZWebFQq5aIKt",
        "timestamp": "1696909648",
    }
    assert signing.base_string("/event/202309/webhooks", query, body) == (
        b"/event/202309/webhooksapp_key68xu9ks5p4i8shop_cipherROW_xkMbgAAAeVAQra0e"
        b"ZWebFQq5aIKttimestamp1696909648" + body
    )


def test_client_and_sandbox_sign_the_vectors_alike():
    query = {"app_key": "123456", "timestamp": "1234567890"}
    assert signing.sign("abc000def111", SHOPS_PATH, query) == SHOPS_SIGN
    assert (
        sandbox_signing.expected_sign("abc000def111", SHOPS_PATH, query, b"", "")
        == SHOPS_SIGN
    )
    path = "/order/202309/orders/search"
    assert signing.sign("abc000def111", path, SEARCH_QUERY, SEARCH_BODY) == SEARCH_SIGN
    assert (
        sandbox_signing.expected_sign(
            "abc000def111", path, SEARCH_QUERY, SEARCH_BODY, "application/json"
        )
        == SEARCH_SIGN
    )


def test_sign_and_access_token_are_not_signed_nor_a_multipart_body():
    query = {"app_key": "123456", "timestamp": "1234567890"}
    noisy = {**query, "sign": "x", "access_token": "TTP_y"}
    assert signing.sign("abc000def111", SHOPS_PATH, noisy) == SHOPS_SIGN
    assert (
        sandbox_signing.expected_sign(
            "abc000def111",
            SHOPS_PATH,
            noisy,
            b"--boundary\r\nbinary",
            "multipart/form-data; boundary=boundary",
        )
        == SHOPS_SIGN
    )
    # any other parameter or body byte changes the signature
    assert signing.sign("abc000def111", SHOPS_PATH, {**query, "x": "1"}) != SHOPS_SIGN
    assert signing.sign("abc000def111", SHOPS_PATH, query, b"{}") != SHOPS_SIGN


def test_webhook_signature_vector_and_forgeries():
    assert signing.sign_webhook("abc000def111", "123456", WEBHOOK_BODY) == WEBHOOK_SIGN
    assert (
        sandbox_signing.webhook_signature("abc000def111", "123456", WEBHOOK_BODY)
        == WEBHOOK_SIGN
    )
    assert signing.verify_webhook("abc000def111", "123456", WEBHOOK_BODY, WEBHOOK_SIGN)
    assert signing.verify_webhook(
        "abc000def111", "123456", WEBHOOK_BODY, f" {WEBHOOK_SIGN.upper()} "
    )
    tampered = WEBHOOK_BODY.replace(b"UNPAID", b"CANCEL")
    assert not signing.verify_webhook("abc000def111", "123456", tampered, WEBHOOK_SIGN)
    assert not signing.verify_webhook(
        "other-secret", "123456", WEBHOOK_BODY, WEBHOOK_SIGN
    )
    assert not signing.verify_webhook(
        "abc000def111", "654321", WEBHOOK_BODY, WEBHOOK_SIGN
    )
    assert not signing.verify_webhook("abc000def111", "123456", WEBHOOK_BODY, "")
    assert not signing.verify_webhook("abc000def111", "123456", WEBHOOK_BODY, None)
    assert not signing.verify_webhook("", "123456", WEBHOOK_BODY, WEBHOOK_SIGN)
