// OpenAPI 3.0 schema objects → JSON Schema (draft-07) for ajv, shared by
// the lint and the conformance check.  `refBase` is where the converted
// components/schemas live in the caller's ajv schema, e.g. "#/definitions/".
const DROP = new Set(["example", "discriminator", "xml", "externalDocs", "deprecated", "readOnly", "writeOnly", "nullable"]);

export function toJsonSchema(s, refBase) {
  if (Array.isArray(s)) return s.map((x) => toJsonSchema(x, refBase));
  if (s === null || typeof s !== "object") return s;
  if (typeof s.$ref === "string") {
    return { $ref: refBase + s.$ref.replace(/^#\/components\/schemas\//, "") };
  }
  const out = {};
  for (const [k, v] of Object.entries(s)) {
    if (DROP.has(k) || k.startsWith("x-")) continue;
    if (k === "properties" || k === "patternProperties") {
      out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, toJsonSchema(pv, refBase)]));
    } else if (["items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"].includes(k)) {
      out[k] = toJsonSchema(v, refBase);
    } else {
      out[k] = v;
    }
  }
  // OpenAPI 3.0's nullable is a type union in JSON Schema. Read strictly, as
  // 3.0.3 says: it only adds "null" to a `type` of the same schema object
  // (beside `$ref` or `allOf` alone it does nothing), and an `enum` must list
  // null itself for null to pass it.
  if (s.nullable === true && typeof out.type === "string") {
    out.type = [out.type, "null"];
  }
  return out;
}
