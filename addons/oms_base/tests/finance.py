"""Test helpers for settlements and the daily finance sync, shared by the
tests of oms_base, of every connector and of the modules on top.

- ``statement(...)`` builds the ``normalized.Settlement`` a connector's
  ``_oms_map_settlements`` would return, for tests without a marketplace;
- ``FinanceSyncMixin`` runs a connector's finance sync against its sandbox
  (the test class gives ``cls.shop``) and reads what it made.
"""

from odoo.addons.oms_base import normalized

from .common import setup_shop_accounting


def statement(reference, lines, payout=None, **values):
    """A ``normalized.Settlement`` named ``reference``.

    ``lines``: ``(order ref, kind, amount)`` tuples, optionally with a dict
    of more ``normalized.SettlementLine`` values as a fourth item (``date``,
    ``label``, ``fee_base``, ``transaction_ref``: ``<reference>-<n>`` unless
    given). ``payout``: the platform's payout, the sum of the lines unless
    given. ``values``: the other fields of the settlement (``currency``,
    dates, ``closed``, ``payout_reference``).
    """
    settlement_lines = []
    for index, (order_ref, kind, amount, *more) in enumerate(lines):
        line = {"transaction_ref": f"{reference}-{index}", "label": kind}
        line.update(*more)
        settlement_lines.append(
            normalized.SettlementLine(
                kind=kind, amount=amount, external_order_ref=order_ref, **line
            )
        )
    settlement = normalized.Settlement(
        reference=reference, lines=settlement_lines, **values
    )
    settlement.payout_amount = settlement.lines_total if payout is None else payout
    return settlement


class FinanceSyncMixin:
    """The daily finance sync of ``cls.shop``, a connected shop on its
    platform's sandbox."""

    @classmethod
    def setup_finance_sync(cls, auto_post=True):
        """Let the shop sync its finance daily, its accounting set up so that
        its settlements really post (and post themselves if ``auto_post``)."""
        cls.shop.write({"finance_sync_enabled": True, "finance_auto_post": auto_post})
        setup_shop_accounting(cls.shop)

    def sync_finance(self, date_from=None, date_to=None):
        """Run the finance sync job of the shop, on the window the daily sync
        would take unless told."""
        if date_from is None:
            date_from, date_to = self.shop._oms_finance_window()
        return self.shop._oms_sync_finance(str(date_from), str(date_to))

    def shop_settlements(self):
        return self.env["oms.settlement"].search([("channel_id", "=", self.shop.id)])

    def shop_events(self, kind):
        """The shop's stored events of ``kind`` (``finance``, ``return``)."""
        return self.env["oms.event"].search(
            [("channel_id", "=", self.shop.id), ("kind", "=", kind)]
        )
