"""The shop's money: daily statements of settled orders and the
transactions behind each statement (revenue, shipping cost, fees and taxes).
"""

from .common import TikTokError, decimal, money, page

COMMISSION_RATE = decimal("0.05")
TRANSACTION_FEE_RATE = decimal("0.02")
DAY = 86400
PAYMENT_STATUSES = ("PAID", "FAILED", "PROCESSING")
# Adjustment transaction types of the reference (Get Transactions by Statement)
ADJUSTMENT_TYPES = (
    "CHARGE_BACK",
    "CUSTOMER_SERVICE_COMPENSATION",
    "DEDUCTIONS_INCURRED_BY_SELLER",
    "GMV_PAYMENT_FOR_ADS",
    "PLATFORM_COMMISSION_ADJUSTMENT",
    "PLATFORM_COMMISSION_COMPENSATION",
    "PLATFORM_PENALTY",
    "PROMOTION_ADJUSTMENT",
    "REBATE",
    "PLATFORM_COMPENSATION",
    "PLATFORM_REIMBURSEMENT",
    "COFUNDED_CREATOR_REWARDS",
    "FBT_WAREHOUSE_SERVICE_FEE",
    "LOGISTICS_REIMBURSEMENT",
    "SHIPPING_FEE_ADJUSTMENT",
    "SHIPPING_FEE_COMPENSATION",
    "SHIPPING_FEE_REBATE",
    "SAMPLE_SHIPPING_FEE",
    "SELLER_MISSION_REWARD",
    "OTHER_ADJUSTMENT",
)


