"""Write a tiny reusable TF2 SavedModel whose graph uses a TF Text op to ``sys.argv[1]``.

Why: text models on TF Hub (BERT preprocessors, Universal Sentence Encoder
multilingual...) contain ops that only ``tensorflow_text`` registers.  Loading
one without ``import tensorflow_text`` first fails with "Op type not
registered"; this model makes that failure (and the fix) reproducible offline.

Follows the Reusable SavedModel API that ``hub.load`` / ``hub.KerasLayer`` use:

* ``__call__(text)``: text string ``[batch]``, returns the case-folded
  (lower-cased, NFKC) strings ``[batch]`` via ``tensorflow_text.case_fold_utf8``
  (op ``CaseFoldUTF8``);
* ``variables`` and ``trainable_variables`` empty, ``regularization_losses`` empty;
* a ``serving_default`` signature (``text`` -> ``default``).

Built in the legacy environment (TF 2.15 + tensorflow-text 2.15).
"""

import sys

import tensorflow as tf
import tensorflow_text

TEXT = tf.TensorSpec([None], tf.string, name="text")


def main(path: str) -> None:
    @tf.function(input_signature=[TEXT])
    def call(text):
        return tensorflow_text.case_fold_utf8(text)

    @tf.function(input_signature=[TEXT])
    def serve(text):
        return {"default": call(text)}

    root = tf.train.Checkpoint()
    root.__call__ = call
    root.variables = []
    root.trainable_variables = []
    root.regularization_losses = []
    tf.saved_model.save(root, path, signatures={"serving_default": serve})


if __name__ == "__main__":
    main(sys.argv[1])
