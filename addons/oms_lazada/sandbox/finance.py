"""The finance of the Lazada sandbox: the transactions a delivered order
books, its weekly statements and the transaction and payout APIs."""

from datetime import datetime, timedelta

from . import apis, catalog
from .catalog import VENTURE_CURRENCY
from .common import LazadaError, RequestParams
from .common import money as _money


class FinanceApis(RequestParams):
    """Handlers of the finance APIs over ``self.transactions``."""

    def _book_transactions(self, order, items):
        """Finance rows of a delivered order; per order they sum to the payout."""
        date = self._stamp().strftime("%d %b %Y")
        statement = self._statement()
        rows = []

        def add(fee, amount, item=None):
            rows.append(
                {
                    "fee_type": str(fee[0]),
                    "fee_name": fee[1],
                    "transaction_type": fee[2],
                    "details": fee[1],
                    "amount": _money(amount),
                    "VAT_in_amount": "0.00",
                    "WHT_amount": "0.00",
                    "WHT_included_in_amount": "No",
                    "statement": statement,
                    "paid_status": "Not paid",
                    "order_no": str(order["order_id"]),
                    "orderItem_no": str(item["order_item_id"]) if item else "",
                    "orderItem_status": item["status"] if item else "",
                    "seller_sku": item["sku"] if item else "",
                    "lazada_sku": item["shop_sku"] if item else "",
                    "shipping_provider": item.get("shipment_provider", "")
                    if item
                    else "",
                    "shipping_speed": item.get("shipping_provider_type", "")
                    if item
                    else "",
                    "shipment_type": item.get("shipping_type", "") if item else "",
                    "reference": "",
                    "comment": "",
                    "payment_ref_id": "",
                    "transaction_date": date,
                    "transaction_number": str(self._next_id()),
                }
            )

        for item in items:
            price = float(item["item_price"])
            add(catalog.FEE_ITEM_PRICE, price, item)
            add(
                catalog.FEE_COMMISSION, -round(price * catalog.COMMISSION_RATE, 2), item
            )
            add(catalog.FEE_PAYMENT, -round(price * catalog.PAYMENT_FEE_RATE, 2), item)
            if float(item["voucher_seller"]):
                add(catalog.FEE_SELLER_VOUCHER, -float(item["voucher_seller"]), item)
        if float(order["shipping_fee"]):
            add(catalog.FEE_SHIPPING_BUYER, float(order["shipping_fee"]))
        add(catalog.FEE_SHIPPING_SELLER, -catalog.SELLER_SHIPPING_FEE)
        self.transactions.extend(rows)
        return rows

    def _statement(self):
        today = self._stamp()
        start = today - timedelta(days=today.weekday())
        end = start + timedelta(days=6)
        return f"{start:%d %b %Y} - {end:%d %b %Y}"

    def offset_payout(self, delta, statement=None):
        """Fault: the payout of ``statement`` (by default the current
        week's) differs from its transactions by ``delta``."""
        statement = statement or self._statement()
        with self.lock:
            self.payout_offsets[statement] = (
                self.payout_offsets.get(statement, 0.0) + delta
            )
        return statement

    def payout(self, order_id):
        return round(
            sum(
                float(r["amount"])
                for r in self.transactions
                if r["order_no"] == str(order_id)
            ),
            2,
        )

    @staticmethod
    def _day_param(params, name):
        try:
            return datetime.strptime(params[name], "%Y-%m-%d").date()
        except ValueError as err:
            raise LazadaError(
                "17", f'E017: "{params[name]}" Invalid Date Format (yyyy-MM-dd)'
            ) from err

    def _transaction_filters(self, params):
        trans_type = str(params.get("trans_type") or "-1").strip()
        known = trans_type.isdigit() and int(trans_type) in catalog.FEE_TYPES
        if trans_type != "-1" and not known:
            raise LazadaError("1000014", "Can not find that transactionType")
        return {
            "fee_type": None if trans_type == "-1" else str(int(trans_type)),
            "order_no": str(params.get("trade_order_id") or "") or None,
            "orderItem_no": str(params.get("trade_order_line_id") or "") or None,
        }

    def _transactions_get(self, params, request):
        start = self._day_param(params, "start_time")
        end = self._day_param(params, "end_time")
        if (end - start).days >= apis.FINANCE_MAX_DAYS:
            raise LazadaError(
                "1000012", "endTime - startTime must should be less than 180 days"
            )
        filters = self._transaction_filters(params)
        error = ("InvalidParameter", "Invalid parameter: %s")
        offset = self._int_param(params, "offset", 0, error)
        # larger pages are cut to the maximum
        limit = min(
            self._int_param(params, "limit", apis.FINANCE_MAX_LIMIT, error, minimum=1),
            apis.FINANCE_MAX_LIMIT,
        )
        selected = [
            r
            for r in self.transactions
            if start
            <= datetime.strptime(r["transaction_date"], "%d %b %Y").date()
            <= end
            and all(value in (None, r[key]) for key, value in filters.items())
        ]
        return {"data": selected[offset : offset + limit]}

    def _statement_summary(self, statement, rows):
        def total(fee_types=None, exclude=()):
            return sum(
                float(r["amount"])
                for r in rows
                if (fee_types is None or int(r["fee_type"]) in fee_types)
                and int(r["fee_type"]) not in exclude
            )

        start = datetime.strptime(statement.split(" - ")[0], "%d %b %Y")
        item_revenue = total(catalog.PAYOUT_ITEM_REVENUE)
        other_revenue = total(catalog.PAYOUT_OTHER_REVENUE)
        refunds = -total(catalog.PAYOUT_REFUNDS)
        fees_on_refunds = total(catalog.PAYOUT_FEES_ON_REFUNDS)
        counted = (
            catalog.PAYOUT_ITEM_REVENUE
            | catalog.PAYOUT_OTHER_REVENUE
            | catalog.PAYOUT_REFUNDS
            | catalog.PAYOUT_FEES_ON_REFUNDS
        )
        fees = -total(exclude=counted)
        subtotal1 = item_revenue + other_revenue - fees
        subtotal2 = subtotal1 - refunds + fees_on_refunds
        paid_out = subtotal2 + self.payout_offsets.get(statement, 0.0)
        last = max(datetime.strptime(r["transaction_date"], "%d %b %Y") for r in rows)
        currency = VENTURE_CURRENCY.get(self.venture, "SGD")
        return {
            "statement_number": f"{self.venture.upper()}{self.seller_id}-"
            f"{start:%Y%m%d}",
            "created_at": f"{start:%Y-%m-%d} 00:00:00",
            "updated_at": f"{last:%Y-%m-%d} 23:59:59",
            "opening_balance": "0.00",
            "item_revenue": _money(item_revenue),
            "shipment_fee": _money(-total(catalog.PAYOUT_SHIPMENT_FEE)),
            "shipment_fee_credit": _money(other_revenue),
            "other_revenue_total": _money(other_revenue),
            "fees_total": _money(fees),
            "subtotal1": _money(subtotal1),
            "refunds": _money(refunds),
            "fees_on_refunds_total": _money(fees_on_refunds),
            "subtotal2": _money(subtotal2),
            "guarantee_deposit": "0.00",
            "closing_balance": _money(subtotal2),
            "payout": f"{paid_out:.2f} {currency}",
            "paid": "0",
        }

    def _payout_status(self, params, request):
        since = self._day_param(params, "created_after")
        by_statement = {}
        for row in self.transactions:
            by_statement.setdefault(row["statement"], []).append(row)
        statements = [
            self._statement_summary(statement, rows)
            for statement, rows in by_statement.items()
        ]
        return {"data": [s for s in statements if s["created_at"][:10] >= f"{since}"]}
