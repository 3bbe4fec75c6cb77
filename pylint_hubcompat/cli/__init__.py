"""The ``hubcompat`` command: ``check`` (:mod:`.check`) and the questions around a finding (:mod:`.commands`)."""

#: ``check``, ``fix`` and ``plan`` forward their options to pylint, so argparse must not see them.
CHECK = "check"
FIX = "fix"
PLAN = "plan"
