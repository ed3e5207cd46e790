"""Base class of domain errors: their message is meant for the user, shown without a traceback."""


class UserError(Exception):
    """An error the user can act on; the message names the file or setting and what is wrong."""


class NotReady(UserError):
    """What a read needs is missing or stale (no clause store, no index, or one built from other inputs).

    Reads never build: the edge that catches this decides (refresh with a progress bar, or say which command)."""

    def __init__(self, message: str, state: str = "missing"):
        super().__init__(message)
        self.state = state  # "missing" | "stale"


class NotFound(UserError):
    """An unknown clause id, document id or reference."""


class BadInput(UserError):
    """A request the service cannot act on (empty query, unknown filter value, refused upload)."""
