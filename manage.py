#!/usr/bin/env python
"""Same as the ``fazhi`` console script, for people used to ``./manage.py``."""

from fazhi.__main__ import main

if __name__ == "__main__":
    main()
