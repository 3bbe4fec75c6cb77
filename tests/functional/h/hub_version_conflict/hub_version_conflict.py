"""tensorflow_hub 0.15 cannot even be imported on TensorFlow 2.16+: reported once, at the first import."""
import tensorflow as tf
import tensorflow_hub as hub  # [hub-version-conflict]


def lazy():
    """A second import in the same module is not reported again."""
    import tensorflow_hub  # pylint: disable=import-outside-toplevel

    return tensorflow_hub, hub, tf
