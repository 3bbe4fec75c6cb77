"""The ``hubcompat`` command: ``check`` (:mod:`.check`) and the questions around a finding (:mod:`.commands`)."""

#: ``check`` forwards its options to pylint, so argparse must not see them.
CHECK = "check"
