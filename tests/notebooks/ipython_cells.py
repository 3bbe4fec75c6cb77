"""Code cells in the shapes real notebooks have, written for these tests.

The shapes are those of the public TensorFlow Hub tutorials (tensorflow/docs,
``site/en/hub/tutorials``: ``%%capture`` setup cells of ``!pip install`` lines,
``%%time`` cells, ``%time x = f()`` lines, ``!ls {var}``, ``#@param`` forms,
``%%bash`` cells) and of the notebooks whose ``syntax-error`` hid their findings
(``\\`` continued shell commands, cells indented as a whole, automagic ``ls ./data``).
The cells themselves are ours.
"""

from __future__ import annotations

CELLS: dict[str, str] = {
    # \ continuations of shell lines and magics
    "pip-continued": "!pip install tensorflow==2.15.1 \\\n  tensorflow-hub==0.15.0",
    "pip-magic-continued": '%pip install -q \\\n    "tensorflow-text==2.15.*" \\\n    tf-models-official',
    "cli-continued": "!saved_model_cli show --dir exported \\\n --tag_set serve --all\nprint('shown')",
    "continued-in-a-block": (
        "if not os.path.exists(data_dir):\n  !wget -q https://example.org/flowers.zip \\\n    -O flowers.zip\n"
        "  !unzip -q flowers.zip\nprint(data_dir)"
    ),
    "continued-at-the-end": "!ls \\",
    "continued-indented-cell": "  !pip install -q \\\n    tensorflow-hub\n  import tensorflow_hub as hub",
    # cells indented as a whole
    "indented": "  import tensorflow_hub as hub\n  layer = hub.KerasLayer(handle)\n  layer(x)",
    "indented-block": " for x in ds.take(3):\n   print(x.numpy(), end=' ')",
    "indented-decorated": " @tf.function\n def f(x):\n   return hub_layer(x)",
    "indented-tabs": "\tmodel = hub.load(handle)\n\tmodel.signatures",
    "indented-with-magic": "    !nvidia-smi\n    print(tf.config.list_physical_devices('GPU'))",
    "indented-uneven": "    x = 1\n  y = 2",
    # automagic: a single-line cell calling a magic or an alias without %
    "automagic-ls": "ls ./data/train/",
    "automagic-cd": "cd /content/models/research",
    "automagic-pwd": "pwd",
    "automagic-mkdir": "mkdir -p ./exported/1",
    "automagic-cat": "cat labels.txt",
    "automagic-rm": "rm -rf ./tmp",
    "automagic-pip": "pip install tensorflow-hub==0.15.0",
    "automagic-after-blank-lines": "\n\nls -la saved_model",
    "automagic-indented": "  ls",
    "automagic-trailing-newline": "ls ./data\n",
    "not-automagic-trailing-blank-line": "ls ./data\n\n",
    "not-automagic-compare": "ls == 1",
    "not-automagic-assign": "ls = ['a', 'b']",
    "not-automagic-tuple": "ls, rest = items[0], items[1:]",
    "not-automagic-attribute": "time.sleep(1)",
    "not-automagic-call-of-print": "print(ls)",
    "not-automagic-multiline": "x = 1\nprint(x)",
    # cell magics
    "capture-setup": (
        "%%capture\n#@title Setup Environment\n# Install the latest TensorFlow Text.\n"
        '!pip install -q "tensorflow-text==2.11.*"\n!pip install -q simpleneighbors[annoy]'
    ),
    "capture-named": "%%capture install_log\n!pip3 install seaborn",
    "time-cell": "%%time\n\n# Takes a few minutes\nmodel = hub.load(hub_url)\nfor i in range(3):\n  print(i)",
    "time-cell-automagic": "%%time\nls ./x",
    "timeit-cell": "%%timeit -n 3\nembed(['hello'])",
    "time-after-blank-line": "\n%%time\nresult = model(inputs)",
    "bash-cell": (
        "%%bash\nsudo apt-get install -y unzip\ncd models/research/\n"
        "protoc object_detection/protos/*.proto --python_out=."
    ),
    "writefile-cell": "%%writefile train.py\nimport tensorflow_hub as hub\nhub.Module('x')",
    "html-cell": "%%html\n<b>hello</b>",
    # line magics and shell lines among Python
    "time-line": (
        "classifier = hub.load(handle)\nwarmup = tf.random.uniform(shape)\n%time logits = classifier(warmup).numpy()"
    ),
    "magics-among-code": (
        "!rm -r {output_dir}\n!rm -r {temporary_dir}\n\nprint('Running pipeline...')\n%time run_pipeline(args)\n"
        "print('done')"
    ),
    "param-form": (
        '#@title { run: "auto" }\nquery = "global challenges" #@param {type:"string"}\n%time emb = embed([query])'
    ),
    "env-magic": "%env TF_USE_LEGACY_KERAS=1",
    "set-env-magic": "%set_env TF_USE_LEGACY_KERAS=1\nimport tensorflow as tf",
    "tensorflow-version-in-try": "try:\n  %tensorflow_version 2.x\nexcept Exception:\n  pass",
    "load-ext": "%load_ext tensorboard\n%matplotlib inline",
    "shell-variables": "!echo $HOME\n!ls {data_dir}/*.jpg | head -3",
    "capture-output": "!!ls",
    "loop-body": "for name in names:\n    !pip install {name}\nprint('done')",
    # assignments from magics
    "assigned": "files = !ls {data_dir}\nt = %timeit -o f()\nx = a % b",
    "assigned-continued": "out = !ls -la \\\n  saved_model\nprint(out)",
    "assigned-subscript": "results['ls'] = !ls\nresults[0]",
    # help
    "help-end": "tf.keras.Input?",
    "help-start": "??hub.load",
    "help-double": "hub.KerasLayer??",
    "help-assigned": "x = hub.load?",
    "help-indexed": "layers[0]?",
    "help-wildcard": "np.*load*?",
    "help-in-a-block": "if debug:\n    hub.KerasLayer?\nx = 1",
    "not-help-comment": "# Have we diverged with this new value?\nnot_diverged = tf.abs(zs) < 4",
    "not-help-string": "print('why?')",
    "not-help-spaced": "x = y ?",
    # IPython syntax where Python has it: strings, brackets, continuations
    "string-holds-magics": "text = '''\n!not a shell line\n%not a magic\n'''\nprint(text)",
    "bracket-holds-modulo": "value = call(\n    a\n    % b,\n)",
    "continued-python": "x = 1 + \\\n  2\n!echo {x}",
    "fstring-holds-bang": "print(f'{x!r}')\nprint(f'{y!s:>10}')",
    "not-equal": "if a != b:\n    print('differ')",
    "modulo-format": "print('%d items' % n)\nprint('%(epoch)s' % logs)",
    # get_ipython() written by the user
    "get-ipython": (
        "get_ipython().system('pip install tensorflow-hub==0.16.1')\n"
        "ip = get_ipython()\nip.run_line_magic('env', 'A=1')"
    ),
    # pasted prompts
    "doctest-prompts": ">>> import tensorflow_hub as hub\n>>> hub.__version__",
    "doctest-continued": ">>> for i in range(2):\n...     print(i)",
    "docstring-holds-prompts": 'def twice(x):\n    """Twice x.\n\n    >>> twice(1)\n    2\n    """\n    return 2 * x',
    "string-holds-prompts": 'usage = """\n>>> import tensorflow_hub as hub\n"""',
    "ipython-prompts": "In [1]: x = 1\n   ...: y = 2",
    # odd ones
    "blank-only": "\n  \n",
    "empty": "",
    "syntax-error": "def f(:\n    pass",
    "automagic-in-a-multiline-cell": "x = 1\nls ./data",
    "comment-only": "# nothing to run",
    "autocall-quote": ",print a b",
    "autocall-paren": "/print a b\n;print a b",
}


def lines_of(source: str) -> list[str]:
    """The lines of a cell as the reader holds them (a last newline ends the last line)."""
    lines = source.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines
