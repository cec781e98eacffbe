"""Return and refund flows of the shop, as buyers, carriers, TikTok and the
seller move them: the seller's Approve / Reject Return and Get Reject
Reasons APIs, the steps the others take (control endpoints) and the failed
delivery of a shipped parcel.

A return (``RETURN_AND_REFUND``) goes PENDING → AWAITING_BUYER_SHIP (the
seller or TikTok approves) → BUYER_SHIPPED_ITEM (the buyer ships; the
parcel arrives, the seller is asked to respond to the received package) →
RETURN_OR_REFUND_REQUEST_SUCCESS (the seller approves the received package)
→ RETURN_OR_REFUND_REQUEST_COMPLETE (TikTok refunds). A refund request
(``REFUND``) goes from PENDING straight to SUCCESS on approval.
"""

from .common import TikTokError
from .orders import CANCELLED, IN_TRANSIT, RETURN_PENDING
from .orders import REJECT_REASONS as CANCEL_REJECT_REASONS

AWAITING_SHIP, SHIPPED = "AWAITING_BUYER_SHIP", "BUYER_SHIPPED_ITEM"
SUCCESS = "RETURN_OR_REFUND_REQUEST_SUCCESS"
COMPLETE = "RETURN_OR_REFUND_REQUEST_COMPLETE"
REJECTED = "REFUND_OR_RETURN_REQUEST_REJECT"
PACKAGE_REJECTED = "REJECT_RECEIVE_PACKAGE"
CANCELLED_RETURN = "RETURN_OR_REFUND_REQUEST_CANCEL"
# decision -> (return types it answers, statuses it applies in)
APPROVALS = {
    "APPROVE_RETURN": (("RETURN_AND_REFUND",), (RETURN_PENDING,)),
    "APPROVE_REFUND": (("REFUND",), (RETURN_PENDING,)),
    "APPROVE_RECEIVED_PACKAGE": (("RETURN_AND_REFUND",), (SHIPPED,)),
}
REJECTIONS = {
    "REJECT_RETURN": (("RETURN_AND_REFUND",), (RETURN_PENDING,)),
    "REJECT_REFUND": (("REFUND",), (RETURN_PENDING,)),
    "REJECT_RECEIVED_PACKAGE": (("RETURN_AND_REFUND",), (SHIPPED,)),
}
# Get Reject Reasons: name -> text, by the stage of the return
RETURN_REJECT_REASONS = {
    "seller_reject_apply_you_have_reached_an_agreement_with_the_buyer": (
        "You have reached an agreement with the buyer"
    ),
    "seller_reject_apply_product_is_not_damaged": "The product is not damaged",
    "seller_reject_apply_package_has_not_exceeded_estimated_delivery_time": (
        "The package has not exceeded the estimated delivery time"
    ),
}
PACKAGE_REJECT_REASONS = {
    "seller_reject_receive_returned_item_is_not_the_original": (
        "The returned item is not the original item"
    ),
    "seller_reject_receive_returned_item_is_damaged_by_buyer": (
        "The returned item was damaged by the buyer"
    ),
}
# The system's cancellation of a parcel the carrier could not deliver
# (return-and-refund/cancel-reasons.json)
FAILED_DELIVERY_REASONS = {
    "returned_to_shipper_other": "Package delivery failed",
    "returned_to_shipper_refused": "Package rejected",
}
RESPOND_WINDOW = 2 * 86400
SHIP_WINDOW = 7 * 86400


