// Reference data shared by every domain: agencies, counties, industries.
import "./agency.enum.ts";
import "./county.type.ts";
import "./industry.type.ts";
