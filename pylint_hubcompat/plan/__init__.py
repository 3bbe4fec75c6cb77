"""``hubcompat plan``: what breaks at each TensorFlow release line, and the changes that upgrade.

:mod:`.lines` (the columns), :mod:`.survey` (one lint judged on every line),
:mod:`.moves` (the dependency changes), :mod:`.outline` (the plan as data) and
:mod:`.render` (text, Markdown, JSON); :mod:`pylint_hubcompat.cli.plan` is the command.
"""
