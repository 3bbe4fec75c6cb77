"""``TF_USE_LEGACY_KERAS``: the one switch between Keras 3 and Keras 2 in TensorFlow 2.16 and newer.

``tf.keras`` is Keras 3 unless the variable holds one of the values TensorFlow
takes as true (it compares the string) when ``tf.keras`` is first used.  A
project sets it in its configuration (:mod:`.detection.env_flags`), a module in
``os.environ`` (:mod:`pylint_hubcompat.facts.collect`), a notebook in a cell
(:mod:`pylint_hubcompat.notebooks.pins`): all go by these names.
"""

from __future__ import annotations

VARIABLE = "TF_USE_LEGACY_KERAS"
TRUE_VALUES = frozenset({"1", "true", "True"})
