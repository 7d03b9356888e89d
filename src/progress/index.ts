// The goals-and-progress domain (DOMAIN.md §9).
