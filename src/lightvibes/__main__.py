from lightvibes.cli import main

raise SystemExit(main())
