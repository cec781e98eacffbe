"""Shopee v2 signature vectors (plain pytest, no database)."""

import pytest

from odoo.addons.oms_shopee.shopee_api.signing import (
    base_string,
    sign,
    sign_push,
    verify_push,
)

KEY = "test_partner_key"
PUSH_URL = "https://example.com/shopee/push"
PUSH_BODY = (
    b'{"msg_id":"abc","data":{"ordersn":"220810QSK8S7BX","status":"PROCESSED",'
    b'"completed_scenario":"","update_time":1660123127},"shop_id":727720655,'
    b'"code":3,"timestamp":1660123127}'
)


def test_shop_base_string_matches_shopee_documentation():
    # Example printed in Shopee's "API calls" guide.
    assert (
        base_string(
            2001887,
            "/api/v2/shop/get_shop_info",
            1655714431,
            "59777174636562737266615546704c6d",
            14701711,
        )
        == "2001887/api/v2/shop/get_shop_info1655714431"
        "59777174636562737266615546704c6d14701711"
    )


def test_public_base_string_matches_shopee_documentation():
    assert (
        base_string(2001887, "/api/v2/public/get_shops_by_partner", 1655714431)
        == "2001887/api/v2/public/get_shops_by_partner1655714431"
    )


def test_shop_sign_vector():
    assert (
        sign(
            KEY,
            "/api/v2/shop/get_shop_info",
            1655714431,
            2001887,
            access_token="59777174636562737266615546704c6d",
            shop_id=14701711,
        )
        == "9fdae5aeed86e753249982ec04aa54339280f12d3f456b9e3f7d8ee91e66a2b3"
    )


def test_public_sign_vector():
    assert (
        sign(KEY, "/api/v2/auth/token/get", 1655714431, 2001887)
        == "4347600f52b50a77f5ecee90bf489adf3cec2d59d3c2febe004674f37def5451"
    )


def test_sign_is_lowercase_hex_and_key_sensitive():
    signature = sign(KEY, "/api/v2/auth/token/get", 1655714431, 2001887)
    assert len(signature) == 64 and signature == signature.lower()
    assert signature != sign("other", "/api/v2/auth/token/get", 1655714431, 2001887)


def test_shop_sign_needs_token_and_shop():
    with pytest.raises(ValueError):
        sign(KEY, "/api/v2/shop/get_shop_info", 1, 2, access_token="x")


def test_push_vector():
    assert (
        sign_push(KEY, PUSH_URL, PUSH_BODY)
        == "a85790da83acf559adb60fd346cfd1e64e3dca07fb55fc7f596b3924b2965bc7"
    )


def test_verify_push_accepts_genuine_and_rejects_tampering():
    authorization = sign_push(KEY, PUSH_URL, PUSH_BODY)
    assert verify_push(KEY, PUSH_URL, PUSH_BODY, authorization)
    assert not verify_push(
        KEY, PUSH_URL, PUSH_BODY.replace(b"PROCESSED", b"SHIPPED"), authorization
    )
    assert not verify_push(KEY, PUSH_URL + "/", PUSH_BODY, authorization)
    assert not verify_push("wrong", PUSH_URL, PUSH_BODY, authorization)
    assert not verify_push(KEY, PUSH_URL, PUSH_BODY, "")
    assert not verify_push(KEY, PUSH_URL, PUSH_BODY, None)
    assert not verify_push(KEY, PUSH_URL, PUSH_BODY, "é" * 64)
