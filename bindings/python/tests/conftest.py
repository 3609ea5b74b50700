import os
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

VECTORS_DIR = pathlib.Path(os.environ.get("CARDSEAL_VECTORS", HERE.parents[2] / "test-vectors"))
