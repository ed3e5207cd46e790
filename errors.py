"""Base class of domain errors: their message is meant for the user, shown without a traceback."""


class UserError(Exception):
    """An error the user can act on; the message names the file or setting and what is wrong."""
