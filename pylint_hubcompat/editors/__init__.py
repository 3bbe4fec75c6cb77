"""Editor integrations: the same findings and fixes, offered where the code is written."""
