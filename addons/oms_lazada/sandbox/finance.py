"""The finance APIs of the Lazada sandbox: transactions and payouts."""

from datetime import datetime

from . import apis, catalog
from .catalog import VENTURE_CURRENCY
from .errors import LazadaError
from .params import RequestParams
from .params import money as _money


class FinanceApis(RequestParams):
    """Handlers of the finance APIs over ``self.transactions``."""

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
