// The credit-information domain (DOMAIN.md §7).
