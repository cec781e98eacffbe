"""Lazada's refusals as the sandbox raises them."""


class LazadaError(Exception):
    """An error envelope: ``{"type", "code", "message", "request_id"}``."""

    def __init__(self, code, message, type_="ISV", detail=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.type = type_
        self.detail = detail


class ResultRefusal(Exception):
    """A fulfilment API's refusal: ``result.success`` false, code "0"."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message