class ReturnsMixin:
    """Return flows of :class:`TikTokShop` (its orders live in OrdersMixin)."""

    # The steps others take ----------------------------------------------------------

    def advance_return(self, return_id, step):
        """Move a return on as TikTok (``approve`` after the seller's
        window, ``refund``), the buyer (``ship``, ``cancel``) or the carrier
        (``arrive``: the parcel is at the seller's)."""
        record = self.returns.get(str(return_id))
        if record is None:
            raise KeyError(f"no return {return_id}")
        status, kind = record["return_status"], record["return_type"]
        if step == "approve" and status == RETURN_PENDING:
            self._approve(record, "APPROVE_REFUND" if kind == "REFUND" else None)
        elif step == "ship" and status == AWAITING_SHIP:
            record["return_tracking_number"] = f"SBXRT{self.ids.next('tracking')}"
            record["ship_deadline"] = None
            self._move_return(record, SHIPPED)
        elif step == "arrive" and status == SHIPPED and not record.get("arrived"):
            record["arrived"] = True
            self._move_return(record, SHIPPED)
        elif step == "refund" and status in (SHIPPED, SUCCESS):
            # TikTok approves a received package the seller left unanswered
            self._move_return(record, COMPLETE)
        elif step == "cancel" and status in (RETURN_PENDING, AWAITING_SHIP):
            self._move_return(record, CANCELLED_RETURN)
        else:
            raise ValueError(f"a return in {status} cannot {step}")
        return record["return_status"]

    def fail_delivery(self, order_id, reason="returned_to_shipper_other"):
        """The carrier could not deliver the shipped parcel: TikTok's system
        cancels the order and the parcel goes back to the seller (its stock
        comes back with it, not on TikTok)."""
        if reason not in FAILED_DELIVERY_REASONS:
            raise ValueError(
                f"reason must be one of {', '.join(FAILED_DELIVERY_REASONS)}"
            )
        order = self._order_or_error(order_id)
        if order["status"] != IN_TRANSIT:
            raise ValueError(
                f"only a parcel in transit fails delivery, not {order['status']}"
            )
        text = FAILED_DELIVERY_REASONS[reason]
        for line in order["lines"]:
            if line["status"] != CANCELLED:
                line.update(status=CANCELLED, cancel_user="SYSTEM", cancel_reason=text)
        order.update(
            status=CANCELLED,
            cancel_reason=text,
            cancellation_initiator="SYSTEM",
            cancel_time=self.now(),
        )
        self._touch(order)
        self.notify_order(order)
        return order["status"]

    def _approve(self, record, decision):
        if record["return_type"] == "REFUND" or decision == "APPROVE_RECEIVED_PACKAGE":
            self._move_return(record, SUCCESS)
        else:
            record["ship_deadline"] = self.now() + SHIP_WINDOW
            self._move_return(record, AWAITING_SHIP)

    def _move_return(self, record, status):
        record["return_status"] = status
        record["update_time"] = max(self.now(), record["update_time"])
        self._notify_return(record)

    def return_next_action(self, record):
        """``seller_next_action_response`` of a return: what the seller
        must answer now, and by when."""
        status, kind = record["return_status"], record["return_type"]
        if status == RETURN_PENDING:
            action = (
                "SELLER_RESPOND_REFUND" if kind == "REFUND" else "SELLER_RESPOND_RETURN"
            )
            return [
                {"action": action, "deadline": record["create_time"] + RESPOND_WINDOW}
            ]
        if status == SHIPPED and record.get("arrived"):
            return [
                {
                    "action": "SELLER_RESPOND_RECEIVE_PACKAGE",
                    "deadline": record["update_time"] + RESPOND_WINDOW,
                }
            ]
        return []

    # Seller APIs ----------------------------------------------------------------------

    def _return_for_decision(self, call, decisions, status_code):
        record = self.returns.get(str(call.path_params["return_id"]))
        if record is None:
            raise TikTokError(25007006, "Order not found.")
        decision = call.body_value("decision", str, required=True, code=25001001)
        if decision not in decisions:
            raise call.refuse("decision is not one of this API's decisions.", 25001001)
        kinds, statuses = decisions[decision]
        if record["return_status"] == CANCELLED_RETURN:
            raise TikTokError(25020009, "reverse already cancelled")
        if record["return_type"] not in kinds:
            raise TikTokError(25020004, "decision not match reverse type")
        if record["return_status"] not in statuses:
            raise TikTokError(*status_code(decision, record))
        return record, decision

    def api_approve_return(self, call):
        def refused(decision, record):
            if decision == "APPROVE_RECEIVED_PACKAGE":
                return 25011013, "reverse status cannot approve receive"
            return 25011012, "reverse status cannot approve application"

        record, decision = self._return_for_decision(call, APPROVALS, refused)
        if call.body.get("buyer_keep_item") and decision == "APPROVE_RETURN":
            record["return_type"] = "REFUND"  # a returnless refund
        self._approve(record, decision)
        return {}

    def api_reject_return(self, call):
        def refused(decision, record):
            if decision == "REJECT_RECEIVED_PACKAGE":
                return 25020012, "status can't reject receive"
            return 25020010, "Aftersales has been approved and cannot be rejected."

        record, decision = self._return_for_decision(call, REJECTIONS, refused)
        reason = call.body_value("reject_reason", str, required=True, code=25001001)
        for image in call.body_list("images", dict, code=25001001):
            if not image.get("image_id"):
                raise call.refuse("images need an image_id.", 25001001)
        reasons = (
            PACKAGE_REJECT_REASONS
            if decision == "REJECT_RECEIVED_PACKAGE"
            else RETURN_REJECT_REASONS
        )
        if reason not in reasons:
            raise TikTokError(
                25001014,
                "Unknown return reason. Please ensure you are passing a valid "
                "return reason.",
            )
        record["reject_reason"] = reason
        status = PACKAGE_REJECTED if decision == "REJECT_RECEIVED_PACKAGE" else REJECTED
        self._move_return(record, status)
        return {}

    def api_reject_reasons(self, call):
        """Reject reasons of a return (its stage decides which) or of a
        buyer's cancellation."""
        record_id = call.query.get("return_or_cancel_id")
        if not record_id:
            raise call.refuse("return_or_cancel_id is required.", 36009004)
        record = self.returns.get(str(record_id))
        if record is None and str(record_id) not in self.cancellations:
            raise call.refuse("return_or_cancel_id is unknown.", 36009004)
        if record is None:
            reasons = {name: name.replace("_", " ") for name in CANCEL_REJECT_REASONS}
        elif record["return_status"] == SHIPPED:
            reasons = PACKAGE_REJECT_REASONS
        else:
            reasons = RETURN_REJECT_REASONS
        return {
            "reasons": [{"name": name, "text": text} for name, text in reasons.items()]
        }
