"""Inside functions of a module with no graph code, TF2 runs eagerly."""
# pylint: disable=import-outside-toplevel


def build(handle):
    """Eager execution does not care about the format: any hub.Module fails."""
    import tensorflow_hub as tfhub

    return tfhub.Module(handle)  # [hub-module-eager]


class Encoder:
    """Imports inside methods are resolved too."""

    def __init__(self, handle):
        from tensorflow_hub import Module

        self.module = Module(handle, trainable=False)  # [hub-module-eager]


def not_hub(handle):
    """A local name that merely looks like the hub API."""
    hub = {"Module": print}
    return hub["Module"](handle)


def plain_import(handle):
    """`import tensorflow_hub` without an alias."""
    import tensorflow_hub

    return tensorflow_hub.Module(handle)  # [hub-module-eager]


def shadowed(handle):
    """`hub` rebound to something else in this scope is not tensorflow_hub."""
    import tensorflow_hub as hub

    hub = None
    return hub.Module(handle)
