"""``python -m subconv``."""

from .cli import main

raise SystemExit(main())
