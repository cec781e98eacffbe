"""Push messages of the Lazada sandbox: queued on each change, signed like
Lazada signs them and delivered on flush (or kept during an outage)."""

import json

from .signing import push_signature


class PushMessages:
    """The push queue, ``self.pending_pushes``."""

    def _push(self, message_type, data):
        body = json.dumps(
            {
                "seller_id": self.seller_id,
                "message_type": message_type,
                "data": data,
                "timestamp": int(self.clock() * 1000),
                "site": f"lazada_{self.venture}",
            }
        ).encode()
        headers = {
            "Content-Type": "application/json",
            "Authorization": push_signature(self.app_key, self.app_secret, body),
        }
        self.pending_pushes.append((body, headers))

    def _queue_order_push(self, order, item):
        self._push(
            0,
            {
                "order_status": item["status"],
                "trade_order_id": str(order["order_id"]),
                "trade_order_line_id": str(item["order_item_id"]),
                "status_update_time": int(self.clock()),
            },
        )

    def flush_pushes(self, duplicates=0, shuffle=False, seed=None):
        """Deliver the queued pushes; ``duplicates``/``shuffle`` misbehave."""
        with self.lock:
            batch, self.pending_pushes = self.pending_pushes, []
        if self.faults.in_outage:
            # the marketplace keeps them and retries later
            with self.lock:
                self.pending_pushes = batch + self.pending_pushes
            return []
        return self.pushes.send_batch(
            batch, duplicates=duplicates, shuffle=shuffle, seed=seed
        )

    def pending_push_count(self):
        return len(self.pending_pushes)
