"""from tensorflow_hub import * fails on 0.16.0-0.16.1 (__all__ names removed symbols)."""
from tensorflow_hub import *  # [hub-api-removed]
