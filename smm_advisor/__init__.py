"""smm-advisor: which social networks should this business use, and why?"""

__version__ = "0.1.0"


def version_text() -> str:
    """What `smm-advisor --version` prints."""
    return f"smm-advisor {__version__}\n"
