"""Fixes: what a finding's rule can rewrite, as text edits that every consumer shares.

One edit model feeds ``hubcompat fix``, the ``[*]`` marks of ``check``, SARIF ``fixes``
and the editor's code actions, so a fix means the same wherever it is shown.
"""
