// The local-government-debt domain (DOMAIN.md §4).
