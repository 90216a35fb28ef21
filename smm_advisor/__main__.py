"""`python -m smm_advisor` runs the command line."""

from smm_advisor.cli.entry import run

if __name__ == "__main__":
    run()
