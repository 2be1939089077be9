"""``python -m benchmarks.load``: see the package docstring."""

import sys

from benchmarks.load.run import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