class FinanceMixin:
    """Finance half of :class:`TikTokShop`."""

    def _init_finance(self):
        self.statements = {}
        self.settled_orders = set()

    def _order_transaction(self, order):
        lines = [line for line in order["lines"] if line["status"] != "CANCELLED"]
        original = sum((line["original_price"] for line in lines), decimal(0))
        seller_discount = sum((line["seller_discount"] for line in lines), decimal(0))
        refunded = [
            line
            for record in self.returns.values()
            if record["order_id"] == order["id"]
            and record["return_status"] == "RETURN_OR_REFUND_REQUEST_COMPLETE"
            for line in lines
            if line["id"] in record["line_ids"]
        ]
        refund = sum((line["original_price"] for line in refunded), decimal(0))
        refund_discount = sum(
            (line["seller_discount"] for line in refunded), decimal(0)
        )
        revenue = original - seller_discount - refund + refund_discount
        shipping_paid = order["original_shipping_fee"]
        shipping_actual = -order["original_shipping_fee"]
        shipping = shipping_paid + shipping_actual
        commission = -(revenue * COMMISSION_RATE).quantize(decimal("0.01"))
        transaction_fee = -((revenue + shipping_paid) * TRANSACTION_FEE_RATE).quantize(
            decimal("0.01")
        )
        fee_tax = commission + transaction_fee
        return {
            "id": self.ids.next("transaction"),
            "type": "ORDER",
            "order_id": order["id"],
            "order_create_time": order["create_time"],
            "settlement_amount": revenue + shipping + fee_tax,
            "revenue_amount": revenue,
            "revenue_breakdown": {
                "subtotal_before_discount_amount": original,
                "refund_subtotal_before_discount_amount": -refund,
                "seller_discount_amount": -seller_discount,
                "seller_discount_refund_amount": refund_discount,
            },
            "shipping_cost_amount": shipping,
            "shipping_cost_breakdown": {
                "actual_shipping_fee_amount": shipping_actual,
                "customer_paid_shipping_fee_amount": shipping_paid,
            },
            "fee_tax_amount": fee_tax,
            "fee_tax_breakdown": {
                "fee": {
                    "platform_commission_amount": commission,
                    "transaction_fee_amount": transaction_fee,
                },
                "tax": {"sst_amount": decimal(0)},
            },
        }

    def _adjustment_transaction(self, adjustment, statement_time):
        kind = adjustment.get("type", "OTHER_ADJUSTMENT")
        if kind not in ADJUSTMENT_TYPES:
            raise ValueError(f"type must be one of {', '.join(ADJUSTMENT_TYPES)}")
        value = decimal(str(adjustment["amount"]))
        transaction = {
            "id": self.ids.next("transaction"),
            "type": kind,
            "adjustment_id": self.ids.next("transaction"),
            "order_create_time": statement_time,
            "adjustment_amount": value,
            "settlement_amount": value,
        }
        if adjustment.get("order_id"):
            transaction["adjustment_order_id"] = str(adjustment["order_id"])
        return transaction

    def create_statement(
        self,
        order_ids=None,
        statement_time=None,
        payment_status="PAID",
        adjustments=(),
        payout_offset=0,
    ):
        """Settle delivered or completed orders not settled yet (or the given
        ``order_ids``) into a statement dated ``statement_time`` (by default
        today 00:00 UTC), with TikTok's ``adjustments`` (``[{type, amount,
        order_id}]``, signed for the seller). ``payout_offset`` is a fault:
        the statement's settlement amount differs from its transactions by
        that much. Returns the statement id, or None when nothing is to
        settle."""
        if payment_status not in PAYMENT_STATUSES:
            raise ValueError(
                f"payment_status must be one of {', '.join(PAYMENT_STATUSES)}"
            )
        if order_ids is None:
            order_ids = [
                order_id
                for order_id, order in self.orders.items()
                if order["status"] in ("DELIVERED", "COMPLETED")
                and order_id not in self.settled_orders
            ]
        orders = [self.orders[str(order_id)] for order_id in order_ids]
        if not orders and not adjustments:
            return None
        statement_time = int(statement_time or self.now() // DAY * DAY)
        statement_id = self.ids.next("statement")
        transactions = [self._order_transaction(order) for order in orders]
        transactions += [
            self._adjustment_transaction(adjustment, statement_time)
            for adjustment in adjustments
        ]
        self.statements[statement_id] = {
            "id": statement_id,
            "statement_time": statement_time,
            "payment_status": payment_status,
            "payment_id": self.ids.next("payment")
            if payment_status == "PAID"
            else None,
            "transactions": transactions,
            "payout_offset": decimal(str(payout_offset)),
        }
        self.settled_orders.update(order["id"] for order in orders)
        return statement_id

    def _totals(self, statement):
        transactions = statement["transactions"]

        def total(field):
            return sum((tx.get(field, decimal(0)) for tx in transactions), decimal(0))

        return {
            "revenue": total("revenue_amount"),
            "shipping": total("shipping_cost_amount"),
            "fee_tax": total("fee_tax_amount"),
            "adjustment": total("adjustment_amount"),
            "settlement": total("settlement_amount"),
        }

    def statement_dict(self, statement):
        totals = self._totals(statement)
        data = {
            "id": statement["id"],
            "statement_time": statement["statement_time"],
            "settlement_amount": money(
                totals["settlement"] + statement.get("payout_offset", decimal(0))
            ),
            "currency": self.currency,
            "revenue_amount": money(totals["revenue"]),
            "fee_amount": money(totals["fee_tax"]),
            "adjustment_amount": money(totals["adjustment"]),
            "payment_status": statement["payment_status"],
            "net_sales_amount": money(totals["revenue"]),
            "shipping_cost_amount": money(totals["shipping"]),
        }
        if statement["payment_id"]:
            data["payment_id"] = statement["payment_id"]
        return data

    def api_statements(self, call):
        call.query_choice(
            "sort_field", ("statement_time",), required=True, code=call.param_code
        )
        descending = call.query_choice("sort_order", ("ASC", "DESC"), "DESC") == "DESC"
        size = call.page_size(20, 100)
        offset = call.offset()
        low = call.query_int("statement_time_ge", 0, 0)
        high = call.query_int("statement_time_lt", self.now() + 1, 0)
        status = call.query_choice("payment_status", PAYMENT_STATUSES)
        found = [
            statement
            for statement in self.statements.values()
            if low <= statement["statement_time"] < high
            and (status is None or statement["payment_status"] == status)
        ]
        found.sort(key=lambda s: (s["statement_time"], s["id"]), reverse=descending)
        chunk, token = page(found, offset, size)
        return {
            "next_page_token": token,
            "statements": [self.statement_dict(s) for s in chunk],
        }

    @staticmethod
    def _amounts(value):
        """Decimals of a transaction as TikTok's amount strings, nested."""
        if isinstance(value, dict):
            return {key: FinanceMixin._amounts(item) for key, item in value.items()}
        if isinstance(value, type(decimal(0))):
            return money(value)
        return value

    def api_statement_transactions(self, call):
        call.query_choice(
            "sort_field", ("order_create_time",), required=True, code=call.param_code
        )
        descending = call.query_choice("sort_order", ("ASC", "DESC"), "ASC") == "DESC"
        size = call.page_size(20, 100)
        offset = call.offset()
        statement = self.statements.get(call.path_params["statement_id"])
        if statement is None:
            raise TikTokError(call.param_code, "Invalid statement_id.")
        transactions = sorted(
            statement["transactions"],
            key=lambda tx: (tx["order_create_time"], tx["id"]),
            reverse=descending,
        )
        chunk, token = page(transactions, offset, size)
        totals = self._totals(statement)
        return {
            "next_page_token": token,
            "id": statement["id"],
            "create_time": statement["statement_time"],
            "status": "SETTLED",
            "currency": self.currency,
            "total_settlement_amount": money(totals["settlement"]),
            "total_settlement_breakdown": {
                "total_revenue_amount": money(totals["revenue"]),
                "total_shipping_cost_amount": money(totals["shipping"]),
                "total_fee_tax_amount": money(totals["fee_tax"]),
                "total_adjustment_amount": money(totals["adjustment"]),
            },
            "total_count": len(transactions),
            "transactions": [self._amounts(tx) for tx in chunk],
        }
