"""The seed's run line keeps working from the repository root:

    uvicorn LIGHTVIBES.api.server:app --host 127.0.0.1 --port 8000

It builds the same app as ``lightvibes serve`` (settings from LIGHTVIBES_* and .env). A bad
setting stops start-up with one line naming it.
"""

import sys

from lightvibes.api import create_app
from lightvibes.errors import LightvibesError

try:
    app = create_app()
except LightvibesError as error:
    print(f"lightvibes: {error.detail}", file=sys.stderr)
    raise SystemExit(2) from None
