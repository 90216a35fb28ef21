"""smm-advisor: which social networks should this business use, and why?"""

__version__ = "0.1.0"
