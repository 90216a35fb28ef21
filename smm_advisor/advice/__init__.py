"""The advice: profiles, the rules, the scorer, portfolio, robustness and comparison. Pure: no I/O."""
