/**
 * The fields of a form a page receives by POST. A body that is not a form (another
 * Content-Type, a multipart without its boundary, bytes that do not parse) gives no fields, so
 * the page answers with its own "this link / this sign-in did not work" outcome instead of a
 * 500 from `formData()`.
 */
export async function readFormFields(request: Request): Promise<URLSearchParams> {
  const fields = new URLSearchParams();
  try {
    for (const [name, value] of await request.formData())
      if (typeof value === 'string') fields.append(name, value);
  } catch {
    // Not a form: no fields.
  }
  return fields;
}
