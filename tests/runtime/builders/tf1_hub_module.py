"""Write a tiny model in TF1 Hub format (``tfhub_module.pb``) to ``sys.argv[1]``.

Runs in the *legacy* environment (hub 0.15 still has the creation API), in TF1
compat mode, the way TF1 Hub modules were made.  The contract the witnesses
rely on, mirroring a real image feature-vector module:

* default signature: input ``images`` float32 ``[batch, H, W, 3]`` (any H, W),
  output ``default`` ``[batch, 4]``;
* one trainable variable (``dense/kernel``);
* graph variants for tags ``set()`` and ``{"train"}``; only the ``train`` graph
  adds a batch-norm-like moving-mean assign to ``UPDATE_OPS`` and an L2 loss to
  ``REGULARIZATION_LOSSES``, as real fine-tunable modules do.
"""

import sys

import tensorflow.compat.v1 as tf
import tensorflow_hub as hub

tf.disable_v2_behavior()


def module_fn(is_training: bool) -> None:
    images = tf.placeholder(tf.float32, shape=[None, None, None, 3], name="images")
    pooled = tf.reduce_mean(images, axis=[1, 2])
    with tf.variable_scope("dense"):
        kernel = tf.get_variable("kernel", [3, 4], initializer=tf.constant_initializer(0.5))
    moving_mean = tf.get_variable(
        "moving_mean", [3], initializer=tf.zeros_initializer(), trainable=False
    )
    if is_training:
        batch_mean = tf.reduce_mean(pooled, axis=0)
        update = tf.assign(moving_mean, 0.9 * moving_mean + 0.1 * batch_mean)
        tf.add_to_collection(tf.GraphKeys.UPDATE_OPS, update)
        tf.add_to_collection(
            tf.GraphKeys.REGULARIZATION_LOSSES, 0.01 * tf.reduce_sum(tf.square(kernel))
        )
    features = tf.matmul(pooled, kernel)
    hub.add_signature(inputs={"images": images}, outputs={"default": features})


def main(path: str) -> None:
    spec = hub.create_module_spec(
        module_fn,
        tags_and_args=[(set(), {"is_training": False}), ({"train"}, {"is_training": True})],
    )
    with tf.Graph().as_default():
        module = hub.Module(spec)
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            module.export(path, session)


if __name__ == "__main__":
    main(sys.argv[1])
