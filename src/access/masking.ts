// Masks keep a value's shape and hide who it identifies. Applied in the resolver layer from the
// policy (a MASK cell), never left to clients.

/** 441702198001011234 → 4417**********1234: region and check digits stay, birth date and sequence go. */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return "*".repeat(id.length);
  return id.slice(0, 4) + "*".repeat(id.length - 8) + id.slice(-4);
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return "*".repeat(phone.length);
  return phone.slice(0, 3) + "*".repeat(phone.length - 7) + phone.slice(-4);
}

/** 陈小明 → 陈** */
export function maskName(name: string): string {
  const chars = [...name];
  return chars[0] + "*".repeat(Math.max(1, chars.length - 1));
}

/** Any other string: first and last character kept. */
export function maskText(text: string): string {
  const chars = [...text];
  if (chars.length <= 2) return "*".repeat(chars.length);
  return chars[0] + "*".repeat(chars.length - 2) + chars.at(-1);
}

/** The mask for a field, chosen by its name. */
export function maskFor(fieldName: string): (value: string) => string {
  if (/idNumber/i.test(fieldName)) return maskIdNumber;
  if (/phone/i.test(fieldName)) return maskPhone;
  if (/name/i.test(fieldName)) return maskName;
  return maskText;
}

/** Masks a resolved value (strings, and lists of strings); other values cannot be masked and are withheld. */
export function maskValue(fieldName: string, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  const mask = maskFor(fieldName);
  if (typeof value === "string") return mask(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? mask(v) : null));
  return null;
}
