// The illegal-fundraising domain (DOMAIN.md §8).
