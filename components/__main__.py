"""``python -m components``: the same command line as ``storymap`` (components/cli.py)."""

from components.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
