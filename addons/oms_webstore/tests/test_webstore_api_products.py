from .common import WebstoreHttpCase, order_payload


class TestWebstoreApiProducts(WebstoreHttpCase):
    def test_spu_create_update_status_delete(self):
        spu = {
            "name": "Widget",
            "status": "on_sale",
            "skus": [
                {"sku": "WS-A", "price": 99},
                {"sku": "NEW-SKU", "sku_id": "9001"},
            ],
        }
        response = self.api("PUT", "/spus/SPU-9", spu)
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertEqual(body["status"], "on_sale")
        bound = {sku["sku"]: sku["bound"] for sku in body["skus"]}
        self.assertEqual(bound, {"WS-A": True, "NEW-SKU": False})
        Binding = self.env["oms.product.binding"]
        unbound = Binding.search(
            [("channel_id", "=", self.channel.id), ("external_id", "=", "9001")]
        )
        self.assertFalse(unbound.product_id)

        spu["skus"] = [{"sku": "WS-A"}]
        spu["name"] = "Widget v2"
        response = self.api("PUT", "/spus/SPU-9", spu)
        self.assertEqual([s["sku"] for s in response.json()["skus"]], ["WS-A"])
        self.assertEqual(response.json()["name"], "Widget v2")
        self.assertFalse(unbound.active)

        off = self.api("PUT", "/spus/SPU-9/status", {"status": "off_sale"})
        self.assertEqual(off.json()["status"], "off_sale")
        self.assertEqual(self.api("GET", "/spus/SPU-9").json()["status"], "off_sale")

        gone = self.api("DELETE", "/spus/SPU-9")
        self.assertEqual(gone.status_code, 200, gone.text)
        self.assertEqual(gone.json()["status"], "deleted")
        self.assertError(self.api("GET", "/spus/SPU-9"), 404, "not_found")
        self.assertError(self.api("DELETE", "/spus/SPU-9"), 404, "not_found")
        self.assertError(
            self.api("PUT", "/spus/SPU-9", {"name": "x", "skus": []}),
            422,
            "validation_error",
            "body.skus",
        )

    def test_stock_feed_follows_the_stock_rule(self):
        self.channel.write({"stock_buffer": 2, "stock_percentage": 50})
        response = self.api("GET", "/stock?skus=WS-A&skus=WS-B")
        self.assertEqual(response.status_code, 200, response.text)
        items = {item["sku"]: item for item in response.json()["items"]}
        # 20 free, minus 2, half of it
        self.assertEqual(items["WS-A"]["quantity"], 9)
        self.assertEqual(items["WS-A"]["price"], self.product_a.lst_price)
        self.assertEqual(items["WS-A"]["status"], "on_sale")
        self.api("POST", "/orders", order_payload("ST-1"))
        after = {
            i["sku"]: i["quantity"] for i in self.api("GET", "/stock").json()["items"]
        }
        # 2 units of WS-A reserved: 18 free, minus 2, half
        self.assertEqual(after["WS-A"], 8)
        self.api("PUT", "/spus/SPU-1/status", {"status": "off_sale"})
        off = {i["sku"]: i for i in self.api("GET", "/stock").json()["items"]}
        self.assertEqual(off["WS-A"]["quantity"], 0)
        self.assertEqual(off["WS-A"]["status"], "off_sale")
