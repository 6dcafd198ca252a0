"""``python -m qualcheck`` runs the command line."""

from qualcheck.cli import console

if __name__ == "__main__":
    console()
