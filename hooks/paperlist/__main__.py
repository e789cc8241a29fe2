import sys

from paperlist.cli import main

sys.exit(main())
