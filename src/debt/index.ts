// The enterprise-debt domain (DOMAIN.md §2).
import "./loan.type.ts";
