// The trading-venues domain (DOMAIN.md §6).
