// An upload as a multipart form (a browser's <form enctype="multipart/form-data">, curl -F): one
// file in the field `file`, and optionally the fields dryRun and problems (which may also come in
// the query). @fastify/multipart (busboy) parses it in the route, after the caller is known, so an
// unauthenticated caller never has a file buffered.
// The whole request is always read to its end, also when it is refused, so the client gets the
// answer rather than a reset connection.
import type { FastifyRequest } from "fastify";
import type { SheetMessage } from "./routes.ts";

/** The form fields besides `file`. */
export const FORM_FIELDS = ["dryRun", "problems"] as const;
export type FormField = (typeof FORM_FIELDS)[number];

export type FormRefusal = { status: number; code: string; message: SheetMessage; values?: Record<string, string | number>; extensions?: Record<string, unknown> };
export type Form = { file: Buffer; fields: Partial<Record<FormField, string>> };

const badInput = (message: SheetMessage, field: string, values: Record<string, string | number> = {}): FormRefusal => ({ status: 400, code: "BAD_USER_INPUT", message, values, extensions: { field } });

/** The parser's own refusals (@fastify/multipart's error codes) in the catalogue's words. */
function refusalOf(error: Error & { code?: string }, maxBytes: number): FormRefusal {
  switch (error.code) {
    case "FST_REQ_FILE_TOO_LARGE":
      return { status: 413, code: "PAYLOAD_TOO_LARGE", message: "tooLarge", values: { max: maxBytes }, extensions: { field: "file" } };
    case "FST_FILES_LIMIT":
      return badInput("tooManyFiles", "file");
    case "FST_FIELDS_LIMIT":
    case "FST_PARTS_LIMIT":
    case "FST_PROTO_VIOLATION":
      return badInput("badMultipart", "file", { reason: error.message });
    default:
      // busboy's own (a missing boundary, a truncated body): the form is malformed.
      return badInput("badMultipart", "file", { reason: error.message });
  }
}

/**
 * The form's file and fields, or the first thing wrong with it. `maxBytes` bounds the file as
 * MAX_SHEET_BYTES bounds a raw body; the other fields are short words, bounded much tighter.
 */
export async function readForm(request: FastifyRequest, maxBytes: number): Promise<Form | FormRefusal> {
  let refusal: FormRefusal | null = null;
  let file: Buffer | null = null;
  const fields: Partial<Record<FormField, string>> = {};
  const refuse = (r: FormRefusal) => {
    refusal ??= r;
  };
  try {
    // files: 1 makes busboy skip a second file (and report it); fields and their sizes are small.
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 8, fieldSize: 256, parts: 10, fieldNameSize: 64 } })) {
      if (part.type === "file") {
        if (refusal || part.fieldname !== "file") {
          if (part.fieldname !== "file") refuse(badInput("wrongFileField", "file", { name: part.fieldname }));
          part.file.resume();
          continue;
        }
        try {
          file = await part.toBuffer();
        } catch (error) {
          refuse(refusalOf(error as Error, maxBytes));
        }
        continue;
      }
      const name = part.fieldname;
      const value = typeof part.value === "string" ? part.value : String(part.value);
      // `file` as text (curl -F file=loans.xlsx, without the @): no file was sent.
      if (name === "file") {
        refuse(badInput("noFilePart", "file"));
        continue;
      }
      if (!(FORM_FIELDS as readonly string[]).includes(name)) {
        refuse(badInput("unknownFormField", name, { name }));
        continue;
      }
      const known = name as FormField;
      if (fields[known] !== undefined && fields[known] !== value) refuse(badInput("fieldTwice", known, { name: known }));
      fields[known] = value;
    }
  } catch (error) {
    refuse(refusalOf(error as Error, maxBytes));
  }
  if (refusal) return refusal;
  if (!file) return badInput("noFilePart", "file");
  return { file, fields };
}

export const isRefusal = (form: Form | FormRefusal): form is FormRefusal => "status" in form;
