// The financial-institutions domain (DOMAIN.md §5).
import "./institution.type.ts";
