"""``import tensorflow_text``, kept only because importing it registers the ops the model needs."""

from __future__ import annotations

from astroid import nodes

from pylint_hubcompat.fixes.context import FixContext, Proposal

IMPORT = "import tensorflow_text  # registers the ops"
_AFTER = ("tensorflow_hub", "tensorflow")


def import_tensorflow_text(context: FixContext) -> Proposal | None:
    """The import, after the module's ``import tensorflow_hub`` (else its TensorFlow import), before the load.

    Placed among the imports the loading code already depends on, at module level: an
    import inside a function or a ``try`` would register the ops only on that path.
    """
    line = context.node.fromlineno
    imports = [
        statement
        for statement in context.module.body
        if isinstance(statement, (nodes.Import, nodes.ImportFrom)) and (statement.end_lineno or 0) < line
    ]
    for package in _AFTER:
        anchor = next((s for s in reversed(imports) if _imports(s, package)), None)
        if anchor is not None:
            end = anchor.end_lineno or anchor.lineno
            indent = context.source.indent(anchor.lineno)
            return Proposal((context.source.insert_after(end, [indent + IMPORT]),))
    return None


def _imports(statement: nodes.Import | nodes.ImportFrom, package: str) -> bool:
    names = [statement.modname] if isinstance(statement, nodes.ImportFrom) else [n for n, _ in statement.names]
    return any(name == package or name.startswith(package + ".") for name in names)
