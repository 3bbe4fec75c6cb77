"""Write a tiny reusable TF2 SavedModel to ``sys.argv[1]``.

Follows the Reusable SavedModel API that ``hub.load`` / ``hub.KerasLayer`` use:

* ``__call__(images, training=False)``: images float32 ``[batch, H, W, 3]``,
  returns ``[batch, 4]``; traced for ``training`` True and False;
* ``variables``, ``trainable_variables`` (one kernel) and
  ``regularization_losses`` (a list of argument-less tf.functions);
* ``training=True`` updates a non-trainable moving mean, like batch norm;
* a ``serving_default`` signature (``images`` -> ``default``), so the
  "signature + trainable" misuse can be shown too.

Built in the legacy environment (TF 2.15): an older producer loads in both
TF 2.15 and TF 2.21.
"""

import sys

import tensorflow as tf

IMAGES = tf.TensorSpec([None, None, None, 3], tf.float32, name="images")


def main(path: str) -> None:
    kernel = tf.Variable(tf.fill([3, 4], 0.5), name="dense/kernel")
    moving_mean = tf.Variable(tf.zeros([3]), trainable=False, name="moving_mean")

    @tf.function
    def call(images, training=False):
        pooled = tf.reduce_mean(images, axis=[1, 2])
        if training:
            moving_mean.assign(0.9 * moving_mean + 0.1 * tf.reduce_mean(pooled, axis=0))
        return tf.matmul(pooled, kernel)

    call.get_concrete_function(IMAGES, training=False)
    call.get_concrete_function(IMAGES, training=True)

    @tf.function(input_signature=[IMAGES])
    def serve(images):
        return {"default": call(images, training=False)}

    @tf.function(input_signature=[])
    def l2_loss():
        return 0.01 * tf.reduce_sum(tf.square(kernel))

    root = tf.train.Checkpoint()
    root.__call__ = call
    root.variables = [kernel, moving_mean]
    root.trainable_variables = [kernel]
    root.regularization_losses = [l2_loss]
    tf.saved_model.save(root, path, signatures={"serving_default": serve})


if __name__ == "__main__":
    main(sys.argv[1])
