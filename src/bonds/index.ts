// The bonds domain (DOMAIN.md §3).
import "./bond.type.ts";
